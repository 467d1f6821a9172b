// The bundled spec and its operations, read through the same model the client is generated
// from, so the tests assert what the spec promises rather than copies of it.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { exampleRequest, operations, type Operation } from "@tokenkit/spec-model";
import type { APIError, TokenkitClient } from "../src/index.js";

const require = createRequire(import.meta.url);
export const spec: Record<string, any> = JSON.parse(readFileSync(require.resolve("@tokenkit/types/openapi.json"), "utf8"));

export const specOperations: Operation[] = operations(spec);

export type PathStyleResult = { data?: unknown; error?: APIError; response: Response };

/** `op` called path-style (`client.GET(path, init)`) with the spec's first request examples. */
export function pathStyle(c: TokenkitClient, op: Operation, headers?: Record<string, string>): Promise<PathStyleResult> {
  const { path, query, body } = exampleRequest(spec, op);
  const call = (c as unknown as Record<string, (path: string, init: object) => Promise<PathStyleResult>>)[op.method]!;
  return call(op.path, { params: { path, query }, ...(body === undefined ? {} : { body }), headers });
}
