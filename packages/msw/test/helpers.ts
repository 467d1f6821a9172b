// What the engine tests read from the spec: its operations, one valid request per operation
// built from the spec's own examples, and each family's error shape. Nothing here lists operations.
import bundledSpec from "@tokenkit/types/openapi.json" with { type: "json" };
import { exampleRequest } from "@tokenkit/spec-model";
import { examplesOf, jsonMedia, operations, type Json, type Operation } from "../src/engine.js";

export const doc = bundledSpec as Json;
export const ops: Operation[] = operations(doc);
export const auth = { Authorization: "Bearer dev", "Content-Type": "application/json", "x-bv-org-id": "dev-org" };

/** A valid request for `op` at `origin`, from the spec's examples; `init` overrides. */
export function requestFor(op: Operation, origin: string, init: RequestInit & { path?: string } = {}): Request {
  const { url, body } = exampleRequest(doc, op);
  return new Request(origin + (init.path ?? url), { method: op.method, headers: auth, body: body === undefined ? undefined : JSON.stringify(body), ...init });
}

/** The keys of the first example of the operation's error response for `status` (else `default`): its family's error shape. */
export function errorShape(op: Operation, status: number): string[] {
  const response = op.responses[String(status)] ?? op.responses.default;
  return Object.keys(examplesOf(doc, jsonMedia(response))[0]?.value as Json).sort();
}
