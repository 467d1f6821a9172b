// The engine in process, with the inline checker as its backend: the checks it makes before any
// backend, the fault rules it accepts, the journal it keeps and the line it prints. Every case is
// derived from the spec: each family, each operation with a path parameter or a body.
import { describe, expect, it } from "vitest";
import { inlineChecker } from "../src/checker.js";
import { formatEntry, JOURNAL_BODY_LIMIT, JOURNAL_LIMIT, MAX_HEADER_LENGTH, MAX_URL_LENGTH, MockEngine, toResponse, type JournalEntry } from "../src/engine.js";
import { auth, doc, errorShape, ops, requestFor } from "./helpers.js";

const ORIGIN = "http://api.test";
const newEngine = (stateful = false) => new MockEngine({ doc, backend: inlineChecker(doc), stateful });
async function answer(engine: MockEngine, request: Request) {
  const outcome = await engine.handle(request);
  outcome.finish();
  const reply = outcome.reply;
  const text = reply ? await toResponse(reply).text() : "";
  return { status: reply?.status ?? null, body: text ? JSON.parse(text) : null, violations: JSON.parse(reply?.headers["sl-violations"] ?? "[]"), entry: outcome.entry };
}

// One operation with a path parameter per API family (its `x-api`).
const byFamily = [...new Map(ops.filter((op) => op.pathParams.length).map((op) => [op.api, op])).values()];
const MALFORMED = ["%ED%A0%80", "%FF", "%C0%AF", "a%2", "%", "x%00y", "%0A", "%F0%9F%98"];

describe("requests no backend can take", () => {
  it("cover both families", () => expect(byFamily.length).toBe(new Set(ops.map((op) => op.api)).size));

  for (const op of byFamily) {
    const pathWith = (value: string) => op.path.replace(/\{[^}]+\}/g, value);
    it.each(MALFORMED)(`${op.operationId} (${op.api}) with %s in the path: 400 in its family's error shape`, async (value) => {
      const engine = newEngine();
      const { status, body, violations, entry } = await answer(engine, requestFor(op, ORIGIN, { path: pathWith(value) }));
      expect(status).toBe(400);
      expect(Object.keys(body).sort()).toEqual(errorShape(op, 400));
      expect(body.code).toBe(3);
      expect(violations[0]).toMatchObject({ location: ["request", "path"], code: "malformed" });
      expect(entry).toMatchObject({ status: 400, operationId: op.operationId });
      // And the next valid request is answered.
      expect((await answer(engine, requestFor(op, ORIGIN))).status).toBe(200);
    });

    it(`${op.operationId}: an over-long URL, query escape or header gets 400 in its family's error shape`, async () => {
      const engine = newEngine();
      const cases = [
        requestFor(op, ORIGIN, { path: pathWith("x".repeat(MAX_URL_LENGTH)) }),
        requestFor(op, ORIGIN, { path: `${pathWith("x")}?q=%FF` }),
        requestFor(op, ORIGIN, { headers: { ...auth, "x-long": "y".repeat(MAX_HEADER_LENGTH + 1) } }),
      ];
      for (const request of cases) {
        const { status, body } = await answer(engine, request);
        expect(status).toBe(400);
        expect(Object.keys(body).sort()).toEqual(errorShape(op, 400));
      }
    });

    it.each(["code=999", "code=100", "code=abc", "example="])(`${op.operationId} with Prefer: %s: 400 in its family's error shape, the header named`, async (prefer) => {
      const { status, body, violations } = await answer(newEngine(), requestFor(op, ORIGIN, { headers: { ...auth, Prefer: prefer } }));
      expect(status).toBe(400);
      expect(Object.keys(body).sort()).toEqual(errorShape(op, 400));
      expect(violations[0]).toMatchObject({ location: ["request", "header"], code: "mock_header" });
      expect(violations[0].message).toContain(`Prefer: ${prefer.split("=")[0]}=`);
    });
  }
});

describe("a JSON body sent as text/plain (what fetch sends without a Content-Type)", () => {
  const withBody = ops.filter((op) => op.requestBody);
  it.each(withBody.map((op) => [op.operationId, op] as const))("%s: read as JSON, the same answer as with application/json", async (_, op) => {
    const engine = newEngine();
    const asJson = await answer(engine, requestFor(op, ORIGIN));
    const asText = await answer(engine, requestFor(op, ORIGIN, { headers: { ...auth, "Content-Type": "text/plain;charset=UTF-8" } }));
    expect(asText.status).toBe(asJson.status);
    expect(asText.body).toEqual(asJson.body);
    const malformed = await answer(engine, requestFor(op, ORIGIN, { headers: { ...auth, "Content-Type": "text/plain" }, body: '{"name": ' }));
    expect(malformed.status).toBe(400);
    expect(malformed.violations[0]).toMatchObject({ code: "invalid_json" });
  });
});

describe("fault rules", () => {
  const engine = newEngine();
  const [op] = ops;
  const misspelt = op!.operationId.slice(0, -1) + op!.operationId.slice(-1).toLowerCase() + "s";

  it("naming an unknown operationId, method or path are refused, listing the valid ones nearest first", () => {
    expect(() => engine.fault({ operationId: misspelt, status: 429 })).toThrow(new RegExp(`operationId "${misspelt}".*valid: ${op!.operationId}, `));
    expect(() => engine.fault({ method: "FETCH", status: 429 })).toThrow(/method "FETCH".*valid: .*GET/);
    expect(() => engine.fault({ path: `${op!.path}x/y`, status: 429 })).toThrow(new RegExp(`path .*valid: ${op!.path.replace(/[{}?.]/g, "\\$&")}`));
    const other = ops.find((o) => o.method !== op!.method)!;
    expect(() => engine.fault({ operationId: op!.operationId, method: other.method, status: 429 })).toThrow(/together/);
    expect(() => engine.fault([{ status: 503 }, { operationId: misspelt, status: 503 }])).toThrow();
    expect(engine.faults()).toEqual([]);
  });

  it("asking for a status and a drop at once, or a Retry-After without a status, are refused naming the conflict", () => {
    for (const [rule, message] of [
      [{ operationId: op!.operationId, status: 429, drop: true }, /^fault rule: status 429 and drop: true conflict .*give one of them$/],
      [{ status: 503, drop: true, times: 2 }, /^fault rule: status 503 and drop: true conflict/],
      [{ operationId: op!.operationId, drop: true, retryAfter: 2 }, /^fault rule: retryAfter 2 needs a status .*a dropped connection answers nothing/],
      [{ operationId: op!.operationId, delay: 100, retryAfter: 2 }, /^fault rule: retryAfter 2 needs a status/],
    ] as const) {
      expect(() => engine.fault(rule)).toThrow(message);
      // All or none: a good rule listed with it is not queued either.
      expect(() => engine.fault([{ status: 503 }, rule])).toThrow(message);
    }
    expect(engine.faults()).toEqual([]);
    // Each on its own still acts.
    engine.fault([{ operationId: op!.operationId, status: 429, retryAfter: 2 }, { operationId: op!.operationId, drop: true }]);
    expect(engine.faults().length).toBe(2);
    engine.clearFaults();
  });

  it("a request's own x-mock-fault replaces the failure of the queued rule it meets, either way round", async () => {
    engine.fault({ operationId: op!.operationId, drop: true });
    const statusOverDrop = await answer(engine, requestFor(op!, ORIGIN, { headers: { ...auth, "x-mock-fault": "429" } }));
    expect(statusOverDrop.status).toBe(429);
    engine.fault({ operationId: op!.operationId, status: 503, retryAfter: 7 });
    const dropOverStatus = await answer(engine, requestFor(op!, ORIGIN, { headers: { ...auth, "x-mock-fault": "drop" } }));
    expect(dropOverStatus.status).toBeNull();
    engine.fault({ operationId: op!.operationId, status: 503, retryAfter: 7 });
    const statusOverStatus = await answer(engine, requestFor(op!, ORIGIN, { headers: { ...auth, "x-mock-fault": "500" } }));
    expect(statusOverStatus.status).toBe(500);
    expect(engine.faults()).toEqual([]);
  });

  it("naming a path of the spec, or a concrete one, act on it", async () => {
    const concrete = requestFor(op!, ORIGIN);
    engine.fault([{ path: op!.path, status: 503 }, { path: new URL(concrete.url).pathname, status: 429 }]);
    expect((await answer(engine, requestFor(op!, ORIGIN))).status).toBe(503);
    expect((await answer(engine, requestFor(op!, ORIGIN))).status).toBe(429);
    expect((await answer(engine, requestFor(op!, ORIGIN))).status).toBe(200);
  });
});

describe("the journal, in process, with credentials repeated in a request", () => {
  const token = "tok-4b7e2d9c-in-process";
  const password = "pw-8a1f3c6e-in-process";
  const cookie = "ck-2e9d7b4a-in-process";
  const queryToken = "qt-6c3a9e1b-in-process";

  it.each(ops.map((op) => [op.operationId, op] as const))("%s: none shows in the journal, the onEntry copy, the violations or the line", async (_, op) => {
    const seen: JournalEntry[] = [];
    const engine = new MockEngine({ doc, backend: inlineChecker(doc), onEntry: (entry) => seen.push(entry) });
    const path = op.path.replace(/\{[^}]+\}/g, token);
    const body = op.requestBody ? JSON.stringify({ name: password, note: `Bearer ${token}` }) : undefined;
    await answer(
      engine,
      requestFor(op, ORIGIN, {
        path: `${path}?access_token=${queryToken}&q=${token}`,
        headers: { ...auth, Authorization: `Bearer ${token}`, "proxy-authorization": `Basic ${btoa(`admin:${password}`)}`, cookie: `sid=${cookie}`, "x-note": password, "x-mock-fault": token },
        body,
      }),
    );
    // And the same header sent twice, joined into one value.
    await answer(engine, requestFor(op, ORIGIN, { path, headers: [["authorization", "Bearer dev"], ["authorization", `Bearer ${token}`], ["content-type", "application/json"], ["x-note", token]], body: op.requestBody ? JSON.stringify({ note: token }) : undefined }));
    expect(seen).toHaveLength(2);
    expect(seen[0]!.query.access_token).toBe("***");
    expect(seen[0]!.violations.length).toBeGreaterThan(0);
    for (const shown of [JSON.stringify(engine.requests()), JSON.stringify(seen), JSON.stringify(engine.violations()), seen.map(formatEntry).join("\n")]) {
      for (const secret of [token, password, cookie, queryToken]) expect(shown).not.toContain(secret);
    }
  });
});

describe("the journal, with a credential a path can only show percent-encoded", () => {
  // `/`, `+` and `=` as in a Base64 token: in a path the app sends `%2F`, `%2B` and `%3D`.
  const token = "tk/4b7e2d9c+in-process==";
  const withParams = ops.filter((op) => op.pathParams.length);

  it("covers an operation with a path parameter", () => expect(withParams.length).toBeGreaterThan(0));

  it.each(withParams.map((op) => [op.operationId, op] as const))("%s: the token shows in no form in the journal, the violations, the line or Prism's lines", async (_, op) => {
    const seen: JournalEntry[] = [];
    const engine = new MockEngine({ doc, backend: inlineChecker(doc), onEntry: (entry) => seen.push(entry) });
    const path = op.path.replace(/\{[^}]+\}/g, encodeURIComponent(token));
    await answer(engine, requestFor(op, ORIGIN, { path, headers: { ...auth, Authorization: `Bearer ${token}` } }));
    expect(seen).toHaveLength(1);
    for (const shown of [JSON.stringify(engine.requests()), JSON.stringify(seen), JSON.stringify(engine.violations()), seen.map(formatEntry).join("\n"), engine.maskCredentials(`GET ${path}`)]) {
      for (const form of [token, encodeURIComponent(token)]) expect(shown).not.toContain(form);
    }
  });
});

describe("the journal", () => {
  const FIELDS = ["seq", "time", "event", "method", "path", "query", "headers", "body", "operationId", "status", "closedByClient", "violations", "fault", "durationMs"].sort();

  it("has every documented field on every entry, null when empty", async () => {
    const engine = newEngine();
    const get = ops.find((op) => !op.requestBody)!;
    await answer(engine, requestFor(get, ORIGIN));
    engine.refuse("TRACE", "/x", "not served").finish();
    engine.note("something the mock did");
    const entries = engine.requests();
    for (const entry of entries) expect(Object.keys(entry).sort()).toEqual(FIELDS);
    expect(entries[0]).toMatchObject({ event: null, body: null, fault: null, closedByClient: false, operationId: get.operationId, status: 200 });
    expect(entries[1]).toMatchObject({ operationId: null, status: 400 });
    expect(entries[2]).toMatchObject({ event: "something the mock did", method: "", status: null });
  });

  it("shows no part of a credential its cut of a long body would cut in two", async () => {
    const engine = newEngine();
    const op = ops.find((o) => o.requestBody)!;
    const token = "tok-7c2e9a4f-cut-in-two";
    // The token starts 6 bytes before the cut.
    const big = `${"x".repeat(JOURNAL_BODY_LIMIT - 6)}${token}${"y".repeat(1024)}`;
    const { entry } = await answer(engine, requestFor(op, ORIGIN, { headers: { ...auth, Authorization: `Bearer ${token}` }, body: big }));
    expect(entry.body as string).toMatch(/ more bytes cut\]$/);
    expect(JSON.stringify(engine.requests())).not.toContain(token.slice(0, 6));
  });

  it(`keeps at most ${JOURNAL_BODY_LIMIT} bytes of a body, marking the cut, and the last ${JOURNAL_LIMIT} entries`, async () => {
    const engine = newEngine();
    const op = ops.find((o) => o.requestBody)!;
    const big = JSON.stringify({ name: "x".repeat(5 * 1024 * 1024) });
    const { entry } = await answer(engine, requestFor(op, ORIGIN, { body: big }));
    expect(typeof entry.body).toBe("string");
    expect(entry.body as string).toMatch(new RegExp(`… \\[${new TextEncoder().encode(big).length - JOURNAL_BODY_LIMIT} more bytes cut\\]$`));
    // So 1000 entries of 5 MB requests stay under 1000 × (the limit + 2 kB).
    expect(JSON.stringify(engine.requests()[0]).length).toBeLessThan(JOURNAL_BODY_LIMIT + 2048);
    const get = ops.find((o) => !o.requestBody)!;
    for (let i = 0; i < JOURNAL_LIMIT + 5; i++) (await engine.handle(requestFor(get, ORIGIN))).finish();
    const entries = engine.requests();
    expect(entries.length).toBe(JOURNAL_LIMIT);
    expect(entries.at(-1)!.seq).toBe(JOURNAL_LIMIT + 6);
  });
});

describe("a request whose client leaves before its body has all arrived", () => {
  it("is journaled with its method, path and operation, closedByClient, and no answer", async () => {
    for (const op of [...new Map(ops.filter((o) => o.requestBody).map((o) => [o.api, o])).values()]) {
      const engine = newEngine();
      const whole = requestFor(op, ORIGIN, { headers: { ...auth, "Content-Type": "application/json" } });
      // A body that breaks off: the stream errors after its first bytes, as when the upload is abandoned.
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('{"name":'));
          controller.error(new Error("the client closed the connection"));
        },
      });
      const request = new Request(whole.url, { method: whole.method, headers: whole.headers, body, duplex: "half" } as RequestInit);
      const outcome = await engine.handle(request);
      expect(outcome.reply).toBeNull();
      outcome.finish();
      const url = new URL(whole.url);
      expect(engine.requests()).toEqual([
        expect.objectContaining({ method: op.method, path: url.pathname, operationId: op.operationId, status: null, closedByClient: true, violations: [], fault: null }),
      ]);
      expect(engine.requests()[0]!.headers.authorization).toBe("Bearer ***");
      expect(formatEntry(engine.requests()[0]!)).toBe(`${op.method} ${url.pathname} → not answered: the client closed the connection`);
    }
  });
});

describe("the terminal line, from the journal entry", () => {
  const line = (entry: JournalEntry) => formatEntry(entry).split("\n");

  it("shows what the app received: a state's answer, a fault, a drop, a client that hung up, with violations under it", async () => {
    const engine = newEngine(true);
    const getOne = ops.find((op) => op.method === "GET" && op.pathParams.length)!;
    const unknownId = requestFor(getOne, ORIGIN, { path: getOne.path.replace(/\{[^}]+\}/, "no-such-id") });
    const stateAnswer = await answer(engine, unknownId);
    expect(stateAnswer.status).toBeGreaterThanOrEqual(400);
    expect(line(stateAnswer.entry)[0]).toBe(`GET ${new URL(unknownId.url).pathname} → ${stateAnswer.status}`);

    const faulted = await answer(engine, requestFor(getOne, ORIGIN, { headers: { ...auth, "x-mock-fault": "429" } }));
    expect(line(faulted.entry)[0]).toMatch(/ → 429 \(fault 429\)$/);

    const dropped = await answer(engine, requestFor(getOne, ORIGIN, { headers: { ...auth, "x-mock-fault": "drop" } }));
    expect(dropped.status).toBeNull();
    expect(line(dropped.entry)[0]).toMatch(/ → dropped/);

    const gone = await engine.handle(requestFor(getOne, ORIGIN));
    gone.finish(true);
    expect(line(engine.requests().at(-1)!)[0]).toMatch(/ → not answered: the client closed the connection$/);

    const withBody = ops.find((op) => op.requestBody?.required)!;
    const rejected = await answer(engine, requestFor(withBody, ORIGIN, { body: "[]" }));
    expect(rejected.violations.length).toBeGreaterThan(0);
    expect(line(rejected.entry).slice(1)).toEqual(rejected.violations.map((v: { location: string[]; message: string }) => `  ✖ ${v.location.join(".")}: ${v.message}`));
  });
});
