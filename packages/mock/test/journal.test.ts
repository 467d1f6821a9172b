// The journal: what the app sent, readable over HTTP and from startMock(), credentials masked.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { JournalEntry, MockServer } from "../src/index.js";
import { maskCredential, maskHeaders } from "@tokenkit/msw/engine";
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
