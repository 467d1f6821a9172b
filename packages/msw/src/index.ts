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
import type { Latency } from "./faults.js";
import type { JournalEntry } from "./journal.js";
import { matchOperation, type Json, type Match } from "./spec.js";
import type { StateFixtures } from "./state.js";

export { DELAY_HEADER, FAULT_HEADER, type Fault, type FaultRule, type Latency } from "./faults.js";
export type { JournalEntry, Violation } from "./journal.js";
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

/** One handler per operation of the spec, carrying the mock's controls. */
export function createHandlers(options: HandlerOptions = {}): MockHandlers {
  const doc = options.spec ?? (bundledSpec as Json);
  const base = options.baseUrl?.replace(/\/$/, "");
  const basePath = base === undefined ? "" : new URL(base).pathname.replace(/\/$/, "");
  const engine = new MockEngine({ doc, backend: inlineChecker(doc), stateful: options.stateful, latency: options.latency, basePath, onEntry: options.onRequest });
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
