// One method per operation, named after its operationId and grouped by tag, built from the
// generated operation table: a new operation in the spec appears here with no edit.
//   client.apitokens.revokeToken({ id })                            -> data, or throws an APIError
//   client.chatroom.createChatroomToken.withResponse({ id, body })  -> { data, response }
import type { operations as Operations } from "@tokenkit/types";
import type { RequiredKeysOf } from "openapi-typescript-helpers";
import { pathParamNames } from "./core/path-params.js";
import { operations } from "./generated/operations.js";
import type { CallOptions } from "./types.js";

type Row = (typeof operations)[number];
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

export interface NamedOperation<Op> {
  (...args: Args<Op>): Promise<OperationData<Op>>;
  /** Same call, resolving to the parsed data together with the raw Response. */
  withResponse(...args: Args<Op>): Promise<{ data: OperationData<Op>; response: Response }>;
}

export type NamedOperations = {
  [Tag in Row["tag"]]: {
    [R in Extract<Row, { tag: Tag }> as Uncapitalize<R["operationId"]>]: NamedOperation<Operations[R["operationId"]]>;
  };
};

type Call = (
  method: string,
  path: string,
  options: CallOptions | undefined,
  params: { path?: Record<string, unknown>; query?: Record<string, unknown> } | undefined,
  body: unknown,
) => Promise<{ data?: unknown; error?: unknown; response: Response }>;

const NONE = {};

export function namedOperations(call: Call): NamedOperations {
  const groups: Record<string, Record<string, unknown>> = {};
  for (const { operationId, method, path: template, tag } of operations) {
    const pathNames = pathParamNames(template);
    const withResponse = async (args: Record<string, unknown> = NONE, options?: CallOptions) => {
      // Flat arguments: path parameters by name, `body` as the body, anything else to the query.
      let path: Record<string, unknown> | undefined;
      let query: Record<string, unknown> | undefined;
      for (const key in args) {
        if (key === "body") continue;
        if (pathNames.includes(key)) (path ??= {})[key] = args[key];
        else (query ??= {})[key] = args[key];
      }
      const result = await call(method, template, options, path || query ? { path, query } : undefined, args.body);
      if (result.error) throw result.error;
      return result;
    };
    const named = async (args?: Record<string, unknown>, options?: CallOptions) => (await withResponse(args, options)).data;
    (groups[tag] ??= {})[operationId[0]!.toLowerCase() + operationId.slice(1)] = Object.assign(named, { withResponse });
  }
  return groups as unknown as NamedOperations;
}
