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
  /** Only this path (exact, without the query). Default: any. */
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
  const fault: Fault = { ...queued };
  const faultHeader = header(FAULT_HEADER);
  if (faultHeader) Object.assign(fault, parseFaultHeader(faultHeader));
  const delayHeader = header(DELAY_HEADER);
  if (delayHeader) fault.delay = parseLatency(delayHeader, DELAY_HEADER);
  return fault;
}

/** Checks a rule posted to `/__mock/faults` (or passed to `mock.fault()`), naming the bad field. */
export function checkRule(input: unknown): FaultRule {
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
  return { ...(rule as FaultRule), ...(delay === undefined ? {} : { delay }) };
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

  take(request: { method: string; path: string; operationId: string | undefined }): Fault | undefined {
    const index = this.rules.findIndex(
      (r) =>
        (r.operationId === undefined || r.operationId === request.operationId) &&
        (r.method === undefined || r.method.toUpperCase() === request.method) &&
        (r.path === undefined || r.path === request.path),
    );
    if (index < 0) return undefined;
    const rule = this.rules[index]!;
    rule.times = (rule.times ?? 1) - 1;
    if (rule.times <= 0) this.rules.splice(index, 1);
    const { status, retryAfter, drop, delay } = rule;
    return { status, retryAfter, drop, delay };
  }
}
