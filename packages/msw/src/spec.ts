// The reading of the bundled spec that the front server, the state and the MSW handlers share:
// which operation a request is for, its family (the tag's `x-api`), and its examples.
// Browser-safe: nothing here touches the file system.

import { deref, examplesOf, operations as specOperations, type Operation as SpecOperation } from "@tokenkit/spec-model";

export { deref, examplesOf };
export type Json = Record<string, any>;

export interface Operation extends SpecOperation {
  /** Matches a request path; a path parameter may be empty here, so the caller can tell. */
  pattern: RegExp;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Every operation of the document, in spec order, with what request matching needs. */
export function operations(doc: Json): Operation[] {
  return specOperations(doc).map((op) => ({
    ...op,
    pattern: new RegExp(`^${op.path.split(/\{[^}]+\}/).map(escape).join("([^/]*)")}$`),
  }));
}

// A literal segment wins over a parameter (`/v1/apitokens/generate` before `/v1/apitokens/{id}`).
const byLiteralFirst = new WeakMap<Operation[], Operation[]>();

export interface Match {
  operation: Operation;
  params: Record<string, string>;
}

/** The operation a request is for, or `undefined`. Path parameters are percent-decoded. */
export function matchOperation(ops: Operation[], method: string, pathname: string): Match | undefined {
  let ordered = byLiteralFirst.get(ops);
  if (!ordered) byLiteralFirst.set(ops, (ordered = [...ops].sort((a, b) => a.pathParams.length - b.pathParams.length)));
  for (const operation of ordered) {
    if (operation.method !== method.toUpperCase()) continue;
    const m = operation.pattern.exec(pathname);
    if (!m) continue;
    const params = Object.fromEntries(operation.pathParams.map((name, i) => [name, safeDecode(m[i + 1]!)]));
    return { operation, params };
  }
  return undefined;
}

/** The family a path belongs to even when no operation matches it: that of the operation sharing the longest prefix. */
export function familyOfPath(ops: Operation[], pathname: string): Operation | undefined {
  const segments = pathname.split("/");
  let best: Operation | undefined;
  let bestLength = 0;
  for (const op of ops) {
    const template = op.path.split("/");
    let n = 0;
    while (n < template.length && n < segments.length && (template[n] === segments[n] || /^\{.+\}$/.test(template[n]!))) n++;
    if (n > bestLength) [best, bestLength] = [op, n];
  }
  return bestLength > 1 ? best : undefined;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Whether a media type is JSON: `application/json` or `application/<something>+json`. */
export const isJsonType = (type: string | null | undefined) => !!type && /^application\/([\w.-]+\+)?json\b/i.test(type);

/** The key of the JSON media type under a response's or request body's `content`. */
export const jsonMediaType = (holder: Json | undefined): string | undefined => Object.keys(holder?.content ?? {}).find(isJsonType);

/** The JSON media type of a response or request body. */
export function jsonMedia(holder: Json | undefined): Json | undefined {
  const key = jsonMediaType(holder);
  return key ? holder?.content[key] : undefined;
}

/** The lowest declared 2xx status, as Prism picks it. */
export function successStatus(op: Operation): string | undefined {
  return Object.keys(op.responses)
    .filter((s) => /^2\d\d$/.test(s))
    .sort()[0];
}
