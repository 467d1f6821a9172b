// The mock engine: one pipeline from a Fetch `Request` to an answer, independent of its transport
// (the pattern of msw's RequestHandler, parse → predicate → run → log, and of Prism's negotiate →
// assemble). Everything the mock decides itself is here, once:
//
//   parse ─▶ front checks ─▶ fault · delay · drop ─▶ request checks ─▶ backend ─▶ state ─▶ journal
//
// Three backends answer what the pipeline does not: Prism, behind the mock server (@tokenkit/mock,
// which adapts node:http to this), the inline checker (checker.ts), behind the MSW handlers
// (index.ts), and the real service, when the mock server is a proxy (`proxy: true`): then the
// engine answers only faults itself, passes every other request on as sent, and checks the
// request and the service's answer against the spec with the inline checker's checks, recording
// each disagreement in the journal. A feature written here reaches all three. Browser-safe:
// Fetch API and Web Crypto only.
//
// It lives in @tokenkit/msw, the package without Prism, so the browser gets it without a server's
// dependencies, and @tokenkit/mock imports it from there (`@tokenkit/msw/engine`).
import { badMockHeader, correctedAnswer, emptyParameterAnswer, faultAnswer, frontRefusal, apiError, type OwnAnswer } from "./answers.js";
import { grpc } from "./errors.js";
import { checkRule, FaultQueue, pickDelay, requestedFault, type Fault, type FaultRule, type Latency } from "./faults.js";
import { MISSING_CREDENTIALS, specChecker, type SpecChecker } from "./checker.js";
import { asciiJson, credentialsOf, journalBody, Journal, maskAll, maskEntry, maskHeaders, queryObject, ViolationSummary, type JournalEntry, type OperationViolations, type Violation } from "./journal.js";
import { isJsonType, jsonMediaType, matchOperation, operations, type Json, type Match, type Operation } from "./spec.js";
import { MockState, type StateFixtures } from "./state.js";

/** Bodies larger than this are refused (413): the APIs take small JSON documents. */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;
/** A longer URL (path and query) is refused (400) before any backend sees it. */
export const MAX_URL_LENGTH = 8192;
/** A longer header value is refused (400) before any backend sees it. */
export const MAX_HEADER_LENGTH = 8192;
/**
 * A body whose arrays and objects nest deeper than this is refused (400) before any backend sees
 * it: no schema of the APIs nests more than a few levels, and Prism answers its own 500 to a
 * body nested a few thousand levels deep (its validator runs out of stack).
 */
export const MAX_BODY_DEPTH = 1000;

/** Whether the JSON text's arrays and objects nest deeper than `limit` (brackets inside strings aside). */
export function nestsDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // a backslash escapes the next character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

/** Prism's `Prefer` header: `code=404`, `example=name`, `dynamic=true`, comma-separated. */
export interface Prefer {
  code?: number;
  example?: string;
  dynamic?: boolean;
  /** Set when `code=` or `example=` asks for what no answer can be (`code=999`, `code=abc`, `example=`): the request's mistake. */
  problem?: string;
}

/** What the pipeline hands a backend: a request that passed every check of its own. */
export interface BackendCall {
  method: string;
  /** Path (relative to the mock's base) and query. Every percent-escape in it decodes. */
  url: URL;
  /** The request's headers; `content-type` is `application/json` when the body is read as JSON. */
  headers: Headers;
  text: string;
  /** The body as received. */
  bytes: Uint8Array;
  /** The body as JSON; undefined when there is none (or, through the proxy, when it is not JSON). */
  body: unknown;
  match: Match | undefined;
  prefer: Prefer;
  /** Aborted when the app has gone (it closed the connection): the backend may stop waiting. */
  signal?: AbortSignal;
}

export interface Reply {
  status: number;
  headers: Record<string, string>;
  /** Text, or the bytes as a backend received them (what the proxy passes on unchanged). */
  body: string | Uint8Array;
  /**
   * Each `Set-Cookie` header as received, when there are several: unlike other headers they
   * cannot be joined into one (`headers["set-cookie"]` holds them joined, for the checks).
   */
  setCookie?: string[];
}

/** Answers a request the pipeline passes on (Prism over HTTP, or the inline checker). */
export type Backend = (call: BackendCall) => Promise<Reply>;

export interface EngineOptions {
  /** The bundled OpenAPI document. */
  doc: Json;
  backend: Backend;
  /** Keep tokens and groups in memory (`true`, or the fixtures to start from). */
  stateful?: boolean | StateFixtures;
  /** Delay every answer by this many ms, or by a random amount in `[min, max]`. */
  latency?: Latency;
  /** The path prefix the mock is served under (MSW's `baseUrl`); requests' paths are read after it. */
  basePath?: string;
  /** Called with each journal entry once it is complete (a request answered, or an event). */
  onEntry?: (entry: JournalEntry) => void;
  /**
   * The backend is the real service: every request that is not faulted goes to it as sent (less
   * the `x-mock-*` headers), the app gets its answer unchanged, and what the request and the
   * answer get wrong against the spec is recorded. No state: `stateful` is ignored.
   */
  proxy?: boolean;
}

/** The controls both the mock server and the MSW handlers offer in code. */
export interface MockControls {
  /** The requests received so far, oldest first. */
  requests(): JournalEntry[];
  /** Forgets the requests received so far. */
  clearRequests(): void;
  /** Makes the next matching requests fail or wait; a rule naming no operation of the spec is refused. */
  fault(rule: FaultRule | FaultRule[]): void;
  /** The queued fault rules. */
  faults(): FaultRule[];
  /** Forgets the queued fault rules. */
  clearFaults(): void;
  /** Back to the initial state, with no queued faults. */
  reset(): void;
  /** The stored tokens, groups, account API tokens, resource tokens, users and roles; `undefined` unless stateful. */
  state(): Required<StateFixtures> | undefined;
  /** The violations of every request since the start (or the last `clearViolations`), counted per operation. */
  violations(): OperationViolations[];
  /** Starts the count of violations afresh. */
  clearViolations(): void;
}

/** The answer to one request; `reply` is `null` when the connection is to be dropped. */
export interface Outcome {
  reply: Reply | null;
  entry: JournalEntry;
  /** Completes the journal entry once the answer is out (or the client had gone). */
  finish(closedByClient?: boolean): void;
}

/** Parses `Prefer`: `code=404`, `example=name`, `dynamic=true`, separated by `,` or `;`. */
export function parsePrefer(header: string | null): Prefer {
  const out: Prefer = {};
  for (const part of (header ?? "").split(/[,;]/)) {
    const [key, value] = part.split("=").map((s) => s.trim());
    if (key === "code") {
      if (value && /^\d{3}$/.test(value) && Number(value) >= 200 && Number(value) <= 599) out.code = Number(value);
      else out.problem = `Prefer: code= takes a status from 200 to 599, got ${value || '""'}`;
    }
    if (key === "example") {
      if (value) out.example = value;
      else out.problem = 'Prefer: example= takes the name of one of the operation\'s examples, got ""';
    }
    if (key === "dynamic" && value) out.dynamic = value === "true";
  }
  return out;
}

const HEX_ESCAPE = /%(?![0-9a-f]{2})/i;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/** What makes a request unfit for any backend (Prism exits on some of these), or undefined. */
export function unfitRequest(url: URL, headers: Headers): { where: string; problem: string } | undefined {
  const target = url.pathname + url.search;
  if (target.length > MAX_URL_LENGTH) return { where: "path", problem: `the URL is ${target.length} characters long (at most ${MAX_URL_LENGTH})` };
  // Prism reads "//host/x" as another host's URL; no operation's path starts with an empty segment.
  if (url.pathname.startsWith("//")) return { where: "path", problem: 'the path starts with "//"' };
  for (const [where, raw, decode] of [
    ["path", url.pathname, decodeURIComponent],
    ["query", url.search.slice(1), (s: string) => decodeURIComponent(s.replace(/\+/g, " "))],
  ] as const) {
    if (HEX_ESCAPE.test(raw)) return { where, problem: `the ${where} has a "%" that is not followed by two hex digits` };
    let decoded: string;
    try {
      decoded = decode(raw);
    } catch {
      return { where, problem: `the ${where} has a percent-escape that is not UTF-8 (e.g. %FF, an over-long form or a lone surrogate)` };
    }
    if (CONTROL.test(decoded)) return { where, problem: `the ${where} holds a control character` };
  }
  for (const [name, value] of headers) {
    if (value.length > MAX_HEADER_LENGTH) return { where: "header", problem: `header ${name} is ${value.length} characters long (at most ${MAX_HEADER_LENGTH})` };
  }
  return undefined;
}

const decoder = new TextDecoder();
const textOf = (body: string | Uint8Array) => (typeof body === "string" ? body : decoder.decode(body));

/** JSON, or undefined when the text is not JSON. */
function parsedOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const replyOf = (answer: OwnAnswer): Reply => ({ status: answer.status, headers: { ...answer.headers }, body: JSON.stringify(answer.body) });

function violationsOf(header: string | undefined): Violation[] {
  if (!header) return [];
  try {
    const parsed: unknown = JSON.parse(header);
    return Array.isArray(parsed) ? (parsed as Violation[]) : [];
  } catch {
    return [];
  }
}

/** A Fetch `Response` for a reply (a status that cannot carry a body gets none). */
export function toResponse(reply: Reply): Response {
  const empty = reply.status === 204 || reply.status === 205 || reply.status === 304;
  return new Response(empty ? null : (reply.body as BodyInit), { status: reply.status, headers: reply.headers });
}

export class MockEngine implements MockControls {
  readonly doc: Json;
  readonly ops: Operation[];
  private readonly journal = new Journal();
  /** Each pending entry's credentials, to mask when it is recorded. */
  private readonly credentials = new WeakMap<JournalEntry, string[]>();
  /** The credentials of the last requests, newest last, for `maskCredentials`. */
  private readonly recentCredentials = new Set<string>();
  /** The same, longest first (so `Bearer <token>` goes whole before the token in it); sorted again only after a change. */
  private longestFirst: string[] | undefined;
  private readonly queue = new FaultQueue();
  private readonly mockState: MockState | undefined;
  private readonly summary: ViolationSummary;
  /** The checks of requests and answers the proxy records; none for the other backends, which check requests themselves. */
  private readonly checker: SpecChecker | undefined;

  constructor(private readonly options: EngineOptions) {
    this.doc = options.doc;
    this.ops = operations(options.doc);
    const fixtures = options.stateful;
    this.mockState = fixtures && !options.proxy ? new MockState(this.doc, this.ops, fixtures === true ? {} : fixtures) : undefined;
    this.summary = new ViolationSummary(this.ops.map((op) => op.operationId));
    this.checker = options.proxy ? specChecker(this.doc) : undefined;
  }

  requests = () => this.journal.list();
  clearRequests = () => this.journal.clear();
  fault = (rule: FaultRule | FaultRule[]) => {
    // All or nothing: a list with one bad rule queues none.
    const checked = (Array.isArray(rule) ? rule : [rule]).map((r) => checkRule(r, this.ops));
    for (const r of checked) this.queue.add(r);
  };
  faults = () => structuredClone(this.queue.rules);
  clearFaults = () => this.queue.clear();
  reset = () => {
    this.mockState?.reset();
    this.queue.clear();
  };
  state = () => this.mockState?.snapshot();
  violations = () => this.summary.list();
  clearViolations = () => this.summary.clear();

  /** The controls alone, to hand out with a transport (the server's handle, the handlers array). */
  controls(): MockControls {
    const { requests, clearRequests, fault, faults, clearFaults, reset, state, violations, clearViolations } = this;
    return { requests, clearRequests, fault, faults, clearFaults, reset, state, violations, clearViolations };
  }

  /**
   * `text` with the credentials of the last requests (up to RECENT_CREDENTIALS of them) hidden:
   * for what a backend prints about them (Prism's log quotes a request's path).
   */
  maskCredentials(text: string): string {
    if (!text) return text;
    this.longestFirst ??= [...this.recentCredentials].sort((a, b) => b.length - a.length);
    return maskAll(text, this.longestFirst);
  }

  /** Records something the mock did by itself (e.g. restarting Prism) as a journal entry. */
  note(event: string): void {
    const entry = this.newEntry("", "", new URLSearchParams(), {}, undefined, "");
    entry.event = event;
    this.record(entry);
  }

  /**
   * Answers a request the transport could not turn into a Fetch `Request` (a method Fetch
   * forbids, a target that is not a path): 400 in the family's error shape, journaled.
   */
  refuse(method: string, target: string, problem: string): Outcome {
    const started = performance.now();
    const path = target.split("?")[0] ?? "";
    const entry = this.newEntry(method, path, new URLSearchParams(), {}, undefined, "");
    const answer = frontRefusal(this.doc, this.ops, undefined, path, "request", problem);
    entry.violations.push(...answer.violations);
    return this.outcome(entry, replyOf(answer), started);
  }

  /**
   * A request whose client closed the connection before its body had all arrived (an upload
   * abandoned): journaled with its method, path, query, headers and operation, no body, no answer
   * and `closedByClient: true`, whatever `finish` is then told.
   */
  abandoned(method: string, path: string, query: URLSearchParams, headers: Headers, started = performance.now()): Outcome {
    const basePath = this.options.basePath ?? "";
    const pathname = path.startsWith(basePath) ? path.slice(basePath.length) || "/" : path;
    const upper = method.toUpperCase();
    const entry = this.newEntry(upper, pathname, query, Object.fromEntries(headers), matchOperation(this.ops, upper, pathname)?.operation, "");
    // When it arrived, not when its client left.
    entry.time = new Date(Date.now() - (performance.now() - started)).toISOString();
    const outcome = this.outcome(entry, null, started);
    return { ...outcome, finish: () => outcome.finish(true) };
  }

  async handle(request: Request, context: { bodyTooLarge?: boolean } = {}): Promise<Outcome> {
    const started = performance.now();
    const url = new URL(request.url);
    const basePath = this.options.basePath ?? "";
    const pathname = url.pathname.slice(basePath.length) || "/";
    const method = request.method.toUpperCase();
    const match = matchOperation(this.ops, method, pathname);
    const op = match?.operation;
    let bytes: Uint8Array;
    try {
      bytes = context.bodyTooLarge ? new Uint8Array() : new Uint8Array(await request.arrayBuffer());
    } catch {
      // The body broke off: the client left before sending all of it, and there is no one to answer.
      return this.abandoned(method, url.pathname, url.searchParams, request.headers, started);
    }
    const text = decoder.decode(bytes);
    const entry = this.newEntry(method, pathname, url.searchParams, Object.fromEntries(request.headers), op, text);
    const finishWith = (reply: Reply | null) => this.outcome(entry, reply, started);
    const own = (answer: OwnAnswer) => {
      entry.violations.push(...answer.violations);
      return finishWith(replyOf(answer));
    };

    // Front checks: what no backend can take (Prism exits on a malformed escape). An empty path
    // parameter is named as such, before the empty segment it may leave.
    const empty = emptyParameterAnswer(this.doc, this.ops, match, pathname);
    if (empty) return own(empty);
    const unfit = unfitRequest(url, request.headers);
    if (unfit) return own(frontRefusal(this.doc, this.ops, op, pathname, unfit.where, unfit.problem));
    if (context.bodyTooLarge || bytes.length > MAX_BODY_BYTES) {
      return own(apiError(this.doc, this.ops, op, pathname, grpc.INVALID_ARGUMENT, `invalid argument: the body is larger than ${MAX_BODY_BYTES} bytes`, 413));
    }
    if (nestsDeeperThan(text, MAX_BODY_DEPTH)) return own(frontRefusal(this.doc, this.ops, op, pathname, "body", `the body nests arrays or objects more than ${MAX_BODY_DEPTH} levels deep`));

    // Faults on cue: a queued rule, then the request's own x-mock-* headers on top.
    let fault: Fault;
    try {
      fault = requestedFault((name) => request.headers.get(name), this.queue.take({ method, path: pathname, operationId: op?.operationId, template: op?.path }));
    } catch (err) {
      return own(badMockHeader(this.doc, this.ops, op, pathname, (err as Error).message));
    }
    const wait = pickDelay(fault.delay ?? this.options.latency);
    if (wait > 0) {
      if (fault.delay !== undefined) entry.fault = `delay ${Math.round(wait)}ms`;
      await sleep(wait);
    }
    if (fault.drop) {
      entry.fault = "drop";
      return finishWith(null);
    }
    if (fault.status) {
      entry.fault = String(fault.status);
      return own(faultAnswer(this.doc, this.ops, op, pathname, { ...fault, status: fault.status }));
    }

    // The APIs take JSON only, and their gateways read any body as JSON whatever its
    // Content-Type says, so `fetch`'s default `text/plain;charset=UTF-8` is read as JSON too.
    const headers = new Headers(request.headers);
    const readsJson = text.length > 0 && (isJsonType(headers.get("content-type")) || (op !== undefined && jsonMediaType(op.requestBody) !== undefined));
    if (readsJson) headers.set("content-type", "application/json");
    // A request the mock would correct goes to the real service all the same: its answer is the point.
    const corrected = correctedAnswer(this.doc, this.ops, match, pathname, readsJson, text);
    if (corrected && !this.checker) return own(corrected);

    const body = readsJson ? parsedOrUndefined(text) : undefined;
    const backendUrlOf = backendUrl(url.origin, pathname, url.search);
    if (this.checker) entry.violations.push(...(corrected?.violations ?? []), ...this.requestViolations(match, backendUrlOf, headers, text, body, method, pathname));
    const prefer = parsePrefer(headers.get("prefer"));
    // `Prefer: code=999`, `code=abc` or `example=` asks for what no answer can be: the request's
    // mistake, named like a bad x-mock-* header. Through the proxy the service reads its own headers.
    if (!this.checker && prefer.problem) return own(badMockHeader(this.doc, this.ops, op, pathname, prefer.problem));
    let reply: Reply;
    try {
      reply = await this.options.backend({ method, url: backendUrlOf, headers: this.checker ? forwarded(request.headers) : headers, text, bytes, body, match, prefer, signal: request.signal });
    } catch (err) {
      return own(apiError(this.doc, this.ops, op, pathname, grpc.UNAVAILABLE, `the mock's backend did not answer: ${(err as Error).message}`, 502));
    }
    // A backend's status no Fetch `Response` can carry.
    if (reply.status < 200 || reply.status > 599) return own(apiError(this.doc, this.ops, op, pathname, grpc.INTERNAL, `internal: the answer's status ${reply.status} cannot be sent`, 500));
    if (this.checker) {
      // The service's answer, unchanged; what it gets wrong goes to the journal only.
      if (op) entry.violations.push(...this.checker.response(op, { status: reply.status, headers: lowerCaseKeys(reply.headers), text: textOf(reply.body) }));
      return finishWith(reply);
    }
    const violations = violationsOf(reply.headers["sl-violations"]);
    entry.violations.push(...violations);
    // Prism quotes the request in its messages; a header carries only printable ASCII safely.
    if (violations.length) reply = { ...reply, headers: { ...reply.headers, "sl-violations": asciiJson(violations) } };
    if (this.mockState && match && !headers.has("prefer") && reply.status >= 200 && reply.status < 300) reply = this.stateful(match, url, body, reply);
    return finishWith(reply);
  }

  /** The state's answer in place of the backend's successful one. */
  private stateful(match: Match, url: URL, body: unknown, reply: Reply): Reply {
    let backendBody: unknown;
    try {
      const text = textOf(reply.body);
      backendBody = text ? JSON.parse(text) : undefined;
    } catch {
      return reply; // not JSON: nothing the state could rewrite
    }
    const answer = this.mockState!.answer(match.operation, { params: match.params, query: url.searchParams, body }, { status: reply.status, body: backendBody });
    return { status: answer.status, headers: { ...reply.headers, "content-type": "application/json" }, body: JSON.stringify(answer.body) };
  }

  /** What a request sent through the proxy gets wrong against the spec (it is sent all the same). */
  private requestViolations(match: Match | undefined, url: URL, headers: Headers, text: string, body: unknown, method: string, pathname: string): Violation[] {
    if (!match) return [{ location: ["request"], severity: "Error", code: "undocumented_operation", message: `no operation of the spec is ${method} ${pathname}` }];
    const { violations, authorized } = this.checker!.request(match.operation, url, headers, text, body);
    return authorized ? violations : [MISSING_CREDENTIALS, ...violations];
  }

  private newEntry(method: string, path: string, query: URLSearchParams, headers: Record<string, string>, op: Operation | undefined, text: string): JournalEntry {
    const credentials = credentialsOf(headers, query);
    const entry: JournalEntry = {
      seq: this.journal.nextSeq(),
      time: new Date().toISOString(),
      event: null,
      method,
      path,
      query: queryObject(query),
      headers: maskHeaders(headers),
      body: journalBody(text, credentials),
      operationId: op?.operationId ?? null,
      status: null,
      closedByClient: false,
      violations: [],
      fault: null,
      durationMs: 0,
    };
    this.credentials.set(entry, credentials);
    for (const credential of credentials) {
      if (!this.recentCredentials.has(credential)) this.longestFirst = undefined;
      this.recentCredentials.delete(credential);
      this.recentCredentials.add(credential);
    }
    for (const oldest of this.recentCredentials) {
      if (this.recentCredentials.size <= RECENT_CREDENTIALS) break;
      this.recentCredentials.delete(oldest);
      this.longestFirst = undefined;
    }
    return entry;
  }

  private outcome(entry: JournalEntry, reply: Reply | null, started: number): Outcome {
    let finished = false;
    return {
      reply,
      entry,
      finish: (closedByClient = false) => {
        if (finished) return;
        finished = true;
        entry.status = reply && !closedByClient ? reply.status : null;
        entry.closedByClient = closedByClient;
        entry.durationMs = Math.round(performance.now() - started);
        this.record(entry);
      },
    };
  }

  private record(entry: JournalEntry): void {
    // The request's credentials, wherever it or a violation quoting it repeats them.
    maskEntry(entry, this.credentials.get(entry) ?? []);
    this.journal.add(entry);
    this.summary.add(entry);
    this.options.onEntry?.(structuredClone(entry));
  }
}

export { checkLatency, checkRule, DELAY_HEADER, FAULT_HEADER, nearestFirst, parseFaultHeader, parseLatency, type Fault, type FaultRule, type Latency } from "./faults.js";
export { credentialsOf, CREDENTIAL_PARAMS, formatEntry, JOURNAL_BODY_LIMIT, JOURNAL_LIMIT, maskCredential, maskHeaders, VIOLATION_KINDS_LIMIT, type JournalEntry, type OperationViolations, type Violation, type ViolationCount } from "./journal.js";
export { specChecker, type Answer, type SpecChecker } from "./checker.js";
export { apiError, type OwnAnswer } from "./answers.js";
export { grpc } from "./errors.js";
export { examplesOf, deref, familyOfPath, isJsonType, jsonMedia, matchOperation, operations, successStatus, type Json, type Match, type Operation } from "./spec.js";
export { MockState, type StateFixtures } from "./state.js";
export { collections, pagingOf, PAGE_NUMBER, PAGE_TOKEN, FILTER_PREFIX, type Collection, type Role } from "./collections.js";
export { mintToken, isJwt, jwtClaims } from "./tokens.js";
export { checkFixtures, responseValidator, type ResponseValidator } from "./validate.js";
export { schemaValidator, jsonSchemaPointer, pointerPart } from "./schemas.js";

/** How many credentials of the last requests `maskCredentials` hides. */
const RECENT_CREDENTIALS = 1000;

/** The request's headers as the real service gets them: the mock's own `x-mock-*` controls removed. */
function forwarded(headers: Headers): Headers {
  const out = new Headers(headers);
  for (const name of [...out.keys()]) if (name.startsWith("x-mock-")) out.delete(name);
  return out;
}

const lowerCaseKeys = (headers: Record<string, string>) => Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));

/** The backend's URL, built by parts: `new URL("//host/x", origin)` would read a path that starts with `//` as another host. */
function backendUrl(origin: string, pathname: string, search: string): URL {
  const target = new URL(origin);
  target.pathname = pathname;
  target.search = search;
  return target;
}
