// One table of cases, run through the mock server (the engine behind node:http, Prism as its
// backend) and through the MSW handlers (the same engine, the inline checker as its backend):
// both must give the same status, body, sl-violations and journal entry. Every case is derived
// from the spec: every documented answer of every operation, 401s, missing required headers,
// invalid bodies, query values and headers, a JSON body sent as text/plain, malformed URLs,
// queued and header faults, delays, drops, and the state's own answers.
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createHandlers, type MockControls } from "@tokenkit/msw";
import type { JournalEntry, MockServer } from "../src/index.js";
import { auth, exampleRequests, preferCases, startMockSharingPrism, timeout, type ExampleRequest } from "./helpers.js";

interface Target {
  origin: string;
  controls: MockControls;
}
interface Send {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string | undefined;
}
interface Case {
  name: string;
  /** Queues what the case needs through the target's controls, before it is sent. */
  setup?: (controls: MockControls) => void;
  send: Send;
}

type Observation = Awaited<ReturnType<typeof observe>>;

/** What the app saw, and what the journal says about it (fields that depend on the transport aside). */
async function observe(target: Target, c: Case) {
  target.controls.clearRequests();
  target.controls.clearFaults();
  c.setup?.(target.controls);
  let answer: { status: number; body: unknown; violations: unknown; retryAfter: string | null } | "network error";
  try {
    const response = await fetch(target.origin + c.send.path, { method: c.send.method, headers: c.send.headers, body: c.send.body, signal: timeout() });
    const text = await response.text();
    answer = { status: response.status, body: text ? JSON.parse(text) : null, violations: JSON.parse(response.headers.get("sl-violations") ?? "null"), retryAfter: response.headers.get("retry-after") };
  } catch {
    answer = "network error";
  }
  const entries = target.controls.requests();
  const { method, path, query, body, operationId, status, closedByClient, violations, fault, event } = entries.at(-1) as JournalEntry;
  return { answer, journal: { entries: entries.length, method, path, query, body, operationId, status, closedByClient, violations, fault, event } };
}

const bodyOf = (r: ExampleRequest) => (r.body === undefined ? undefined : JSON.stringify(r.body));
const wrongType = (value: unknown) => (typeof value === "string" ? 5 : "not-the-type");

const cases: Case[] = [
  // Every documented answer, asked for with Prefer; the default answer; 401; a missing header.
  ...preferCases.map((c) => ({ name: c.name, send: c })),
  ...exampleRequests.flatMap((r): Case[] => {
    const id = r.op.operationId;
    const base = { method: r.method, path: r.path, headers: auth, body: bodyOf(r) };
    const withPath = (value: string) => ({ ...base, path: r.op.path.replace(/\{[^}]+\}/g, value) });
    return [
      // Bodies: none, {}, each field of the example of the wrong type, not JSON, JSON as text/plain.
      ...(r.body === undefined
        ? []
        : [
            { name: `${id} without a body`, send: { ...base, body: undefined } },
            { name: `${id} with {}`, send: { ...base, body: "{}" } },
            ...Object.keys(r.body as object).map((field) => ({
              name: `${id} with ${field} of the wrong type`,
              send: { ...base, body: JSON.stringify({ ...(r.body as object), [field]: wrongType((r.body as Record<string, unknown>)[field]) }) },
            })),
            { name: `${id} with a body that is not JSON`, send: { ...base, body: '{"name": ' } },
            { name: `${id} with its JSON body sent as text/plain`, send: { ...base, headers: { ...auth, "Content-Type": "text/plain;charset=UTF-8" } } },
          ]),
      // Query and header values: each non-string query parameter given a value of no type, each header sent empty.
      ...r.op.parameters.flatMap((p): Case[] => {
        if (p.in === "query" && p.schema?.type && p.schema.type !== "string") {
          const url = new URL(r.path, "http://x");
          url.searchParams.set(p.name, `not-a-${p.schema.type}`);
          return [{ name: `${id} with ${p.name}=not-a-${p.schema.type}`, send: { ...base, path: url.pathname + url.search } }];
        }
        return p.in === "header" ? [{ name: `${id} with ${p.name} empty`, send: { ...base, headers: { ...auth, [p.name]: "" } } }] : [];
      }),
      // Path parameters: empty, and escapes Prism cannot take.
      ...(r.op.pathParams.length ? ["", "%ED%A0%80", "%FF", "%C0%AF", "a%2"].map((value) => ({ name: `${id} with the path parameter "${value}"`, send: withPath(value) })) : []),
      // Faults: queued (by operationId, and by the spec's path), on a header, delays, drops.
      { name: `${id} with a queued 429`, setup: (m) => m.fault({ operationId: id, status: 429, retryAfter: 2 }), send: base },
      { name: `${id} with a queued drop on its path`, setup: (m) => m.fault({ method: r.method, path: r.op.path, drop: true }), send: base },
      { name: `${id} with x-mock-fault: 503; retry-after=4`, send: { ...base, headers: { ...auth, "x-mock-fault": "503; retry-after=4" } } },
      { name: `${id} with x-mock-fault: drop`, send: { ...base, headers: { ...auth, "x-mock-fault": "drop" } } },
      { name: `${id} with x-mock-fault: teapot`, send: { ...base, headers: { ...auth, "x-mock-fault": "teapot" } } },
      { name: `${id} with x-mock-delay: 20`, send: { ...base, headers: { ...auth, "x-mock-delay": "20" } } },
    ];
  }),
];

let server: MockServer;
const handlers = createHandlers({ baseUrl: "http://handlers.test" });
const statefulHandlers = createHandlers({ baseUrl: "http://stateful.test", stateful: true });
// One msw server for both sets: each answers only its own base URL.
const msw = setupServer(...handlers, ...statefulHandlers);
// msw takes over every socket this process opens while it listens: the test's requests to the
// server and the server's own to Prism would pass through its parser both ways, which cost more
// CPU than the rest of the file. So each table is asked of the server first, one case at a time
// and with msw not listening, and then of the handlers, with msw listening.
/** The server's observation, or its failure, kept for the case's own test to return or throw. */
const settled = (observed: Promise<Observation>): Promise<() => Observation> =>
  observed.then(
    (observation) => () => observation,
    (err: unknown) => () => {
      throw err;
    },
  );
beforeAll(async () => {
  server = await startMockSharingPrism();
});
afterAll(async () => {
  await server?.stop();
});

describe("one table of cases through the server and the MSW handlers", () => {
  const fromServer = new Map<string, () => Observation>();
  beforeAll(async () => {
    for (const c of cases) fromServer.set(c.name, await settled(observe({ origin: server.url, controls: server }, c)));
    // Requests to anything but the handlers' base URLs pass through msw untouched.
    msw.listen({ onUnhandledFrame: "bypass" });
  });
  afterAll(() => msw.close());

  it("covers every operation with more than a dozen cases each", () => {
    for (const r of exampleRequests) expect(cases.filter((c) => c.name.startsWith(`${r.op.operationId} `)).length, r.op.operationId).toBeGreaterThan(12);
  });

  it.each(cases.map((c) => [c.name, c] as const))("%s: the same answer and journal entry", async (_, c) => {
    const seen = fromServer.get(c.name)!();
    const fromHandlers = await observe({ origin: "http://handlers.test", controls: handlers }, c);
    expect(fromHandlers).toEqual(seen);
  });

  it("refuse the same fault rules with the same message", () => {
    const [op] = exampleRequests.map((r) => r.op);
    for (const rule of [{ operationId: op!.operationId.toLowerCase(), status: 429 }, { method: "FETCH", status: 429 }, { path: "/v1/apitoken", status: 429 }, { stauts: 429 }]) {
      const refusal = (controls: MockControls) => {
        try {
          controls.fault(rule as never);
          return "accepted";
        } catch (err) {
          return (err as Error).message;
        }
      };
      expect(refusal(handlers)).toMatch(/^fault rule: /);
      expect(refusal(handlers)).toBe(refusal(server));
    }
  });
});

describe("the state's own answers, through both", () => {
  let stateful: MockServer;
  /** The server's observation of each case, and the instant Date was frozen at while it was made. */
  const fromServer = new Map<string, { now: number; seen: () => Observation }>();
  beforeAll(async () => {
    stateful = await startMockSharingPrism({ stateful: true });
    for (const c of stateCases) {
      const now = Date.now();
      vi.useFakeTimers({ toFake: ["Date"], now });
      try {
        stateful.reset();
        fromServer.set(c.name, { now, seen: await settled(observe({ origin: stateful.url, controls: stateful }, c)) });
      } finally {
        vi.useRealTimers();
      }
    }
    msw.listen({ onUnhandledFrame: "bypass" });
  });
  afterAll(async () => {
    msw.close();
    await stateful?.stop();
  });

  // Every operation with a path parameter, asked about an id the state does not hold, and (for
  // the deterministic answers) each example request as is, after a reset.
  const stateCases: Case[] = exampleRequests.flatMap((r) => [
    { name: `${r.op.operationId} as in its example`, send: { method: r.method, path: r.path, headers: auth, body: bodyOf(r) } },
    ...(r.op.pathParams.length ? [{ name: `${r.op.operationId} for an unknown id`, send: { method: r.method, path: r.op.path.replace(/\{[^}]+\}/g, "no-such-id"), headers: auth, body: bodyOf(r) } }] : []),
  ]);
  // The state stamps what it changes with the current second (`updated_at`): both surfaces answer
  // at one frozen instant (the handlers at the one the server answered at), so a second that
  // ticks between the two answers is not a difference.
  afterEach(() => void vi.useRealTimers());
  // Answers that mint new ids and tokens differ by design; the rest must match.
  const minted = (observation: Observation) => JSON.stringify(observation).match(/"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-|eyJ/);

  it.each(stateCases.map((c) => [c.name, c] as const))("%s: the same answer and journal entry", async (_, c) => {
    const { now, seen } = fromServer.get(c.name)!;
    const fromStateful = seen();
    vi.useFakeTimers({ toFake: ["Date"], now });
    statefulHandlers.reset();
    const fromHandlers = await observe({ origin: "http://stateful.test", controls: statefulHandlers }, c);
    if (minted(fromStateful) && c.send.method === "POST") expect({ ...fromHandlers, answer: undefined }).toEqual({ ...fromStateful, answer: undefined });
    else expect(fromHandlers).toEqual(fromStateful);
  });
});
