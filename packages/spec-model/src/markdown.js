// @ts-check
// Pieces of the generated Markdown pages (the client's and the mock's lists of operations), so
// both render operations, arguments and commands the same way.
/** @typedef {import("./index.js").Operation} Operation */

/** The arguments of a named operation as a reader sees them: `{ id, revoked?, body }`, or empty. */
export function namedArguments(/** @type {Operation} */ op) {
  const keys = op.parameters
    .filter((p) => p.in === "path" || p.in === "query")
    .map((p) => `${p.name}${p.required ? "" : "?"}`);
  if (op.requestBody) keys.push(op.requestBody.required ? "body" : "body?");
  return keys.length ? `{ ${keys.join(", ")} }` : "";
}

/** Quotes a word for a POSIX shell. */
export const shellQuote = (/** @type {string} */ s) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/**
 * A curl command line, broken before the first header when it would be long.
 * @param {{ method: string, url: string, headers?: string[], body?: unknown }} request
 */
export function curlCommand({ method, url, headers = [], body }) {
  const words = ["curl", "-s"];
  if (method !== "GET") words.push("-X", method);
  words.push(shellQuote(url));
  const rest = headers.flatMap((h) => ["-H", shellQuote(h)]);
  if (body !== undefined) rest.push("-H", shellQuote("Content-Type: application/json"), "-d", shellQuote(JSON.stringify(body)));
  const one = [...words, ...rest].join(" ");
  return one.length <= 100 || rest.length === 0 ? one : `${words.join(" ")} \\\n  ${rest.join(" ")}`;
}

/**
 * The scalar leaves of a JSON value, depth first, as `[".a.b[0]", value]` (`"."` for a scalar).
 * Keys a path cannot spell are skipped.
 * @param {unknown} value
 * @returns {[string, unknown][]}
 */
export function leaves(value, at = "") {
  if (value === null || typeof value !== "object") return [[at || ".", value]];
  return Object.entries(value).flatMap(([key, inner]) => {
    const step = Array.isArray(value) ? `[${key}]` : /^[\w@$-]+$/.test(key) ? `.${key}` : undefined;
    return step === undefined ? [] : leaves(inner, at + step);
  });
}

/**
 * How to recognise `value` among `others` at a glance: the first short scalar leaf whose value
 * differs from theirs (else the first short leaf, else the first leaf); `[".", value]` when the
 * value has no leaf at all (`{}`, `[]`).
 * @param {unknown} value
 * @param {unknown[]} others
 * @returns {[string, unknown]}
 */
export function telltale(value, others = []) {
  const all = leaves(value);
  const short = all.filter(([, v]) => JSON.stringify(v).length <= 40);
  const theirs = others.map((other) => new Map(leaves(other)));
  const differs = (/** @type {[string, unknown]} */ [path, v]) => theirs.some((leavesOfOther) => JSON.stringify(leavesOfOther.get(path)) !== JSON.stringify(v));
  return short.find(differs) ?? short[0] ?? all[0] ?? [".", value];
}
