// The journal: what the app sent, readable over HTTP and from startMock(), credentials masked.
import { connect } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { JournalEntry, MockServer } from "../src/index.js";
import { formatEntry, maskCredential, maskHeaders } from "@tokenkit/msw/engine";
import { exampleRequests, startMockSharingPrism, timeout } from "./helpers.js";

let mock: MockServer;
beforeAll(async () => {
  mock = await startMockSharingPrism();
});
afterAll(async () => {
  await mock?.stop();
});
beforeEach(async () => {
  expect((await fetch(`${mock.url}/__mock/requests`, { method: "DELETE", signal: timeout() })).status).toBe(204);
});

const secret = "s3cr3t-token-value";
const withBody = exampleRequests.find((r) => r.body !== undefined && !r.path.includes("?"))!;

async function journal(): Promise<JournalEntry[]> {
  const response = await fetch(`${mock.url}/__mock/requests`, { signal: timeout() });
  expect(response.status).toBe(200);
  return ((await response.json()) as { requests: JournalEntry[] }).requests;
}

describe("the journal", () => {
  it("keeps method, path, query, body, masked credentials and the answer's status", async () => {
    const response = await fetch(`${mock.url}${withBody.path}?trace=1&trace=2`, {
      method: withBody.method,
      headers: { Authorization: `Bearer ${secret}`, "Content-Type": "application/json", "X-Request-Tag": "checkout" },
      body: JSON.stringify(withBody.body),
      signal: timeout(),
    });
    await response.arrayBuffer();
    const [entry] = await journal();
    expect(entry).toMatchObject({
      method: withBody.method,
      path: withBody.path,
      query: { trace: ["1", "2"] },
      body: withBody.body,
      operationId: withBody.op.operationId,
      status: response.status,
      violations: [],
    });
    expect(entry!.headers.authorization).toBe("Bearer ***");
    expect(entry!.headers["x-request-tag"]).toBe("checkout");
    expect(JSON.stringify(await journal())).not.toContain(secret);
    expect(JSON.stringify(mock.requests())).not.toContain(secret);
  });

  it("records the violations of a request that breaks the spec", async () => {
    const r = exampleRequests.find((e) => e.op.requestBody?.required)!;
    await fetch(`${mock.url}${r.path}`, { method: r.method, headers: { Authorization: "Bearer x", "Content-Type": "application/json", "x-bv-org-id": "org-x" }, body: "[]", signal: timeout() }).then((x) => x.arrayBuffer());
    const [entry] = await journal();
    expect(entry!.status).toBe(400);
    expect(entry!.violations.length).toBeGreaterThan(0);
    expect(entry!.violations[0]!.location[0]).toBe("request");
  });

  it("is the same from startMock() as over HTTP, in arrival order, and clears", async () => {
    for (const r of exampleRequests) {
      await fetch(`${mock.url}${r.path}`, { method: r.method, headers: { Authorization: "Bearer x", "Content-Type": "application/json", "x-bv-org-id": "org-x" }, body: r.body === undefined ? undefined : JSON.stringify(r.body), signal: timeout() }).then((x) => x.arrayBuffer());
    }
    const overHttp = await journal();
    expect(overHttp.map((e) => e.operationId)).toEqual(exampleRequests.map((r) => r.op.operationId));
    expect(mock.requests()).toEqual(overHttp);
    expect(overHttp.map((e) => e.seq)).toEqual([...overHttp.map((e) => e.seq)].sort((a, b) => a - b));
    mock.clearRequests();
    expect(await journal()).toEqual([]);
  });

  it("does not record its own control requests or CORS preflights", async () => {
    await journal();
    await fetch(`${mock.url}/v1/apitokens`, { method: "OPTIONS", headers: { Origin: "http://app.test", "Access-Control-Request-Method": "GET" }, signal: timeout() });
    expect(await journal()).toEqual([]);
  });
});

describe("an upload the client abandons", () => {
  it("is journaled with its method, path and operation, closedByClient, and no status", async () => {
    const { hostname, port } = new URL(mock.url);
    const whole = JSON.stringify(withBody.body);
    let closedAt = 0;
    await new Promise<void>((resolve, reject) => {
      const socket = connect(Number(port), hostname, () => {
        // The headers and half the body, then the connection is closed: the rest never comes.
        socket.write(
          `${withBody.method} ${withBody.path}?trace=1 HTTP/1.1\r\nHost: ${hostname}:${port}\r\nAuthorization: Bearer ${secret}\r\n` +
            `x-bv-org-id: dev-org\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(whole)}\r\n\r\n${whole.slice(0, whole.length >> 1)}`,
          () =>
            setTimeout(() => {
              closedAt = Date.now();
              socket.destroy();
            }, 300),
        );
      });
      socket.on("close", () => resolve());
      socket.on("error", reject);
    });
    await expect.poll(async () => (await journal()).length).toBe(1);
    const [entry] = await journal();
    expect(entry).toMatchObject({ method: withBody.method, path: withBody.path, query: { trace: "1" }, operationId: withBody.op.operationId, status: null, closedByClient: true, violations: [], fault: null });
    expect(entry!.headers.authorization).toBe("Bearer ***");
    // Stamped when it arrived (before the client left), and timed until the client left.
    expect(Date.parse(entry!.time)).toBeLessThan(closedAt);
    expect(Date.parse(entry!.time) + entry!.durationMs).toBeGreaterThanOrEqual(closedAt - 1);
    expect(JSON.stringify(entry)).not.toContain(secret);
    // The mock is still there for the next request.
    const next = await fetch(`${mock.url}${withBody.path}`, { method: withBody.method, headers: { Authorization: "Bearer x", "Content-Type": "application/json", "x-bv-org-id": "dev-org" }, body: whole, signal: timeout() });
    await next.arrayBuffer();
    expect((await journal()).map((e) => [e.status, e.closedByClient])).toEqual([
      [null, true],
      [next.status, false],
    ]);
  });
});

describe("the control routes", () => {
  const ROUTES = /^([A-Z|]+) (\/__mock\/\S+)$/;
  async function routes(): Promise<[string, string[]][]> {
    const response = await fetch(`${mock.url}/__mock/no-such-route`, { signal: timeout() });
    expect(response.status).toBe(404);
    const { routes } = (await response.json()) as { routes: string[] };
    return routes.map((r) => [ROUTES.exec(r)![2]!, ROUTES.exec(r)![1]!.split("|")]);
  }

  it("answer a method a route does not take with 405 and the methods it takes in Allow", async () => {
    mock.fault({ status: 503, times: 1000 });
    const reset = await fetch(`${mock.url}/__mock/reset`, { method: "PUT", signal: timeout() });
    expect(reset.status).toBe(405);
    expect(reset.headers.get("allow")).toBe("POST");
    expect((await reset.json()).message).toBe("/__mock/reset does not take PUT: it takes POST");
    const listed = await routes();
    expect(listed.map(([path]) => path)).toEqual(["/__mock/requests", "/__mock/reset", "/__mock/state", "/__mock/faults", "/__mock/violations"]);
    for (const [path, methods] of listed) {
      const allow = methods.flatMap((m) => (m === "GET" ? ["GET", "HEAD"] : [m]));
      for (const method of ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"].filter((m) => !allow.includes(m))) {
        const response = await fetch(`${mock.url}${path}`, { method, signal: timeout() });
        expect([path, method, response.status, response.headers.get("allow")]).toEqual([path, method, 405, allow.join(", ")]);
        await response.arrayBuffer();
      }
    }
    // None of them acted: the rule queued first is still there.
    expect(mock.faults()).toEqual([{ status: 503, times: 1000 }]);
    mock.clearFaults();
  });

  it("answer HEAD where they take GET, without a body", async () => {
    const response = await fetch(`${mock.url}/__mock/faults`, { method: "HEAD", signal: timeout() });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("");
  });
});

describe("credentials repeated elsewhere in a request", () => {
  // Each credential of a request, and where the request repeats it: the journal, the violation
  // counts and the terminal line show none of them.
  const token = "tok-9f2c1e7d-path-and-violation";
  const password = "pw-52b1c0a9-decoded-basic";
  const cookie = "ck-1d5e8f3a-session";
  const queryToken = "qt-7e4a2b6c-access-token";
  const apiKey = "ak-3c9d0e1f-api-key";
  const secrets = [token, password, cookie, queryToken, apiKey, Buffer.from(`admin:${password}`).toString("base64")];

  it("are masked in the path, query, headers, body and violations", async () => {
    const lines: string[] = [];
    const own = await startMockSharingPrism({ onRequest: (entry) => lines.push(formatEntry(entry)) });
    try {
      // Every operation, its path parameters filled with the token, its body quoting the password.
      for (const r of exampleRequests) {
        const path = r.op.path.replace(/\{[^}]+\}/g, token);
        const response = await fetch(`${own.url}${path}?access_token=${queryToken}&note=${token}`, {
          method: r.method,
          headers: {
            Authorization: `Bearer ${token}`,
            "Proxy-Authorization": `Basic ${Buffer.from(`admin:${password}`).toString("base64")}`,
            Cookie: `sid=${cookie}`,
            "X-Api-Key": apiKey,
            "X-Echo": `${password} ${cookie}`,
            // A value the mock refuses, quoting it in a violation.
            "x-mock-fault": token,
            "Content-Type": "application/json",
            "x-bv-org-id": "org-x",
          },
          body: r.method === "GET" || r.method === "DELETE" ? undefined : JSON.stringify({ name: password, [token]: apiKey }),
          signal: timeout(),
        });
        await response.arrayBuffer();
      }
      const entries = own.requests();
      expect(entries.map((e) => e.operationId)).toEqual(exampleRequests.map((r) => r.op.operationId));
      expect(entries.filter((e) => !(e.violations.length > 0 && e.query.access_token === "***" && e.headers["x-api-key"] === "***"))).toEqual([]);
      const violations = await (await fetch(`${own.url}/__mock/violations`, { signal: timeout() })).text();
      const journaled = await (await fetch(`${own.url}/__mock/requests`, { signal: timeout() })).text();
      for (const shown of [JSON.stringify(entries), journaled, violations, JSON.stringify(own.violations()), lines.join("\n")]) {
        for (const secret of secrets) expect(shown).not.toContain(secret);
      }
    } finally {
      await own.stop();
    }
  });
});

describe("masking", () => {
  it("keeps the scheme and hides the credentials", () => {
    expect(maskCredential("Bearer abc.def.ghi")).toBe("Bearer ***");
    expect(maskCredential("Basic YWRtaW46cGFzcw==")).toBe("Basic ***");
    expect(maskCredential("rawtoken")).toBe("***");
    expect(maskHeaders({ Authorization: "Bearer x", cookie: "sid=1", "Proxy-Authorization": "Basic y", accept: "*/*" })).toEqual({
      authorization: "Bearer ***",
      cookie: "***",
      "proxy-authorization": "Basic ***",
      accept: "*/*",
    });
  });
});
