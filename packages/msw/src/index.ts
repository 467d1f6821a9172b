// Mock Service Worker handlers for both token APIs, for Storybook, vitest/jsdom and the browser:
// no server to start, and no Prism installed.
//
//   import { setupServer } from "msw/node";          // or setupWorker from "msw/browser"
//   import { createHandlers } from "@tokenkit/msw";
//   const mock = createHandlers();
//   const server = setupServer(...mock);
//   mock.fault({ operationId: "GetAPITokens", status: 429 }); mock.requests(); mock.reset();
//
// A thin adapter: every request goes through the same engine as the mock server (engine.ts), with
// the inline checker (checker.ts) where the server has Prism. The handlers are an array (spread
// it into msw) that also carries the engine's controls.
import { http, type HttpHandler } from "msw";
import bundledSpec from "@tokenkit/types/openapi.json" with { type: "json" };
import { inlineChecker } from "./checker.js";
import { MockEngine, toResponse, type MockControls } from "./engine.js";
import { checkLatency, describeValue, type Latency } from "./faults.js";
import type { JournalEntry } from "./journal.js";
import { matchOperation, operations, type Json, type Match } from "./spec.js";
import type { StateFixtures } from "./state.js";
import { checkFixtures } from "./validate.js";

export { DELAY_HEADER, FAULT_HEADER, type Fault, type FaultRule, type Latency } from "./faults.js";
export type { JournalEntry, OperationViolations, Violation, ViolationCount } from "./journal.js";
export type { StateFixtures } from "./state.js";
export type { MockControls } from "./engine.js";

export interface HandlerOptions {
  /**
   * Only answer requests to this base URL (e.g. `http://127.0.0.1:4010`, or your production URL).
   * Default: any origin, so the app's own base URL works unchanged.
   */
  baseUrl?: string;
  /** Keep API tokens and groups in memory, as `--stateful` does (optionally from fixtures). Default `false`. */
  stateful?: boolean | StateFixtures;
  /** Delay every answer by this many ms, or by a random amount in `[min, max]`. Default none. */
  latency?: Latency;
  /** The bundled OpenAPI document to answer from. Default: the spec shipped in `@tokenkit/types`. */
  spec?: Json;
  /** Called with each journal entry once its request is answered. Default none. */
  onRequest?: (entry: JournalEntry) => void;
}

/** The handlers, one per operation, with the controls: queued faults, the journal, reset, state. */
export type MockHandlers = HttpHandler[] & MockControls;

/**
 * An option `createHandlers` cannot use: the message is one line naming the option, the problem
 * and what it takes. Thrown before any handler exists.
 */
export class HandlerOptionError extends Error {
  constructor(
    readonly option: string,
    problem: string,
  ) {
    super(`${option}: ${problem}`);
    this.name = "HandlerOptionError";
  }
}

/** Every option `createHandlers` takes (the type makes the list complete): a name outside it is refused, not ignored. */
const KNOWN_OPTIONS: Record<keyof HandlerOptions, true> = { baseUrl: true, stateful: true, latency: true, spec: true, onRequest: true };
const OPTIONS = Object.keys(KNOWN_OPTIONS);

/** The options, checked once: each mistake is a `HandlerOptionError` naming the option. */
function checkOptions(options: HandlerOptions) {
  if (!options || typeof options !== "object" || Array.isArray(options)) throw new HandlerOptionError("options", `must be an object of ${OPTIONS.join(", ")}, got ${describeValue(options)}`);
  const unknown = Object.keys(options).find((key) => !Object.hasOwn(KNOWN_OPTIONS, key));
  if (unknown) throw new HandlerOptionError(unknown, `unknown option (known: ${OPTIONS.join(", ")})`);

  // Only an option left out (or undefined) takes the bundled spec; null is a mistake like any other value.
  const doc = options.spec === undefined ? (bundledSpec as Json) : options.spec;
  if (!doc || typeof doc !== "object" || Array.isArray(doc) || !doc.paths || typeof doc.paths !== "object") {
    throw new HandlerOptionError("spec", `must be a bundled OpenAPI document, an object with "paths" (a parsed openapi.json), got ${describeValue(options.spec)}`);
  }
  const ops = operations(doc);

  // The base as the Fetch API spells request URLs (lower-case host, no default port), without a trailing "/".
  let base: string | undefined;
  let basePath = "";
  if (options.baseUrl !== undefined) {
    const url = typeof options.baseUrl === "string" && URL.canParse(options.baseUrl) ? new URL(options.baseUrl) : undefined;
    if (!url || (url.protocol !== "http:" && url.protocol !== "https:") || url.search || url.hash) {
      throw new HandlerOptionError("baseUrl", `must be an absolute http(s) URL without query or fragment, e.g. "https://api.example.com" or "http://localhost:3000/api", got ${describeValue(options.baseUrl)}`);
    }
    basePath = url.pathname.replace(/\/$/, "");
    base = url.origin + basePath;
  }

  let latency: Latency | undefined;
  if (options.latency !== undefined) {
    try {
      latency = checkLatency(options.latency);
    } catch (err) {
      throw new HandlerOptionError("latency", (err as Error).message);
    }
  }

  const stateful: unknown = options.stateful;
  if (stateful !== undefined && typeof stateful !== "boolean") {
    if (!stateful || typeof stateful !== "object" || Array.isArray(stateful)) {
      throw new HandlerOptionError("stateful", `must be true, false or fixtures { tokens, groups, api_tokens, resourceTokens, users, allowedRoles }, got ${describeValue(stateful)}`);
    }
    try {
      checkFixtures(doc, ops, stateful as Record<string, unknown>, "stateful");
    } catch (err) {
      throw new HandlerOptionError("stateful", (err as Error).message.replace(/^stateful: /, ""));
    }
  }

  if (options.onRequest !== undefined && typeof options.onRequest !== "function") {
    throw new HandlerOptionError("onRequest", `must be a function called with each journal entry, got ${describeValue(options.onRequest)}`);
  }
  return { doc, base, basePath, latency };
}

/**
 * One handler per operation of the spec, carrying the mock's controls. An option it cannot use
 * throws a `HandlerOptionError` naming it.
 */
export function createHandlers(options: HandlerOptions = {}): MockHandlers {
  const { doc, base, basePath, latency } = checkOptions(options);
  const engine = new MockEngine({ doc, backend: inlineChecker(doc), stateful: options.stateful, latency, basePath, onEntry: options.onRequest });
  // Every handler's predicate asks which operation a request is for: the answer is worked out once.
  const matches = new WeakMap<Request, Match | null>();
  const matchOf = (request: Request) => {
    let found = matches.get(request);
    if (found === undefined) {
      const inScope = base === undefined || request.url.startsWith(`${base}/`);
      found = (inScope && matchOperation(engine.ops, request.method, new URL(request.url).pathname.slice(basePath.length))) || null;
      matches.set(request, found);
    }
    return found;
  };

  const handlers = engine.ops.map((op) =>
    http[op.method.toLowerCase() as "get"](
      ({ request }) => matchOf(request)?.operation === op,
      async ({ request }) => {
        const outcome = await engine.handle(request);
        outcome.finish();
        return outcome.reply ? toResponse(outcome.reply) : Response.error();
      },
    ),
  );
  return Object.assign(handlers, engine.controls());
}
