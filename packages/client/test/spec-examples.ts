// Reads the expected responses straight from the bundled spec, through the same model the
// client is generated from, so the tests assert what the spec promises rather than copies of it.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { declaredStatuses as statusesOf, operations, responseExamples, type Operation } from "@tokenkit/spec-model";

type Json = Record<string, any>;
const require = createRequire(import.meta.url);
export const spec: Json = JSON.parse(readFileSync(require.resolve("@tokenkit/types/openapi.json"), "utf8"));

export const specOperations: Operation[] = operations(spec);

function operation(operationId: string): Operation {
  const op = specOperations.find((o) => o.operationId === operationId);
  if (!op) throw new Error(`no operation ${operationId} in the spec`);
  return op;
}

/** The declared status codes of an operation, without `default`. */
export function declaredStatuses(operationId: string): number[] {
  return statusesOf(operation(operationId));
}

/** The first named example of a response: what Prism serves when no example is asked for. */
export function firstExample(operationId: string, status: number | "default"): unknown {
  const first = responseExamples(spec, operation(operationId), status)[0];
  if (!first) throw new Error(`${operationId} ${status}: no example`);
  return first.value;
}
