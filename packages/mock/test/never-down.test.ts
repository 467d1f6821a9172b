// The mock never goes down: requests Prism cannot take are answered by the front in the API's
// error shape, and a seeded fuzz run of malformed and random requests ends with the server up,
// Prism never failing a request, and memory bounded. (That a Prism that exits is replaced is
// prism.test.ts's.) On the run's shared Prism: one these requests made exit would fail this file
// with gateway errors, and the run's other files with it.
import { request as httpRequest } from "node:http";
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_BODY_DEPTH } from "@tokenkit/msw/engine";
import { formatEntry, type JournalEntry, type MockServer } from "../src/index.js";
import { auth, errorShape, exampleRequests, ops, startMockSharingPrism, timeout } from "./helpers.js";

let mock: MockServer;
const lines: string[] = [];
beforeAll(async () => {
  mock = await startMockSharingPrism({ onRequest: (entry) => lines.push(formatEntry(entry)) });
});
afterAll(async () => {
  await mock?.stop();
});

/** Sends exactly these bytes and resolves with the raw answer (or "" when the connection closed without one). */
function raw(bytes: string | Buffer): Promise<string> {
  const { port } = new URL(mock.url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), "127.0.0.1");
    let answer = "";
    socket.setTimeout(10_000, () => socket.destroy());
    socket.on("data", (c) => (answer += c.toString("latin1")));
    socket.on("close", () => resolve(answer));
    socket.on("error", () => resolve(answer));
    // Written, not ended: a client that half-closes its side is taken as one that hung up.
    socket.write(bytes);
  });
}

/** A request with a path node:http sends as given (fetch would re-encode some). */
function get(path: string, headers: Record<string, string> = auth): Promise<{ status: number; body: any }> {
  const { port } = new URL(mock.url);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: "127.0.0.1", port, path, headers, timeout: 10_000 }, (res) => {
      let text = "";
      res.on("data", (c) => (text += c));
      res.on("end", () => resolve({ status: res.statusCode!, body: text ? JSON.parse(text) : undefined }));
    });
    req.on("error", reject);
    req.end();
  });
}

const valid = exampleRequests.find((r) => r.method === "GET" && !r.op.pathParams.length)!;
const expectValidAnswered = async () => {
  const response = await fetch(mock.url + valid.path, { headers: auth, signal: timeout() });
  expect(response.status).toBe(200);
  expect(await response.json()).toEqual(valid.expected);
};

describe("requests Prism cannot take", () => {
  const anyParam = [...new Map(ops.filter((op) => op.pathParams.length).map((op) => [op.api, op])).values()];
  it.each(["%ED%A0%80", "%FF", "%C0%AF", "a%2", "%00", "x%0Dy"].flatMap((value) => anyParam.map((op) => [value, op.operationId, op] as const)))(
    "%s as %s's path parameter: 400 in its family's error shape, then the next valid request is answered",
    async (value, _, op) => {
      const { port } = new URL(mock.url);
      const path = op.path.replace(/\{[^}]+\}/g, value);
      const answer = await new Promise<{ status: number; body: any }>((resolve, reject) => {
        const req = httpRequest({ host: "127.0.0.1", port, method: op.method, path, headers: auth, timeout: 10_000 }, (res) => {
          let text = "";
          res.on("data", (c) => (text += c));
          res.on("end", () => resolve({ status: res.statusCode!, body: JSON.parse(text) }));
        });
        req.on("error", reject);
        req.end(op.requestBody ? "{}" : undefined);
      });
      expect(answer.status).toBe(400);
      expect(Object.keys(answer.body).sort()).toEqual(errorShape(op, 400));
      expect(answer.body.code).toBe(3);
      await expectValidAnswered();
    },
  );

  it('a path that starts with "//" (which would read as another host): 400, code 3, never sent on', async () => {
    for (const path of ["//" + valid.path.replace(/^\/+/, ""), "//127.0.0.1:1" + valid.path]) {
      const answer = await get(path);
      expect(answer.status).toBe(400);
      expect(answer.body.code).toBe(3);
      expect(lines.at(-1)).toContain("→ 400");
    }
    await expectValidAnswered();
  });

  it("covers both families", () => expect(anyParam.length).toBe(new Set(ops.map((op) => op.api)).size));

  // Prism's validator runs out of stack on a body nested a few thousand levels deep and answers
  // its own 500; the front refuses it in the family's error shape instead.
  const withBody = [...new Map(exampleRequests.filter((r) => r.body !== undefined && r.op.requestBody).map((r) => [r.op.api, r])).values()];
  it("covers both families with a JSON body", () => expect(withBody.length).toBe(new Set(ops.map((op) => op.api)).size));
  it.each(withBody.map((r) => [r.op.operationId, r] as const))(
    "%s with a body nested deeper than MAX_BODY_DEPTH: 400, code 3, malformed, never Prism's 500",
    async (_, r) => {
      const depth = MAX_BODY_DEPTH * 10;
      const deep = "[".repeat(depth) + "]".repeat(depth);
      for (const body of [deep, JSON.stringify(r.body).replace(/^\{/, `{"nested":${deep},`)]) {
        const response = await fetch(mock.url + r.path, { method: r.method, headers: auth, body, signal: timeout() });
        expect(response.status).toBe(400);
        const answer = await response.json();
        expect(Object.keys(answer).sort()).toEqual(errorShape(r.op, 400));
        expect(answer.code).toBe(3);
        expect(JSON.parse(response.headers.get("sl-violations") ?? "[]")).toEqual([
          expect.objectContaining({ location: ["request", "body"], code: "malformed", message: expect.stringContaining(`more than ${MAX_BODY_DEPTH} levels deep`) }),
        ]);
        expect(lines.at(-1)).toContain("→ 400");
      }
      // Brackets inside a string do not count, and a body at the limit is Prism's to judge.
      const atLimit = JSON.stringify(r.body).replace(/^\{/, `{"nested":${"[".repeat(MAX_BODY_DEPTH - 1)}"${"[{".repeat(MAX_BODY_DEPTH)}"${"]".repeat(MAX_BODY_DEPTH - 1)},`);
      const judged = await fetch(mock.url + r.path, { method: r.method, headers: auth, body: atLimit, signal: timeout() });
      expect(judged.status).toBeLessThan(500);
      expect(JSON.parse(judged.headers.get("sl-violations") ?? "[]").map((v: { code: string }) => v.code)).not.toContain("malformed");
      await expectValidAnswered();
    },
  );

  it("bytes Node cannot parse, an over-long header or URL: 400, and the server stays up", async () => {
    for (const bytes of [
      `GET ${valid.path} HTTP/1.1\r\nHost: x\r\nX-Big: ${"y".repeat(20_000)}\r\n\r\n`,
      `GET /v1/apitokens/${"z".repeat(9000)} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer dev\r\nConnection: close\r\n\r\n`,
      `GET /v1/apitokens/\u0001 HTTP/1.1\r\nHost: x\r\n\r\n`,
      `NOT A REQUEST\r\n\r\n`,
    ]) {
      expect((await raw(bytes)).split("\r\n")[0]).toBe("HTTP/1.1 400 Bad Request");
    }
    await expectValidAnswered();
  });
});

describe("a request without a Host header", () => {
  it("HTTP/1.1 without Host: 400 in its family's error shape, journaled, and the server stays up", async () => {
    const answer = await raw(`GET ${valid.path} HTTP/1.1\r\nAuthorization: Bearer dev\r\nConnection: close\r\n\r\n`);
    const [head = "", text = ""] = answer.split("\r\n\r\n");
    expect(head.split("\r\n")[0]).toBe("HTTP/1.1 400 Bad Request");
    const body = JSON.parse(text);
    expect(Object.keys(body).sort()).toEqual(errorShape(valid.op, 400));
    expect(body.code).toBe(3);
    expect(JSON.stringify(body)).toContain("Host");
    expect(lines.at(-1)).toContain("→ 400");
    await expectValidAnswered();
  });
});

describe("a seeded fuzz run", () => {
  // mulberry32: a tiny seeded generator, so a failing run can be replayed exactly.
  function random(seed: number) {
    return () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }
  const SEED = 20261205;
  const COUNT = 2000;

  it(`${COUNT} random and malformed requests: no exit, every one answered or closed, memory bounded`, { timeout: 240_000 }, async () => {
    const next = random(SEED);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
    const methods = ["GET", "POST", "PATCH", "PUT", "DELETE", "HEAD", "OPTIONS", "TRACE", "PROPFIND", "FETCH", "get", "G\u0001T", ""];
    const escapes = ["%ED%A0%80", "%FF", "%C0%AF", "a%2", "%", "%00", "%0A", "%E2%82", "%F4%90%80%80", "%2F", "%25", "..", "%2e%2e", "\u00ff", " ", "\t", "\u0000", "{id}", "tokens:admin", "x".repeat(3000)];
    const templates = ops.map((op) => op.path);
    const types = ["application/json", "text/plain;charset=UTF-8", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/problem+json", "", "\u0001/json", "application/json; charset=latin1"];
    const bodies = ["", "{}", "{", "[]", "null", '{"name":"fuzz","roles":["Analyst"]}', '{"name": ' + '"x",'.repeat(200), "\u0000\u00ff\ud800", "x".repeat(70_000), '"' + "\\u".repeat(50) + '"'];
    const headerSets = (): Record<string, string>[] => [
      auth,
      {},
      { ...auth, "x-mock-fault": pick(["429", "teapot", "503; retry-after=x", "drop"]) },
      { ...auth, "x-mock-delay": pick(["1", "abc", "999999"]) },
      { ...auth, Prefer: pick(["code=999", "code=204", "code=100", "example=nope", "dynamic=true", ",,,;="]) },
      { ...auth, "x-bv-org-id": "" },
    ];

    function request(): string {
      const template = pick(templates);
      const path = template.replace(/\{[^}]+\}/g, () => pick(escapes)) + (next() < 0.3 ? `?${pick(["revoked=maybe", "revoked=%FF", "a=%", "a&&b==c", "revoked=true"])}` : "");
      const body = pick(bodies);
      const headers: Record<string, string> = { Host: "fuzz", ...pick(headerSets()), "Content-Type": pick(types), "Content-Length": String(Buffer.byteLength(body)), Connection: "close" };
      return `${pick(methods)} ${path} HTTP/1.1\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}`).join("\r\n")}\r\n\r\n${body}`;
    }

    global.gc?.();
    const rssBefore = process.memoryUsage().rss;
    const started = Date.now();
    const statuses = new Map<string, number>();
    let sent = 0;
    const internalErrors: string[] = [];
    // Eight at a time, bounded by count and by time.
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (sent < COUNT && Date.now() - started < 180_000) {
          sent++;
          const answer = await raw(request());
          const status = answer.split(" ")[1] ?? "closed";
          if (answer.includes("mock server error")) internalErrors.push(answer.slice(-300));
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
        }
      }),
    );
    console.log(`fuzz: ${sent} requests in ${Date.now() - started} ms, statuses ${JSON.stringify(Object.fromEntries(statuses))}`);
    expect(sent).toBe(COUNT);
    expect(internalErrors).toEqual([]);
    // No gateway error: Prism never failed to answer a request the front let through; and it is
    // still there, answering the next valid request with its example.
    expect(statuses.get("502") ?? 0).toBe(0);
    await expectValidAnswered();
    const journal: JournalEntry[] = mock.requests();
    expect(journal.length).toBeLessThanOrEqual(1000);
    expect(JSON.stringify(journal).length).toBeLessThan(1000 * 24 * 1024);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(256 * 1024 * 1024);
  });
});
