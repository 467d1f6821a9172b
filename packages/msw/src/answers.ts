// Answers the mock gives itself, shared by the front server and the MSW handlers (browser-safe):
// corrections where Prism's answer is wrong for these APIs, and faults on cue. Each comes in the
// operation's own error shape (see errors.ts).
import { errorBody, grpc, grpcForStatus, type GrpcError } from "./errors.js";
import type { Fault } from "./faults.js";
import { asciiJson, type Violation } from "./journal.js";
import { familyOfPath, type Json, type Match, type Operation } from "./spec.js";

export interface OwnAnswer {
  status: number;
  headers: Record<string, string>;
  body: unknown;
  violations: Violation[];
}

/** An error answer for `op` (or, when no operation matched, for the API the path belongs to). */
export function apiError(doc: Json, ops: Operation[], op: Operation | undefined, pathname: string, error: GrpcError, message: string, status: number = error.status): OwnAnswer {
  const owner = op ?? familyOfPath(ops, pathname);
  const body = (owner && errorBody(doc, owner, error, message)) ?? { code: error.code, message };
  return { status, headers: { "content-type": "application/json" }, body, violations: [] };
}

function rejected(answer: OwnAnswer, violation: Violation): OwnAnswer {
  return { ...answer, headers: { ...answer.headers, "sl-violations": asciiJson([violation]) }, violations: [violation] };
}

/**
 * An empty path parameter (`/v1/apitokens/`, `/chatrooms//tokens`): Prism answers 422 with the
 * `default` example ("database is unavailable"), which reads like an outage, and a parameter in
 * the middle of the path leaves an empty segment no backend should see. 400 in the API's own error
 * shape, the parameter named in `sl-violations`.
 */
export function emptyParameterAnswer(doc: Json, ops: Operation[], match: Match | undefined, pathname: string): OwnAnswer | undefined {
  const empty = match?.operation.pathParams.find((name) => match.params[name] === "");
  if (!match || empty === undefined) return undefined;
  const message = `invalid argument: the path parameter "${empty}" is empty`;
  return rejected(apiError(doc, ops, match.operation, pathname, grpc.INVALID_ARGUMENT, message), { location: ["request", "path", empty], severity: "Error", code: "required", message });
}

/**
 * A malformed JSON body: Prism 5.16 never answers at all (the request hangs), and earlier
 * versions answered in Prism's own problem format rather than the API's. 400 in the API's own
 * error shape, the problem named in `sl-violations`.
 */
export function correctedAnswer(doc: Json, ops: Operation[], match: Match | undefined, pathname: string, readsJson: boolean, body: string): OwnAnswer | undefined {
  if (!readsJson) return undefined;
  try {
    JSON.parse(body);
    return undefined;
  } catch (err) {
    const message = `invalid argument: the request body is not valid JSON (${(err as Error).message})`;
    return rejected(apiError(doc, ops, match?.operation, pathname, grpc.INVALID_ARGUMENT, message), { location: ["request", "body"], severity: "Error", code: "invalid_json", message });
  }
}

/** The answer to a fault with a status: 429 and 503 carry `Retry-After` (1 s unless given). */
export function faultAnswer(doc: Json, ops: Operation[], op: Operation | undefined, pathname: string, fault: Fault & { status: number }): OwnAnswer {
  const message =
    fault.status === 429
      ? "rate limit exceeded: too many requests (fault injected by the mock)"
      : fault.status === 503
        ? "service unavailable: try again later (fault injected by the mock)"
        : `error ${fault.status} (fault injected by the mock)`;
  const answer = apiError(doc, ops, op, pathname, grpcForStatus(fault.status), message, fault.status);
  const retryAfter = fault.retryAfter ?? (fault.status === 429 || fault.status === 503 ? 1 : undefined);
  if (retryAfter !== undefined) answer.headers["retry-after"] = String(retryAfter);
  return answer;
}

/** The answer to an `x-mock-*` header the mock cannot read. */
export function badMockHeader(doc: Json, ops: Operation[], op: Operation | undefined, pathname: string, problem: string): OwnAnswer {
  const message = `invalid argument: ${problem}`;
  return rejected(apiError(doc, ops, op, pathname, grpc.INVALID_ARGUMENT, message), { location: ["request", "header"], severity: "Error", code: "mock_header", message });
}

/**
 * The answer to a request no backend can take (a malformed escape, a control character, an
 * over-long URL or header): 400 in the family's error shape, the problem in `sl-violations`.
 */
export function frontRefusal(doc: Json, ops: Operation[], op: Operation | undefined, pathname: string, where: string, problem: string): OwnAnswer {
  const message = `invalid argument: ${problem}`;
  return rejected(apiError(doc, ops, op, pathname, grpc.INVALID_ARGUMENT, message), { location: ["request", where], severity: "Error", code: "malformed", message });
}
