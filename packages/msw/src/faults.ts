// Delays and failures on cue, so loading states, timeouts and retry paths can be seen working:
//
//   --latency 300 | 100-400          every answer waits that long (ms; a range picks at random)
//   x-mock-delay: 300 | 100-400      this answer waits that long
//   x-mock-fault: 429 | 503; retry-after=2 | drop
//                                    this request fails: that status in the API's error shape
//                                    (429 and 503 carry Retry-After, 1 s unless given), or the
//                                    connection is closed without an answer
//   POST /__mock/faults              the next matching requests fail, without touching the app
//                                    (see FaultRule)

import type { Operation } from "./spec.js";

/** A delay in ms: fixed, or a range `[min, max]` picked from at random. */
export type Latency = number | readonly [number, number];

export interface Fault {
  /** Answer with this status (400–599) in the API's error shape. */
  status?: number;
  /** Seconds for `Retry-After`; sent with 429 and 503 (default 1) or whenever given. */
  retryAfter?: number;
  /** Close the connection without answering. */
  drop?: boolean;
  /** Wait this long first (ms). */
  delay?: Latency;
}

/** A fault queued for the next requests that match it. */
export interface FaultRule extends Fault {
  /** Only requests for this operation (e.g. `GetAPITokens`). Default: any. */
  operationId?: string;
  /** Only this method. Default: any. */
  method?: string;
  /** Only this path: exact, without the query (`/v1/apitokens/abc`), or a path of the spec (`/v1/apitokens/{id}`). Default: any. */
  path?: string;
  /** How many matching requests fail; then the rule is gone. Default `1`. */
  times?: number;
}

export const DELAY_HEADER = "x-mock-delay";
export const FAULT_HEADER = "x-mock-fault";

const MAX_DELAY_MS = 120_000;

/** Parses `300` or `100-400` (ms). Throws naming the value when it is neither. */
export function parseLatency(text: string, what = "latency"): Latency {
  const m = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(text);
  const min = Number(m?.[1]);
  const max = m?.[2] === undefined ? min : Number(m[2]);
  if (!m || min > max || max > MAX_DELAY_MS) {
    throw new Error(`${what} must be milliseconds, "300" or a range "100-400" (at most ${MAX_DELAY_MS}), got "${text}"`);
  }
  return min === max ? min : [min, max];
}

/** An option's value as a refusal quotes it: text quoted, a list in brackets, any other object as "an object". */
export const describeValue = (value: unknown) =>
  typeof value === "string" ? JSON.stringify(value) : Array.isArray(value) ? `[${value.map(String).join(", ")}]` : value !== null && typeof value === "object" ? "an object" : String(value);

/**
 * A `latency` option, checked the one way the server and the handlers take it: whole milliseconds
 * (`300`) or a range (`[100, 400]`), and where the option may be text (the server's, as its
 * command line gives it) the same as `"300"` or `"100-400"`. The error's message starts "must be".
 */
export function checkLatency(value: unknown, { text = false } = {}): Latency {
  const given =
    typeof value === "number" ? String(value) : Array.isArray(value) && value.length === 2 && value.every((n) => typeof n === "number") ? value.join("-") : text && typeof value === "string" ? value : undefined;
  try {
    if (given === undefined) throw new Error();
    return parseLatency(given);
  } catch {
    throw new Error(`must be whole milliseconds, 300, or a range [100, 400]${text ? ' (or the same as text, "300" or "100-400")' : ""} with min <= max (at most ${MAX_DELAY_MS}), got ${describeValue(value)}`);
  }
}

export function pickDelay(latency: Latency | undefined): number {
  if (latency === undefined) return 0;
  if (typeof latency === "number") return latency;
  return latency[0] + Math.random() * (latency[1] - latency[0]);
}

/** Parses the `x-mock-fault` header: `429`, `503; retry-after=2`, `drop`. */
export function parseFaultHeader(text: string): Fault {
  const [head = "", ...params] = text.split(";").map((s) => s.trim().toLowerCase());
  const fault: Fault = {};
  if (head === "drop") fault.drop = true;
  else if (/^[45]\d\d$/.test(head)) fault.status = Number(head);
  else throw new Error(`${FAULT_HEADER} must be a status from 400 to 599 or "drop", got "${text}"`);
  for (const param of params) {
    const m = /^retry-after=(\d+)$/.exec(param);
    if (!m) throw new Error(`${FAULT_HEADER}: unknown parameter "${param}" (known: retry-after=<seconds>)`);
    fault.retryAfter = Number(m[1]);
  }
  return fault;
}

/** The fault a request asks for with its `x-mock-*` headers, on top of a queued one. Throws naming a bad header. */
export function requestedFault(header: (name: string) => string | null | undefined, queued?: Fault): Fault {
  const faultHeader = header(FAULT_HEADER);
  // The request's own failure replaces the queued rule's (a status for a drop, or the other way
  // round, with its Retry-After); the rule's delay stays unless x-mock-delay replaces it too.
  const fault: Fault = faultHeader ? { ...(queued?.delay === undefined ? {} : { delay: queued.delay }), ...parseFaultHeader(faultHeader) } : { ...queued };
  const delayHeader = header(DELAY_HEADER);
  if (delayHeader) fault.delay = parseLatency(delayHeader, DELAY_HEADER);
  return fault;
}

/** Edit distance (Levenshtein), to list the valid names nearest to a misspelt one first. */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = row;
  }
  return previous[b.length]!;
}

/** Valid values, nearest to `given` first (case ignored). */
export function nearestFirst(given: string, valid: string[]): string[] {
  const key = given.toLowerCase();
  return [...new Set(valid)].sort((a, b) => distance(key, a.toLowerCase()) - distance(key, b.toLowerCase()) || a.localeCompare(b));
}

/** The operations a rule could ever match: by operationId, method and path (a template or a concrete path). */
function checkTarget(rule: FaultRule, ops: Operation[]): void {
  const refuse = (field: string, value: string, valid: string[]) => {
    throw new Error(`fault rule: ${field} "${value}" names nothing in the spec, so the rule could never act (valid: ${nearestFirst(value, valid).join(", ")})`);
  };
  if (rule.operationId !== undefined && !ops.some((op) => op.operationId === rule.operationId)) refuse("operationId", rule.operationId, ops.map((op) => op.operationId));
  if (rule.method !== undefined && !ops.some((op) => op.method === rule.method!.toUpperCase())) refuse("method", rule.method, ops.map((op) => op.method));
  // A concrete path matches an operation only with every path parameter filled in: one left empty
  // ("/v1/apitokens/") is refused before faults apply, so a rule naming it could never act.
  const names = (op: Operation, path: string) => op.path === path || (op.pattern.test(path) && !/\/\/|.\/$/.test(path));
  if (rule.path !== undefined && !ops.some((op) => names(op, rule.path!))) refuse("path", rule.path, ops.map((op) => op.path));
  const candidates = ops.filter(
    (op) =>
      (rule.operationId === undefined || op.operationId === rule.operationId) &&
      (rule.method === undefined || op.method === rule.method!.toUpperCase()) &&
      (rule.path === undefined || names(op, rule.path)),
  );
  if (!candidates.length) throw new Error(`fault rule: no operation of the spec has this operationId, method and path together, so the rule could never act`);
}

/**
 * Checks a rule posted to `/__mock/faults` (or passed to `fault()`), naming the bad field; with the
 * spec's operations, also that its operationId, method and path name something there.
 */
export function checkRule(input: unknown, ops?: Operation[]): FaultRule {
  if (!input || typeof input !== "object" || Array.isArray(input)) throw new Error("a fault rule must be a JSON object");
  const rule = input as Record<string, unknown>;
  const known = ["status", "retryAfter", "drop", "delay", "operationId", "method", "path", "times"];
  const extra = Object.keys(rule).find((k) => !known.includes(k));
  if (extra) throw new Error(`fault rule: unknown field "${extra}" (known: ${known.join(", ")})`);
  if (rule.status !== undefined && !(Number.isInteger(rule.status) && (rule.status as number) >= 400 && (rule.status as number) <= 599)) {
    throw new Error(`fault rule: status must be an integer from 400 to 599, got ${JSON.stringify(rule.status)}`);
  }
  for (const key of ["retryAfter", "times"] as const) {
    const v = rule[key];
    const min = key === "times" ? 1 : 0;
    if (v !== undefined && !(Number.isInteger(v) && (v as number) >= min)) throw new Error(`fault rule: ${key} must be a whole number from ${min}, got ${JSON.stringify(v)}`);
  }
  if (rule.drop !== undefined && typeof rule.drop !== "boolean") throw new Error("fault rule: drop must be true or false");
  for (const key of ["operationId", "method", "path"] as const) {
    if (rule[key] !== undefined && typeof rule[key] !== "string") throw new Error(`fault rule: ${key} must be a string`);
  }
  let delay: Latency | undefined;
  if (rule.delay !== undefined) delay = parseLatency(String(Array.isArray(rule.delay) ? rule.delay.join("-") : rule.delay), "fault rule: delay");
  if (rule.status === undefined && !rule.drop && delay === undefined) throw new Error("fault rule: give status, drop or delay");
  // A dropped connection answers nothing: no status, no Retry-After. Such a rule could never act as written.
  if (rule.drop === true && rule.status !== undefined) {
    throw new Error(`fault rule: status ${JSON.stringify(rule.status)} and drop: true conflict (a dropped connection answers no status), so the rule could never act as written: give one of them`);
  }
  if (rule.retryAfter !== undefined && rule.status === undefined) {
    throw new Error(`fault rule: retryAfter ${JSON.stringify(rule.retryAfter)} needs a status (Retry-After is a header of the error answer${rule.drop === true ? "; a dropped connection answers nothing" : ""}), so the rule could never act as written`);
  }
  const checked: FaultRule = { ...(rule as FaultRule), ...(delay === undefined ? {} : { delay }) };
  if (ops) checkTarget(checked, ops);
  return checked;
}

/** The queued rules; `take` hands out the first one that matches a request and counts it down. */
export class FaultQueue {
  rules: FaultRule[] = [];

  add(rule: FaultRule): void {
    this.rules.push({ times: 1, ...rule });
  }

  clear(): void {
    this.rules = [];
  }

  take(request: { method: string; path: string; operationId: string | undefined; template: string | undefined }): Fault | undefined {
    const index = this.rules.findIndex(
      (r) =>
        (r.operationId === undefined || r.operationId === request.operationId) &&
        (r.method === undefined || r.method.toUpperCase() === request.method) &&
        (r.path === undefined || r.path === request.path || r.path === request.template),
    );
    if (index < 0) return undefined;
    const rule = this.rules[index]!;
    rule.times = (rule.times ?? 1) - 1;
    if (rule.times <= 0) this.rules.splice(index, 1);
    const { status, retryAfter, drop, delay } = rule;
    return { status, retryAfter, drop, delay };
  }
}
