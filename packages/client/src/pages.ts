// Every item of a paged list, page after page: `client.<tag>.<operation>.all(args, options)`.
// Each page is one ordinary call of the named operation (its checks, token, time limit, retries
// and typed errors), so paging adds only the walk from one page to the next. Written here rather
// than taken from a library: the walk is a dozen lines, and which styles there are comes from the
// spec (PAGING_STYLES).
import { count, optionalObject } from "./core/options.js";
import { InvalidArgumentError, MalformedResponseError, REQUEST_ID_HEADERS } from "./errors.js";
import { PAGING_STYLES, type PagingEntry } from "./generated/operations.js";
import type { CallOptions, PageOptions } from "./types.js";

/** Items asked for per page when `pageSize` is not given (fewer when the spec allows fewer, or `limit` needs fewer). */
const DEFAULT_PAGE_SIZE = 100;

type Call = (args: Record<string, unknown>, options: CallOptions) => Promise<{ data: unknown; response: Response }>;
type Json = Record<string, unknown> | undefined;

/**
 * The items of every page, fetched one page at a time as they are read. The options are checked
 * here, so a bad one throws before anything is sent.
 */
export function allItems(call: Call, [style, items, maxSize]: PagingEntry, args: Record<string, unknown> | undefined, options: PageOptions | undefined): AsyncGenerator<unknown, void, undefined> {
  const { pageSize, limit, ...callOptions } = optionalObject("options", options) ?? {};
  const max = count("limit", limit, Infinity);
  const size = pageSize === undefined ? Math.max(1, Math.min(max, maxSize ?? DEFAULT_PAGE_SIZE)) : count("pageSize", pageSize, 0);
  if (!size || size > (maxSize ?? size)) throw new InvalidArgumentError("pageSize", `option "pageSize" must be from 1 to ${maxSize ?? "any"}, got ${size}`);
  return walk(call, PAGING_STYLES[style], items, { ...optionalObject("args", args) }, size, max, callOptions);
}

async function* walk(call: Call, names: (typeof PAGING_STYLES)[PagingEntry[0]], items: string, args: Record<string, unknown>, size: number, limit: number, options: CallOptions) {
  // The page to ask for: a page number from 1, or the token the previous page gave (none at first).
  let page: number | string | undefined = "next" in names ? undefined : 1;
  for (let read = 0; read < limit; ) {
    const { data, response } = await call({ ...args, [names.size]: size, [names.page]: page }, options);
    const body = data as Json;
    // A page without its array (protobuf's JSON leaves an empty list out) has no items.
    const list = body?.[items];
    if (!Array.isArray(list) || !list.length) return;
    for (const item of list) {
      yield item;
      if (++read >= limit) return;
    }
    if ("next" in names) {
      const next = body?.[names.next];
      if (typeof next !== "string" || !next) return;
      // The same token again would ask for the same page for ever.
      if (next === page) {
        const { status, headers, url } = response;
        // Only the request id of its headers: the credentials sent are not at hand here to mask in the others.
        const kept = new Headers(REQUEST_ID_HEADERS.flatMap((name) => (headers.has(name) ? [[name, headers.get(name)!]] : [])));
        throw new MalformedResponseError({ status, headers: kept, rawBody: "", request: `GET ${url.split("?")[0]}` }, `${names.next} repeats the ${names.page} sent`);
      }
      page = next;
    } else {
      // Counting the items read rather than multiplying pages by their size holds when the
      // server sends fewer to a page than asked.
      const total = (body?.[names.position] as Json)?.[names.total];
      if (typeof total === "number" && read >= total) return;
      page = (page as number) + 1;
    }
  }
}
