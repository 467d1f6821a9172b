// One method per operation, named after its operationId and grouped by tag, built from the
// generated operation table: a new operation in the spec appears here with no edit.
//   client.apitokens.revokeToken({ id })                            -> data, or throws an APIError
//   client.chatroom.createChatroomToken.withResponse({ id, body })  -> { data, response }
//
// Nothing is built per operation when a client is created: the tags are getters on one prototype
// shared by every client, and the first use of a tag on a client builds that tag's operations for
// it, kept as an own property so later calls cost a plain property read.
import type { RequiredKeysOf } from "openapi-typescript-helpers";
import { operationsByTag, pagedOperations, type PagingEntry } from "./generated/operations.js";
import type { NamedOperations } from "./generated/named-operations.js";
import { allItems } from "./pages.js";
import type { CallOptions, PageOptions } from "./types.js";

export type { NamedOperations };
type Empty = Record<never, never>;

// Pieces of an operation's parameters; openapi-typescript's `?: never` ("none") becomes empty.
type Part<Op, K extends string> = Op extends { parameters: { [Key in K]?: infer X } }
  ? [NonNullable<X>] extends [never]
    ? Empty
    : NonNullable<X>
  : Empty;
type Body<Op> = Op extends { requestBody: { content: { "application/json": infer B } } }
  ? { body: B }
  : Op extends { requestBody?: { content: { "application/json": infer B } } }
    ? { body?: B }
    : Empty;

/** Arguments of a named operation: path and query parameters as flat keys, plus `body`. */
export type OperationArgs<Op> = Part<Op, "path"> & Part<Op, "query"> & Body<Op>;
/** What a named operation resolves to: the body of its 200 response. */
export type OperationData<Op> = Op extends { responses: { 200: { content: { "application/json": infer D } } } } ? D : undefined;

type Args<Op> = RequiredKeysOf<OperationArgs<Op>> extends never
  ? [args?: OperationArgs<Op>, options?: CallOptions]
  : [args: OperationArgs<Op>, options?: CallOptions];

/** A named operation: resolves to the data of its 200 response, or rejects with a TokenkitError. */
export interface NamedOperation<Op> {
  (...args: Args<Op>): Promise<OperationData<Op>>;
  /** Same call, resolving to the parsed data together with the raw Response. */
  withResponse(...args: Args<Op>): Promise<{ data: OperationData<Op>; response: Response }>;
}

type AllArgs<Op, Managed extends string> = RequiredKeysOf<Omit<OperationArgs<Op>, Managed>> extends never
  ? [args?: Omit<OperationArgs<Op>, Managed>, options?: PageOptions]
  : [args: Omit<OperationArgs<Op>, Managed>, options?: PageOptions];

/** One item of a paged operation's list: an element of the `Items` array of its 200 response. */
export type PageItem<Op, Items extends string> = OperationData<Op> extends { [K in Items]?: readonly (infer Item)[] | undefined } ? Item : never;

/**
 * A named operation whose spec pages its list (the style recognised by `@tokenkit/spec-model`):
 * `.all` iterates over the items of every page. `Items` is the response's array, `Managed` the
 * query parameters `.all` sets itself (the page and its size).
 */
export interface PagedOperation<Op, Items extends string, Managed extends string> extends NamedOperation<Op> {
  /**
   * Every item, page after page: each page is fetched when the previous one has been read, and
   * none after the last (by the response's total or next page token, or an empty page) or after
   * `limit` items. Each page is a call of this operation, with `options` (signal, retries, …).
   */
  all(...args: AllArgs<Op, Managed>): AsyncGenerator<PageItem<Op, Items>, void, undefined>;
}

/**
 * The client's entry for named operations: sends the operation at `method` and `path` (a template
 * of the spec) with its flat arguments, resolving to `{ data, response }` or rejecting with the
 * typed error.
 */
export type RequestNamed = (
  method: string,
  path: string,
  args: Record<string, unknown> | undefined,
  options: CallOptions | undefined,
) => Promise<{ data: unknown; response: Response }>;

const CALL = Symbol("call");
type Holder = { [CALL]: RequestNamed };

let clientPrototype: object | undefined;

/**
 * A new object carrying every tag's named operations, to become the client: the caller adds its
 * own properties (the path-style methods); the tags come from the shared prototype.
 */
export function namedOperations(call: RequestNamed): NamedOperations {
  // Assigned rather than given to Object.create as a descriptor, which costs microseconds.
  const client: Holder = Object.create((clientPrototype ??= tagGetters()));
  client[CALL] = call;
  return client as unknown as NamedOperations;
}

/**
 * One getter per tag. Read on a client, it builds the tag's operations for the client's call
 * and keeps them on the client as an own property, which shadows the getter from then on.
 */
function tagGetters(): object {
  const prototype = {};
  for (const [tag, [, ...entries]] of Object.entries(operationsByTag)) {
    Object.defineProperty(prototype, tag, {
      enumerable: true,
      configurable: true,
      get(this: Partial<Holder>) {
        const call = this[CALL];
        if (!call) return undefined; // read on the prototype itself
        const group: Record<string, unknown> = {};
        const paged = pagedOperations[tag];
        for (const [name, method, path] of entries) group[name] = operation(method, path, call, paged?.[name]);
        Object.defineProperty(this, tag, { value: group, enumerable: true });
        return group;
      },
    });
  }
  return prototype;
}

function operation(method: string, path: string, requestNamed: RequestNamed, paging: PagingEntry | undefined) {
  const withResponse = (args?: Record<string, unknown>, options?: CallOptions) => requestNamed(method, path, args, options);
  const named = async (args?: Record<string, unknown>, options?: CallOptions) => (await withResponse(args, options)).data;
  return Object.assign(named, paging ? { withResponse, all: (args?: Record<string, unknown>, options?: PageOptions) => allItems(withResponse, paging, args, options) } : { withResponse });
}
