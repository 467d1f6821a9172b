// Delays and failures on cue: per request (headers), queued (POST /__mock/faults, mock.fault())
// and global (latency). Error answers come in the operation's own error shape.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { checkRule, parseFaultHeader, parseLatency } from "@tokenkit/msw/engine";
import { DELAY_HEADER, FAULT_HEADER, type MockServer } from "../src/index.js";
import { auth, errorShape, errorStatusFor, exampleRequests, ops, startMockSharingPrism, timeout, validator } from "./helpers.js";
import { allStarted } from "./together.js";

let mock: MockServer;
// The mocks the latency tests compare with the plain one, started with it rather than in the tests.
let fixedLatency: MockServer;
let rangedLatency: MockServer;
beforeAll(async () => {
  await allStarted([
    startMockSharingPrism().then((started) => (mock = started)),
    startMockSharingPrism({ latency: 300 }).then((started) => (fixedLatency = started)),
    startMockSharingPrism({ latency: "200-300" }).then((started) => (rangedLatency = started)),
  ]);
}, 180_000);
afterAll(async () => {
  await Promise.all([mock?.stop(), fixedLatency?.stop(), rangedLatency?.stop()]);
});
beforeEach(() => mock.reset());

const send = (r: (typeof exampleRequests)[number], headers: Record<string, string> = {}) =>
  fetch(mock.url + r.path, { method: r.method, headers: { ...auth, ...headers }, body: r.body === undefined ? undefined : JSON.stringify(r.body), signal: timeout() });

describe(`the ${FAULT_HEADER} header`, () => {
  it.each(exampleRequests.map((r) => [r.op.operationId, r] as const))("%s: 429 and 503 come with Retry-After in the API's error shape", async (_, r) => {
    for (const status of [429, 503]) {
      const response = await send(r, { [FAULT_HEADER]: String(status) });
      const body = await response.json();
      expect(response.status).toBe(status);
      expect(response.headers.get("retry-after")).toBe("1");
      expect(validator.check(r.op, errorStatusFor(r.op, status), body)).toEqual([]);
      expect(Object.keys(body).sort()).toEqual(errorShape(r.op, status));
      expect(body.code).toBe(status === 429 ? 8 : 14);
    }
  });

  it("takes a Retry-After in seconds", async () => {
    const response = await send(exampleRequests[0]!, { [FAULT_HEADER]: "503; retry-after=7" });
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("7");
  });

  it("drops the connection without an answer", async () => {
    await expect(send(exampleRequests[0]!, { [FAULT_HEADER]: "drop" })).rejects.toThrow();
    expect(mock.requests().at(-1)).toMatchObject({ status: null, fault: "drop" });
  });

  it("rejects a value it does not know, saying what it takes", async () => {
    const response = await send(exampleRequests[0]!, { [FAULT_HEADER]: "teapot" });
    expect(response.status).toBe(400);
    expect((await response.json()).message).toContain('"drop"');
  });
});

describe("queued faults", () => {
  it("fail the next matching requests only, then the real answer comes back", async () => {
    const r = exampleRequests[0]!;
    const rule = await fetch(`${mock.url}/__mock/faults`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ operationId: r.op.operationId, status: 429, retryAfter: 2, times: 2 }),
      signal: timeout(),
    });
    expect(rule.status).toBe(201);
    const other = exampleRequests.find((e) => e.op !== r.op)!;
    expect((await send(other)).status).toBe(200);
    for (let i = 0; i < 2; i++) {
      const response = await send(r);
      expect(response.status).toBe(429);
      expect(response.headers.get("retry-after")).toBe("2");
    }
    const after = await send(r);
    expect(after.status).toBe(200);
    expect(await after.json()).toEqual(r.expected);
  });

  it("are cleared by a reset, and a bad rule names its field", async () => {
    mock.fault({ status: 503 });
    mock.reset();
    expect((await send(exampleRequests[0]!)).status).toBe(200);
    const bad = await fetch(`${mock.url}/__mock/faults`, { method: "POST", body: JSON.stringify({ status: 200 }), signal: timeout() });
    expect(bad.status).toBe(400);
    expect((await bad.json()).message).toMatch(/status/);
  });
});

describe("fault rules that could never act", () => {
  it("are refused with 400 listing the valid operationIds, methods or paths, nearest first", async () => {
    const [r] = exampleRequests;
    const misspelt = r!.op.operationId.replace(/[A-Z]{2,}/, (caps) => caps[0] + caps.slice(1).toLowerCase());
    const post = (rule: unknown) => fetch(`${mock.url}/__mock/faults`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(rule), signal: timeout() });
    for (const [rule, field, nearest] of [
      [{ operationId: misspelt === r!.op.operationId ? `${misspelt}s` : misspelt, status: 429 }, "operationId", r!.op.operationId],
      [{ method: "FETCH", status: 429 }, "method", undefined],
      [{ path: `${r!.op.path}/nope`, status: 429 }, "path", r!.op.path],
      // A path parameter left empty: the front refuses such a request before faults apply.
      [{ path: ops.find((op) => op.path.endsWith("}"))!.path.replace(/\{[^}]+\}$/, ""), status: 429 }, "path", undefined],
    ] as const) {
      const response = await post(rule);
      expect(response.status).toBe(400);
      const { message } = await response.json();
      expect(message).toMatch(new RegExp(`^fault rule: ${field} ".*" names nothing in the spec`));
      if (nearest) expect(message).toContain(`(valid: ${nearest}`);
    }
    expect(await (await fetch(`${mock.url}/__mock/faults`, { signal: timeout() })).json()).toEqual({ faults: [] });
  });
});

describe("fault rules whose parts conflict", () => {
  it("are refused with 400 naming the conflict, and queue nothing", async () => {
    const [r] = exampleRequests;
    const post = (rule: unknown) => fetch(`${mock.url}/__mock/faults`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(rule), signal: timeout() });
    for (const [rule, message] of [
      [{ operationId: r!.op.operationId, status: 429, drop: true }, /^fault rule: status 429 and drop: true conflict .*give one of them$/],
      [[{ status: 503 }, { operationId: r!.op.operationId, status: 503, drop: true }], /^fault rule: status 503 and drop: true conflict/],
      [{ operationId: r!.op.operationId, drop: true, retryAfter: 1 }, /^fault rule: retryAfter 1 needs a status/],
    ] as const) {
      const response = await post(rule);
      expect(response.status).toBe(400);
      expect((await response.json()).message).toMatch(message);
    }
    expect(await (await fetch(`${mock.url}/__mock/faults`, { signal: timeout() })).json()).toEqual({ faults: [] });
    expect(() => mock.fault({ operationId: r!.op.operationId, status: 429, drop: true })).toThrow(/status 429 and drop: true conflict/);
    expect(mock.faults()).toEqual([]);
    // The request is answered as if no rule had been sent.
    expect((await send(r!)).status).toBe(200);
  });
});

describe("a fault rule that is not JSON", () => {
  it("is refused with 400 saying so, in the fault rule's words, and queues nothing", async () => {
    const response = await fetch(`${mock.url}/__mock/faults`, { method: "POST", headers: { "Content-Type": "application/json" }, body: '{"status":429', signal: timeout() });
    expect(response.status).toBe(400);
    expect((await response.json()).message).toMatch(/^fault rule: the body is not JSON \(.+\): send a rule object or a list of them/);
    expect(await (await fetch(`${mock.url}/__mock/faults`, { signal: timeout() })).json()).toEqual({ faults: [] });
  });
});

describe("delays", () => {
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  async function timed(url: string, headers: Record<string, string> = {}) {
    const r = exampleRequests.find((e) => e.method === "GET")!;
    const started = performance.now();
    const response = await fetch(url + r.path, { headers: { ...auth, ...headers }, signal: timeout() });
    await response.arrayBuffer();
    expect(response.status).toBe(200);
    return performance.now() - started;
  }

  /**
   * The delay added to a request, against the same request without it in the same run: the
   * median over pairs measured back to back, so load on a shared machine shifts both alike. A
   * delay is never early (a timer cannot fire early), so only a late one is measured again, up
   * to three times.
   */
  async function expectAddedDelay(expected: number, plain: () => Promise<number>, delayed: () => Promise<number>) {
    let added = 0;
    for (let attempt = 0; attempt < 3; attempt++) {
      const differences: number[] = [];
      for (let i = 0; i < 7; i++) differences.push((await delayed()) - (await plain()));
      added = median(differences);
      expect(added).toBeGreaterThanOrEqual(expected * 0.8);
      if (added <= expected * 1.2) break;
    }
    expect(added).toBeLessThanOrEqual(expected * 1.2);
  }

  it(`${DELAY_HEADER} delays one answer by about that long (within 20 %)`, { timeout: 90_000 }, async () => {
    await expectAddedDelay(400, () => timed(mock.url), () => timed(mock.url, { [DELAY_HEADER]: "400" }));
  });

  it("a configured latency (fixed) is observed within 20 %", { timeout: 90_000 }, async () => {
    await expectAddedDelay(300, () => timed(mock.url), () => timed(fixedLatency.url));
  });

  it("a configured range keeps every answer inside it", { timeout: 90_000 }, async () => {
    const times: number[] = [];
    for (let i = 0; i < 6; i++) times.push(await timed(rangedLatency.url));
    for (const t of times) expect(t).toBeGreaterThanOrEqual(200);
  });
});

describe("parsing", () => {
  it("reads fixed and ranged delays, fault headers and rules, naming what is wrong", () => {
    expect(parseLatency("300")).toBe(300);
    expect(parseLatency("100-400")).toEqual([100, 400]);
    expect(() => parseLatency("400-100")).toThrow(/range/);
    expect(() => parseLatency("soon", "--latency")).toThrow(/--latency/);
    expect(parseFaultHeader("429")).toEqual({ status: 429 });
    expect(parseFaultHeader("503; Retry-After=3")).toEqual({ status: 503, retryAfter: 3 });
    expect(parseFaultHeader("drop")).toEqual({ drop: true });
    expect(() => parseFaultHeader("200")).toThrow(/400 to 599/);
    expect(() => parseFaultHeader("429; after=3")).toThrow(/after=3/);
    expect(checkRule({ operationId: "X", delay: "100-200" })).toEqual({ operationId: "X", delay: [100, 200] });
    expect(() => checkRule({ status: 503, times: 0 })).toThrow(/times/);
    expect(() => checkRule({ stauts: 503 })).toThrow(/stauts/);
    expect(() => checkRule({ operationId: "X" })).toThrow(/status, drop or delay/);
  });
});
