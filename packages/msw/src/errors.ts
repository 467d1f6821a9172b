// Error answers the mock makes itself (a malformed body, an empty path id, a fault on cue, a
// state rule) in the shape of the operation's own API: google.rpc.Status for BlendVision One,
// RuntimeError for StackRox. The shape is never written here: it is taken from an error example
// the spec declares for that operation, so the body always validates against the spec.
import { examplesOf, jsonMedia, type Json, type Operation } from "./spec.js";

/** The gRPC codes both APIs put in `code`, and the HTTP status each maps to. */
export const grpc = {
  INVALID_ARGUMENT: { code: 3, status: 400 },
  NOT_FOUND: { code: 5, status: 404 },
  ABORTED: { code: 10, status: 409 },
  RESOURCE_EXHAUSTED: { code: 8, status: 429 },
  INTERNAL: { code: 13, status: 500 },
  UNAVAILABLE: { code: 14, status: 503 },
} as const;

export type GrpcError = (typeof grpc)[keyof typeof grpc];

/** The gRPC code behind an HTTP status the mock answers with. */
export function grpcForStatus(status: number): GrpcError {
  return Object.values(grpc).find((g) => g.status === status) ?? grpc.INTERNAL;
}

/**
 * An error body for `op` with this status and message, modelled on the first example of the
 * response the operation declares for the status (else its `default`, else any error response).
 */
export function errorBody(doc: Json, op: Operation, error: GrpcError, message: string): Json | undefined {
  const statuses = [String(error.status), "default", ...Object.keys(op.responses).filter((s) => /^[45]\d\d$/.test(s))];
  for (const status of statuses) {
    const template = examplesOf(doc, jsonMedia(op.responses[status]))[0]?.value;
    if (!template || typeof template !== "object" || Array.isArray(template)) continue;
    const body: Json = structuredClone(template);
    if ("code" in body) body.code = error.code;
    if ("message" in body) body.message = message;
    if ("error" in body) body.error = message; // RuntimeError's deprecated duplicate of `message`
    if (Array.isArray(body.details)) body.details = [];
    return body;
  }
  return undefined;
}
