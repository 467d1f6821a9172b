// The resources the stateful mock keeps, read from the spec's paths rather than listed by name:
// an item path `<base>/{id}` whose `<base>` (or `<base>:<verb>`) is listed by a GET that answers an
// array is a collection. The array's field names it (`groups`, `api_tokens`, `tokens`); POST on
// `<base>` creates in it, as does any other POST taking and answering the same schemas (a
// deprecated older path); GET, PUT and DELETE on the item path read, change and delete. Paging
// follows the parameters a list declares: `current_page`/`items_per_page` with a `pagination`
// object, or `page_size`/`page_token` with `next_page_token`. Browser-safe.
import { deref, jsonMedia, successStatus, type Json, type Operation } from "./spec.js";

export type Role = "list" | "create" | "get" | "update" | "delete";

export interface Collection {
  /** The list answer's array field, and the state's key: `groups`. */
  key: string;
  /** The field single-item answers hold the item in (`group`); undefined when the answer is the item. */
  wrapper: string | undefined;
  /** The item's properties, from the single-item answer's schema. */
  properties: Record<string, Json>;
  /** The operations of the collection, each with its role. */
  roles: Map<string, Role>;
  /** The list operations' item properties, by operationId (a list may show less of each item). */
  listed: Map<string, string[]>;
}

/** Page by number: the parameters and the answer's field, as BlendVision One names them. */
export const PAGE_NUMBER = { page: "current_page", size: "items_per_page", answer: "pagination" } as const;
/** Page by token. */
export const PAGE_TOKEN = { token: "page_token", size: "page_size", next: "next_page_token" } as const;
/**
 * Page sizes when a request gives none, as the operations' descriptions state them (the
 * definitions declare no `default`).
 */
export const DEFAULT_PAGE_SIZE = { [PAGE_NUMBER.size]: 1, [PAGE_TOKEN.size]: 10 } as const;
/** A query parameter `filter.<field>` keeps the items whose field equals it; `filter.all` lists every item on one page. */
export const FILTER_PREFIX = "filter.";

export type Paging = "number" | "token" | undefined;

/** How a list operation pages, from the query parameters it declares. */
export function pagingOf(op: Operation): Paging {
  const query = new Set(op.parameters.filter((p) => p.in === "query").map((p) => String(p.name)));
  if (query.has(PAGE_NUMBER.page) && query.has(PAGE_NUMBER.size)) return "number";
  if (query.has(PAGE_TOKEN.token)) return "token";
  return undefined;
}

const schemaOf = (doc: Json, holder: Json | undefined): Json | undefined => {
  const schema = jsonMedia(holder)?.schema;
  return schema ? deref(doc, schema) : undefined;
};
const successSchema = (doc: Json, op: Operation) => {
  const status = successStatus(op);
  return status ? schemaOf(doc, op.responses[status]) : undefined;
};
/** The schema as written (with its `$ref`), to tell two operations' schemas apart. */
const written = (holder: Json | undefined) => JSON.stringify(jsonMedia(holder)?.schema ?? null);

/** The array field of a list answer, and its items' properties. */
function arrayField(doc: Json, schema: Json | undefined): { key: string; properties: string[] } | undefined {
  for (const [key, property] of Object.entries<Json>(schema?.properties ?? {})) {
    const field = deref(doc, property);
    if (field?.type === "array") return { key, properties: Object.keys(deref(doc, field.items)?.properties ?? {}) };
  }
  return undefined;
}

/** Every collection of the document. */
export function collections(doc: Json, ops: Operation[]): Collection[] {
  const found: Collection[] = [];
  for (const itemOp of ops) {
    const [param] = itemOp.pathParams;
    if (itemOp.pathParams.length !== 1 || !itemOp.path.endsWith(`/{${param}}`) || itemOp.method !== "GET") continue;
    const base = itemOp.path.slice(0, -`/{${param}}`.length);
    const lists = ops.filter((o) => o.method === "GET" && (o.path === base || o.path.startsWith(`${base}:`)) && arrayField(doc, successSchema(doc, o)));
    const main = lists.find((o) => o.path === base) ?? lists[0];
    if (!main) continue;
    const { key } = arrayField(doc, successSchema(doc, main))!;
    const single = successSchema(doc, itemOp);
    const wrapper = single?.properties && !("id" in single.properties) ? Object.keys(single.properties)[0] : undefined;
    const properties: Record<string, Json> = wrapper ? deref(doc, single!.properties[wrapper])?.properties ?? {} : single?.properties ?? {};
    const roles = new Map<string, Role>();
    for (const o of lists) roles.set(o.operationId, "list");
    const create = ops.find((o) => o.method === "POST" && o.path === base);
    for (const o of ops.filter((o) => o.method === "POST" && create)) {
      const sameSchemas = written(o.requestBody) === written(create!.requestBody) && written(o.responses[successStatus(o) ?? ""]) === written(create!.responses[successStatus(create!) ?? ""]);
      if (o === create || sameSchemas) roles.set(o.operationId, "create");
    }
    for (const o of ops.filter((o) => o.path === itemOp.path)) {
      const role = ({ GET: "get", PUT: "update", PATCH: "update", DELETE: "delete" } as const)[o.method as "GET"];
      if (role) roles.set(o.operationId, role);
    }
    const listed = new Map(lists.map((o) => [o.operationId, arrayField(doc, successSchema(doc, o))!.properties]));
    found.push({ key, wrapper, properties, roles, listed });
  }
  return found;
}
