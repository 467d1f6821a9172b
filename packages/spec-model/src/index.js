// @ts-check
// The one reading of an OpenAPI document that everything downstream shares: which operations
// there are, their parameters with `$ref`s resolved, their examples, and the table the client's
// named operations are built from. Generation, the reference site, the mock command and the
// tests all go through here, so a new operation in the spec reaches every one of them alike.
//
// It reads a bundled document (refs internal, `#/components/...`), as written by
// `@tokenkit/types` (openapi.json). Nothing here touches the file system or the network.

/** @typedef {Record<string, any>} Json */
/** @typedef {"get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace"} HttpMethod */

/** The operation keys of a Path Item Object, in the order OpenAPI 3.1 lists them. */
export const HTTP_METHODS = /** @type {const} */ (["get", "put", "post", "delete", "options", "head", "patch", "trace"]);

/** The API families the client knows; each tag names one with `x-api`. */
export const API_FAMILIES = /** @type {const} */ (["blendvision", "stackrox"]);

/** The header that carries the organization id, wherever an operation declares it. */
export const ORG_HEADER = "x-bv-org-id";

/**
 * How an operation takes the organization header, when it does: `Operation.orgHeader` is one of
 * these, or `false` when the operation does not take it.
 */
export const ORG_HEADER_RULES = /** @type {const} */ (["optional", "required"]);

/** The `{name}` placeholders of a path template (global: use with `matchAll` or `replace`). */
export const PATH_TEMPLATE_PARAM = /\{([^{}]+)\}/g;

/**
 * The ways a list operation pages, each recognised by `paging` from the operation's query
 * parameters and its 200 response. `page` is the query parameter that picks a page and `size` the
 * one that sets its length.
 * - `page-number`: pages counted from 1; the response's `position` object tells where the page
 *   sits, with the `total` number of items in the list.
 * - `page-token`: the response's `next` string is the `page` of the next page; empty or absent
 *   on the last one.
 */
export const PAGING_STYLES = /** @type {const} */ ({
  "page-number": { page: "current_page", size: "items_per_page", position: "pagination", total: "total_items" },
  "page-token": { page: "page_token", size: "page_size", next: "next_page_token" },
});

/**
 * How a paged operation pages: its style (a key of `PAGING_STYLES`), the array property of its
 * 200 response that holds a page's items, and the most items a page may have when the spec
 * bounds the size parameter (its `maximum`).
 * @typedef {{ style: keyof typeof PAGING_STYLES, items: string, maxSize: number | undefined }} Paging
 */

/**
 * Follows local `$ref`s (`#/components/...`) until a real node is reached.
 * @template [T=Json]
 * @param {Json} doc
 * @param {any} node
 * @returns {T}
 */
export function deref(doc, node) {
  const seen = new Set();
  while (node && typeof node.$ref === "string") {
    const ref = node.$ref;
    if (!ref.startsWith("#/")) throw new Error(`${ref}: only local references (#/...) are resolved; bundle the spec first`);
    if (seen.has(ref)) throw new Error(`${ref}: the reference refers to itself`);
    seen.add(ref);
    node = ref
      .slice(2)
      .split("/")
      .reduce((/** @type {any} */ at, /** @type {string} */ key) => at?.[key.replace(/~1/g, "/").replace(/~0/g, "~")], doc);
    if (node === undefined) throw new Error(`${ref}: the reference does not resolve`);
  }
  return node;
}

/**
 * A named example: `name` is its key under `examples` (what `Prefer: example=<name>` picks), or
 * undefined for a lone `example`.
 * @typedef {{ name: string | undefined, value: unknown }} Example
 */

/**
 * The examples of a Media Type or Parameter Object, in spec order: `example`, else each of
 * `examples` (resolved), else the schema's own `examples`.
 * @param {Json} doc
 * @param {Json | undefined} holder
 * @returns {Example[]}
 */
export function examplesOf(doc, holder) {
  if (!holder) return [];
  if ("example" in holder) return [{ name: undefined, value: holder.example }];
  const named = Object.entries(holder.examples ?? {});
  if (named.length) return named.map(([name, ex]) => ({ name, value: deref(doc, ex).value }));
  const fromSchema = deref(doc, holder.schema)?.examples;
  return Array.isArray(fromSchema) ? fromSchema.map((value) => ({ name: undefined, value })) : [];
}

/**
 * One operation of the document, with everything resolved that more than one reader needs.
 * @typedef {object} Operation
 * @property {string} operationId
 * @property {string} name the named method: the operationId with a lower-case first letter
 * @property {Uppercase<HttpMethod>} method
 * @property {string} path the path template, as in the spec
 * @property {string[]} pathParams the names in the path template, in order
 * @property {string | undefined} tag the first tag (the named operation's group)
 * @property {string | undefined} api the tag's `x-api`: which API family, and so which base URL
 * @property {string} baseUrl the first server's URL with its variables at their defaults
 * @property {Json[]} parameters path-item and operation parameters, resolved (the operation's win)
 * @property {false | "optional" | "required"} orgHeader whether the operation takes the organization
 *   header, and whether it requires it
 * @property {Json[]} security the security requirements that apply: the operation's own, else the
 *   document's
 * @property {boolean} authenticated whether a request must carry credentials: false when no
 *   requirement applies or one of them is empty (`security: []`, or `- {}` among the choices)
 * @property {Json | undefined} requestBody resolved
 * @property {Record<string, Json>} responses resolved, by status (`"200"`, `"default"`, ...)
 * @property {Paging | undefined} paging how the operation pages, when it does (see `paging`)
 * @property {Json} operation the Operation Object itself (not a copy)
 * @property {Json} pathItem the Path Item Object it sits in
 */

/**
 * Every operation of the document, in spec order (paths as written, methods in `HTTP_METHODS`
 * order).
 * @param {Json} doc
 * @returns {Operation[]}
 */
export function operations(doc) {
  const familyOfTag = new Map((doc.tags ?? []).map((/** @type {Json} */ t) => [t.name, t["x-api"]]));
  /** @type {Operation[]} */
  const found = [];
  for (const [path, ref] of Object.entries(doc.paths ?? {})) {
    const pathItem = deref(doc, ref);
    for (const method of HTTP_METHODS) {
      const operation = pathItem[method];
      if (!operation) continue;
      const operationId = operation.operationId ?? "";
      const parameters = mergeParameters(
        (pathItem.parameters ?? []).map((/** @type {Json} */ p) => deref(doc, p)),
        (operation.parameters ?? []).map((/** @type {Json} */ p) => deref(doc, p)),
      );
      const tag = operation.tags?.[0];
      const org = parameters.find((p) => p.in === "header" && String(p.name).toLowerCase() === ORG_HEADER);
      /** @type {Json[]} */
      const security = operation.security ?? doc.security ?? [];
      const responses = Object.fromEntries(Object.entries(operation.responses ?? {}).map(([status, r]) => [status, deref(doc, r)]));
      found.push({
        operationId,
        name: operationId.charAt(0).toLowerCase() + operationId.slice(1),
        method: /** @type {Uppercase<HttpMethod>} */ (method.toUpperCase()),
        path,
        pathParams: pathTemplateNames(path),
        tag,
        api: familyOfTag.get(tag),
        baseUrl: serverUrl(operation.servers ?? pathItem.servers ?? doc.servers),
        parameters,
        orgHeader: org ? (org.required ? "required" : "optional") : false,
        security,
        authenticated: security.length > 0 && !security.some((requirement) => Object.keys(requirement).length === 0),
        requestBody: operation.requestBody ? deref(doc, operation.requestBody) : undefined,
        responses,
        paging: paging(doc, parameters, responses),
        operation,
        pathItem,
      });
    }
  }
  return found;
}

/**
 * How an operation pages, recognised from its shape rather than its name: it takes both query
 * parameters of a style of `PAGING_STYLES`, and its 200 JSON response is an object with that
 * style's marker (the `position` object, or the `next` string) and exactly one array property,
 * the items. Undefined for any other operation.
 * @param {Json} doc
 * @param {Json[]} parameters resolved
 * @param {Record<string, Json>} responses resolved, by status
 * @returns {Paging | undefined}
 */
export function paging(doc, parameters, responses) {
  const schema = deref(doc, responses["200"]?.content?.["application/json"]?.schema);
  const properties = Object.entries(schema?.properties ?? {}).map(([name, p]) => /** @type {[string, Json]} */ ([name, deref(doc, p)]));
  const arrays = properties.filter(([, p]) => p.type === "array");
  if (arrays.length !== 1) return undefined;
  const query = (/** @type {string} */ name) => parameters.find((p) => p.in === "query" && p.name === name);
  const property = (/** @type {string} */ name) => properties.find(([n]) => n === name)?.[1];
  for (const [style, names] of Object.entries(PAGING_STYLES)) {
    const size = query(names.size);
    if (!query(names.page) || !size) continue;
    const marker = "next" in names ? property(names.next)?.type === "string" : deref(doc, property(names.position)?.properties?.[names.total])?.type === "integer";
    if (!marker) continue;
    const maxSize = deref(doc, size.schema)?.maximum;
    return { style: /** @type {keyof typeof PAGING_STYLES} */ (style), items: /** @type {[string, Json]} */ (arrays[0])[0], maxSize: typeof maxSize === "number" ? maxSize : undefined };
  }
  return undefined;
}

/** @param {string} path */
export function pathTemplateNames(path) {
  return [...path.matchAll(PATH_TEMPLATE_PARAM)].map((m) => /** @type {string} */ (m[1]));
}

/**
 * Operation-level parameters override path-level ones with the same name and location.
 * @param {Json[]} fromPathItem
 * @param {Json[]} fromOperation
 */
function mergeParameters(fromPathItem, fromOperation) {
  const key = (/** @type {Json} */ p) => `${p.in}:${p.name}`;
  const own = new Set(fromOperation.map(key));
  return [...fromPathItem.filter((p) => !own.has(key(p))), ...fromOperation];
}

/** @param {Json[] | undefined} servers */
function serverUrl(servers) {
  const server = servers?.[0];
  if (!server) return "";
  return String(server.url).replace(/\{([^}]+)\}/g, (_, name) => server.variables?.[name]?.default ?? `{${name}}`);
}

/**
 * The statuses an operation declares, as numbers, without `default`.
 * @param {Operation} op
 */
export function declaredStatuses(op) {
  return Object.keys(op.responses)
    .filter((s) => /^\d{3}$/.test(s))
    .map(Number);
}

/**
 * The JSON examples of one response of an operation (`status` a number, or `"default"`).
 * @param {Json} doc
 * @param {Operation} op
 * @param {number | string} status
 * @returns {Example[]}
 */
export function responseExamples(doc, op, status) {
  return examplesOf(doc, op.responses[String(status)]?.content?.["application/json"]);
}

/**
 * A request built only from the operation's own examples: the first example of each `path`,
 * `query` and `header` parameter, and of the JSON `body` (`{}` when the body has none; undefined
 * when the operation takes no body). `url` is the path template with the path examples filled in
 * (encoded) and the query appended.
 * @param {Json} doc
 * @param {Operation} op
 */
export function exampleRequest(doc, op) {
  /** @param {string} where */
  const firstOf = (where) =>
    Object.fromEntries(
      op.parameters
        .filter((p) => p.in === where)
        .map((p) => [String(p.name), examplesOf(doc, p)[0]?.value])
        .filter(([, value]) => value !== undefined),
    );
  /** @type {Record<string, unknown>} */
  const path = firstOf("path");
  /** @type {Record<string, unknown>} */
  const query = firstOf("query");
  /** @type {Record<string, unknown>} */
  const header = firstOf("header");
  /** @type {unknown} */
  const body = op.requestBody ? (examplesOf(doc, op.requestBody.content?.["application/json"])[0]?.value ?? {}) : undefined;
  const search = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)])).toString();
  const url = op.path.replace(/\{([^}]+)\}/g, (_, name) => encodeURIComponent(String(path[name]))) + (search ? `?${search}` : "");
  return { path, query, header, body, url };
}

/**
 * The client's runtime view of each operation, sorted by operationId: what the named operations
 * are built from. Throws when an operation lacks what the client needs.
 * @param {Json} doc
 */
export function operationTable(doc) {
  return operations(doc)
    .map((op) => {
      if (!op.operationId) throw new Error(`${op.method} ${op.path}: operationId is missing`);
      if (!op.api) throw new Error(`${op.operationId}: tag "${op.tag}" has no x-api (${API_FAMILIES.join(" | ")})`);
      return { operationId: op.operationId, method: op.method, path: op.path, tag: op.tag, api: op.api, orgHeader: op.orgHeader };
    })
    .sort((a, b) => a.operationId.localeCompare(b.operationId));
}

/**
 * Names a tag cannot have: the client's own members (its path-style methods and `use`/`eject`),
 * `then` (a client with it would pass for a promise) and what every object has.
 */
export const RESERVED_TAG_NAMES = [...HTTP_METHODS.map((m) => m.toUpperCase()), "use", "eject", "then", "constructor", "__proto__"];

/**
 * A problem `validate` found: what is wrong, and where, as the path to the node at fault in the
 * document (`["paths", "/orgs", "post", "operationId"]`), for `locate` to turn into a file and line.
 * @typedef {{ message: string, pointer: (string | number)[] }} Problem
 */

/**
 * What the client, the mock and the docs need of every operation beyond what the linter checks:
 * a unique operationId that makes a method name, one tag naming its API family and not named
 * like a member of the client, and path parameters that match the path template. Each problem
 * names the operation.
 * @param {Json} doc
 * @returns {Problem[]}
 */
export function validate(doc) {
  /** @type {Problem[]} */
  const problems = [];
  const families = new Set(/** @type {readonly string[]} */ (API_FAMILIES));
  const seen = new Map();
  /** @param {string} tag @param {string} key where a problem with the declared tag points */
  const tagPointer = (tag, key) => {
    const index = (doc.tags ?? []).findIndex((/** @type {Json} */ t) => t.name === tag);
    return index < 0 ? undefined : ["tags", index, key];
  };
  for (const op of operations(doc)) {
    const where = `${op.method} ${op.path}${op.operationId ? ` (${op.operationId})` : ""}`;
    const at = ["paths", op.path, op.method.toLowerCase()];
    /** @param {string} message @param {(string | number)[]} [pointer] */
    const problem = (message, pointer = at) => problems.push({ message: `${where}: ${message}`, pointer });
    if (!op.operationId) problem("operationId is missing");
    else if (!/^[A-Za-z_$][\w$]*$/.test(op.operationId)) problem("operationId must be an identifier (letters, digits, _ or $)", [...at, "operationId"]);
    else if (seen.has(`${op.tag}.${op.name}`)) problem(`operationId gives the method ${op.tag}.${op.name}, as ${seen.get(`${op.tag}.${op.name}`)} does`, [...at, "operationId"]);
    seen.set(`${op.tag}.${op.name}`, where);
    if (!op.tag) problem("no tag (the tag groups the named method)");
    else if ((/** @type {readonly string[]} */ (RESERVED_TAG_NAMES)).includes(op.tag)) {
      problem(`tag "${op.tag}" would hide the client's own ${op.tag}: rename the tag`, tagPointer(op.tag, "name") ?? [...at, "tags"]);
    } else if (!families.has(op.api ?? "")) {
      problem(`tag "${op.tag}" needs x-api, one of ${API_FAMILIES.join(", ")}`, tagPointer(op.tag, "x-api") ?? [...at, "tags"]);
    }
    const declared = op.parameters.filter((p) => p.in === "path").map((p) => String(p.name));
    for (const name of declared.filter((n) => !op.pathParams.includes(n))) problem(`path parameter "${name}" is declared but not in the path`, parameterPointer(doc, op, name));
    for (const name of op.pathParams.filter((n) => !declared.includes(n))) problem(`path parameter "${name}" is in the path but not declared`, ["paths", op.path]);
  }
  return problems;
}

/**
 * Where the path parameter `name` of `op` is declared: in the operation's list, else the path item's.
 * @param {Json} doc @param {Operation} op @param {string} name
 */
function parameterPointer(doc, op, name) {
  const method = op.method.toLowerCase();
  const index = (/** @type {Json[] | undefined} */ list) => (list ?? []).findIndex((p) => deref(doc, p).in === "path" && deref(doc, p).name === name);
  const own = index(op.operation.parameters);
  return own >= 0 ? ["paths", op.path, method, "parameters", own] : ["paths", op.path, "parameters", index(op.pathItem.parameters)];
}
