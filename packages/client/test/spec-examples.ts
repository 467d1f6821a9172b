// Reads the expected responses straight from the bundled spec, so the tests assert what the
// spec promises rather than copies of it.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

type Json = Record<string, any>;
const require = createRequire(import.meta.url);
export const spec: Json = JSON.parse(readFileSync(require.resolve("@tokenkit/types/openapi.json"), "utf8"));

function deref<T = Json>(node: Json): T {
  if (node && typeof node.$ref === "string") {
    const target = node.$ref
      .replace(/^#\//, "")
      .split("/")
      .reduce((at: Json, key: string) => at[key.replace(/~1/g, "/").replace(/~0/g, "~")], spec);
    return deref(target);
  }
  return node as T;
}

export interface SpecOperation {
  operationId: string;
  method: string;
  path: string;
  responses: Record<string, Json>;
}

export const specOperations: SpecOperation[] = Object.entries(spec.paths as Json).flatMap(([path, item]) =>
  Object.entries(item as Json)
    .filter(([, op]) => op && typeof op === "object" && "operationId" in op)
    .map(([method, op]) => ({ operationId: op.operationId, method: method.toUpperCase(), path, responses: op.responses })),
);

/** The declared status codes of an operation, without `default`. */
export function declaredStatuses(operationId: string): number[] {
  const op = specOperations.find((o) => o.operationId === operationId)!;
  return Object.keys(op.responses).filter((s) => s !== "default").map(Number);
}

/** The first named example of a response: what Prism serves when no example is asked for. */
export function firstExample(operationId: string, status: number | "default"): unknown {
  const op = specOperations.find((o) => o.operationId === operationId);
  if (!op) throw new Error(`no operation ${operationId} in the spec`);
  const response = deref(op.responses[String(status)] ?? {});
  const media = response.content["application/json"];
  if (media.example !== undefined) return media.example;
  const first = Object.values(media.examples ?? {})[0];
  if (!first) throw new Error(`${operationId} ${status}: no example`);
  return deref(first as Json).value;
}
