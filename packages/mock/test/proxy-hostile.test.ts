// The proxy in front of a hostile service: a fake service on loopback (raw TCP, so it can break
// HTTP as a real one can) that never answers, stalls, trickles, cuts its answer short, sends too
// much, switches protocols, sends what is not HTTP, or closes a kept-alive connection. Through a
// real mock server: the app always gets an answer (the service's bytes when they were a valid
// answer, else a 502 in the API's error shape naming what went wrong) within the documented
// time, the journal records it, no connection to the service is left open (nor kept once the app
// has gone), and the next request is served. The operation is picked from the spec: the first GET without a request body.
import { createServer as createTcpServer, type Server as TcpServer, type Socket } from "node:net";
import { request } from "node:http";
import { exampleRequest } from "@tokenkit/spec-model";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_BODY_BYTES, successStatus, type Json } from "@tokenkit/msw/engine";
import { MockOptionError, startMock, type JournalEntry, type MockServer } from "../src/index.js";
import { doc, errorShape, ops, timeout } from "./helpers.js";

const op = ops.find((o) => o.method === "GET" && successStatus(o) !== undefined)!;
const { url: path, header } = exampleRequest(doc, op);
const appHeaders = { ...Object.fromEntries(Object.entries(header).map(([k, v]) => [k, String(v)])), authorization: "Bearer dev", "x-bv-org-id": "dev-org" };
/** The mock's bound on the service's whole answer in these tests. */
const DEADLINE_MS = 1500;
const JSON_BODY = '{"tokens":[]}';
/** Two cookies, one with the comma of an `Expires` date: joined into one header they cannot be told apart. */
const COOKIES = ["a=1; Path=/", "b=2; Expires=Wed, 21 Oct 2026 07:28:00 GMT; HttpOnly"];

const head = (status: string, headers: string[]) => `HTTP/1.1 ${status}\r\n${headers.map((h) => `${h}\r\n`).join("")}\r\n`;
const valid = (body: string, headers: string[] = [`content-type: application/json`]) => head("200 OK", [...headers, `content-length: ${Buffer.byteLength(body)}`]) + body;

/** What the fake service does with a request, by the `x-behaviour` header the test sends. */
const behaviours: Record<string, (socket: Socket) => void> = {
  ok: (s) => void s.end(valid(JSON_BODY)),
  // Answers and keeps the connection open for another request (which then finds it closed).
  keepOpen: (s) => void s.write(valid(JSON_BODY)),
  never: () => {},
  stall: (s) => void s.write(head("200 OK", ["content-type: application/json", "content-length: 100"]) + '{"tok'),
  trickle: (s) => {
    const bytes = Buffer.from(valid(JSON_BODY));
    let i = 0;
    const timer = setInterval(() => {
      if (s.destroyed || i >= bytes.length) return clearInterval(timer);
      s.write(bytes.subarray(i, ++i));
    }, 100);
  },
  cut: (s) => void s.end(head("200 OK", ["content-type: application/json", "content-length: 100"]) + '{"tok'),
  huge: (s) => {
    s.write(head("200 OK", ["content-type: application/json", `content-length: ${MAX_BODY_BYTES + 2 * 1024 * 1024}`]));
    const chunk = Buffer.alloc(1024 * 1024, 32);
    let sent = 0;
    const pump = () => {
      while (!s.destroyed && sent < MAX_BODY_BYTES + 2 * 1024 * 1024) {
        sent += chunk.length;
        if (!s.write(chunk)) return void s.once("drain", pump);
      }
      s.end();
    };
    pump();
  },
  switch: (s) => void s.end(head("101 Switching Protocols", ["upgrade: websocket", "connection: upgrade"])),
  notHttp: (s) => void s.end("NOT HTTP AT ALL\r\n\r\n"),
  badHeader: (s) => void s.end(head("200 OK", ["content-type: application/json", "x bad: 1", `content-length: ${JSON_BODY.length}`]) + JSON_BODY),
  hugeHeader: (s) => void s.end(head("200 OK", ["content-type: application/json", `x-big: ${"a".repeat(100_000)}`, `content-length: ${JSON_BODY.length}`]) + JSON_BODY),
  reset: (s) => void s.resetAndDestroy(),
  close: (s) => void s.end(),
  invalidJson: (s) => void s.end(valid('{"tokens"')),
  gzipGarbage: (s) => void s.end(valid("not gzip", ["content-type: application/json", "content-encoding: gzip"])),
  http10: (s) => void s.end(`HTTP/1.0 200 OK\r\ncontent-type: application/json\r\n\r\n${JSON_BODY}`),
  twoCookies: (s) => void s.end(valid(JSON_BODY, ["content-type: application/json", ...COOKIES.map((c) => `set-cookie: ${c}`)])),
  status999: (s) => void s.end(head("999 Nine", ["content-length: 0"])),
  redirectToItself: (s) => void s.end(head("302 Found", [`location: ${path}`, "content-length: 0"])),
};

let service: TcpServer;
const open = new Set<Socket>();
let mock: MockServer;
const entries: JournalEntry[] = [];

beforeAll(async () => {
  service = createTcpServer((socket) => {
    open.add(socket);
    socket.on("close", () => open.delete(socket));
    socket.on("error", () => {});
    let received = "";
    let requests = 0;
    socket.on("data", (data) => {
      received += data.toString("latin1");
      // One request per connection is answered; a second one on the same connection finds it
      // closed, as when a service's idle timeout closes a kept-alive connection.
      while (received.includes("\r\n\r\n")) {
        const [request] = received.split("\r\n\r\n", 1) as [string];
        received = received.slice(request.length + 4);
        if (++requests > 1) return void socket.destroy();
        behaviours[/^x-behaviour: (\w+)$/im.exec(request)?.[1] ?? "ok"]!(socket);
      }
    });
  });
  await new Promise<void>((resolve) => service.listen(0, "127.0.0.1", resolve));
  const address = service.address();
  mock = await startMock({ proxy: `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`, proxyTimeoutMs: DEADLINE_MS, onRequest: (entry) => entries.push(entry) });
});

afterAll(async () => {
  await mock?.stop();
  for (const socket of open) socket.destroy();
  await new Promise((resolve) => service.close(resolve));
});

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** The request as an app sends it, read with node:http (which, unlike fetch, decodes nothing). */
function ask(behaviour: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(`${mock.url}${path}`, { headers: { ...appHeaders, "x-behaviour": behaviour }, signal: timeout() }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}

/** Waits (a bounded while: it ends as soon as none is left) until the mock holds no connection to the service. */
async function noConnectionLeft(): Promise<number> {
  for (let i = 0; i < 1000 && open.size > 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
  return open.size;
}

describe("proxy in front of a hostile service", () => {
  it.each([
    ["never", /gave no answer within 1500 ms/],
    ["stall", /did not finish its answer within 1500 ms \(status 200, 5 bytes/],
    ["trickle", /within 1500 ms/],
    ["cut", /closed the connection in the middle of its answer \(status 200, 5 of 100 body bytes/],
    ["huge", new RegExp(`sent an answer body over ${MAX_BODY_BYTES} bytes`)],
    ["switch", /answered 101 Switching Protocols \(a switch to another protocol\)/],
    ["notHttp", /did not answer: Parse Error/],
    ["badHeader", /did not answer: Parse Error: Invalid header token/],
    ["hugeHeader", /did not answer: Parse Error: Header overflow/],
    ["reset", /did not answer: read ECONNRESET/],
    ["close", /did not answer: socket hang up/],
    ["status999", /answered status 999, which no HTTP answer can have/],
  ])("%s: the app gets a 502 in the API's error shape naming it, within the deadline, and the next request is served", async (behaviour, message) => {
    entries.length = 0;
    const answer = await ask(behaviour);
    // The deadline's cases are told by the message: without it the stall and the silence would
    // outlast the request's own 10 s limit, and the trickle would end in a 200 after some 10 s.
    expect(answer.status).toBe(502);
    const body = JSON.parse(answer.body.toString("utf8")) as Json;
    expect(Object.keys(body).sort()).toEqual(errorShape(op, 502));
    expect(answer.body.toString("utf8")).toMatch(/the service at http:\/\/127\.0\.0\.1:\d+/);
    expect(answer.body.toString("utf8")).toMatch(message);
    expect(entries.map((e) => [e.status, e.closedByClient])).toEqual([[502, false]]);
    expect(await noConnectionLeft()).toBe(0);
    const next = await ask("ok");
    expect([next.status, next.body.toString("utf8")]).toEqual([200, JSON_BODY]);
  });

  it.each([
    ["invalidJson", "invalid_json"],
    ["gzipGarbage", "invalid_json"],
    ["http10", undefined],
    ["redirectToItself", "undocumented_status"],
  ])("%s: a valid HTTP answer reaches the app byte for byte, and what it gets wrong is recorded", async (behaviour, code) => {
    entries.length = 0;
    const answer = await ask(behaviour);
    const sent = behaviour === "http10" ? JSON_BODY : behaviour === "invalidJson" ? '{"tokens"' : behaviour === "gzipGarbage" ? "not gzip" : "";
    expect(answer.body.toString("latin1")).toBe(sent);
    expect(answer.status).toBe(behaviour === "redirectToItself" ? 302 : 200);
    if (behaviour === "gzipGarbage") expect(answer.headers["content-encoding"]).toBe("gzip");
    if (behaviour === "redirectToItself") expect(answer.headers.location).toBe(path);
    expect(entries.map((e) => e.status)).toEqual([answer.status]);
    const entry = entries[0]!;
    if (code) expect(entry.violations.map((v) => v.code)).toContain(code);
    expect(await noConnectionLeft()).toBe(0);
  });

  it("each Set-Cookie header reaches the app as the service sent it", async () => {
    const answer = await ask("twoCookies");
    expect([answer.status, answer.body.toString("utf8")]).toEqual([200, JSON_BODY]);
    expect(answer.headers["set-cookie"]).toEqual(COOKIES);
  });

  it("a kept-alive connection the service closed does not fail the next request", async () => {
    // The service answers one request per connection and drops the connection when another
    // arrives on it: each request must go out on a connection of its own.
    for (let i = 0; i < 3; i++) {
      const answer = await ask("keepOpen");
      expect([answer.status, answer.body.toString("utf8")]).toEqual([200, JSON_BODY]);
    }
    expect(await noConnectionLeft()).toBe(0);
  });

  it("a client that leaves while the service stalls is journaled, and the connection to the service is closed at once", async () => {
    // A deadline far beyond the wait below: only the client leaving can close the connection.
    const address = service.address();
    const left: JournalEntry[] = [];
    const patient = await startMock({ proxy: `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`, proxyTimeoutMs: 60_000, onRequest: (entry) => left.push(entry) });
    try {
      for (const behaviour of ["never", "stall"]) {
        left.length = 0;
        const controller = new AbortController();
        const gone = new Promise<void>((resolve, reject) => {
          const req = request(`${patient.url}${path}`, { headers: { ...appHeaders, "x-behaviour": behaviour }, signal: controller.signal });
          req.on("error", () => resolve());
          req.on("response", () => reject(new Error("answered")));
          req.end();
        });
        for (let i = 0; i < 500 && open.size === 0; i++) await new Promise((resolve) => setTimeout(resolve, 20));
        expect(open.size).toBe(1);
        controller.abort();
        await gone;
        expect(await noConnectionLeft()).toBe(0);
        for (let i = 0; i < 500 && left.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 20));
        expect(left.map((e) => [e.status, e.closedByClient])).toEqual([[null, true]]);
      }
      const next = await fetch(`${patient.url}${path}`, { headers: { ...appHeaders, "x-behaviour": "ok" }, signal: timeout() });
      expect([next.status, await next.text()]).toEqual([200, JSON_BODY]);
    } finally {
      await patient.stop();
    }
  });
});

describe("proxyTimeoutMs", () => {
  it.each([0, -1, 1.5, "60000"])("refuses %o with a MockOptionError naming it, before listening", async (value) => {
    const refused = startMock({ proxy: "http://127.0.0.1:9", proxyTimeoutMs: value as number });
    await expect(refused).rejects.toThrow(MockOptionError);
    await expect(startMock({ proxy: "http://127.0.0.1:9", proxyTimeoutMs: value as number })).rejects.toThrow(/^proxyTimeoutMs: must be a whole number of milliseconds/);
  });

  it("is refused without proxy, naming it", async () => {
    await expect(startMock({ proxyTimeoutMs: 1000 })).rejects.toThrow(/^proxyTimeoutMs: needs proxy/);
  });
});
