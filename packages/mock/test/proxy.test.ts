// The mock as a proxy in front of a real service: a fake service on loopback answers one
// operation with a field the spec lacks, and another with a wrong type under a status the spec
// lacks. Through the server (the command, a real process) and through startMock: the app gets
// the service's bytes, exactly those three disagreements are recorded (journal, terminal,
// /__mock/violations) and nothing else, and the app's credentials reach the service but no log.
// The operations are picked from the spec: the first with a JSON success body of each family.
import { createServer, type IncomingMessage, type Server } from "node:http";
import { randomUUID } from "node:crypto";
import { exampleRequest } from "@tokenkit/spec-model";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deref, examplesOf, jsonMedia, successStatus, type Json, type Operation } from "@tokenkit/msw/engine";
import { formatEntry, freePort, MockOptionError, startMock, type JournalEntry, type MockServer, type OperationViolations } from "../src/index.js";
import { doc, ops, startCli, timeout } from "./helpers.js";

const successExample = (op: Operation) => examplesOf(doc, jsonMedia(op.responses[successStatus(op)!]))[0]?.value;
const withJsonSuccess = ops.filter((op) => { const example = successExample(op); return example !== null && typeof example === "object" && !Array.isArray(example); });
const firstOfEachFamily = withJsonSuccess.filter((op, i) => withJsonSuccess.findIndex((other) => other.api === op.api) === i);
/** Two operations, from two families when the spec has two. */
const [extraFieldOp, wrongTypeOp] = [...new Set([...firstOfEachFamily, ...withJsonSuccess])] as [Operation, Operation];

const EXTRA_FIELD = "fieldTheSpecDoesNotHave";
/** The first status from 400 the operation does not declare. */
const undeclaredStatus = Array.from({ length: 200 }, (_, i) => 400 + i).find((s) => !wrongTypeOp.responses[String(s)])!;
/** The body the spec declares for an undeclared status (its `default`), one field of another type. */
const fallback = deref<Json>(doc, jsonMedia(wrongTypeOp.responses.default)?.schema)!;
const errorExample = examplesOf(doc, jsonMedia(wrongTypeOp.responses.default))[0]!.value as Json;
const OTHER_TYPE: Record<string, unknown> = { string: 12345, integer: "twelve", number: "twelve", boolean: "yes", array: "a list", object: "an object" };
const wrongField = Object.keys(errorExample).find((key) => typeof deref<Json>(doc, fallback.properties?.[key])?.type === "string")!;
const wrongFieldType = deref<Json>(doc, fallback.properties[wrongField]).type as string;

// Bytes no serializer of ours would produce: odd indentation, a trailing newline.
const extraFieldBytes = Buffer.from(`${JSON.stringify({ ...(successExample(extraFieldOp) as Json), [EXTRA_FIELD]: "surprise" }, null, 3)}\n`);
const wrongTypeBytes = Buffer.from(JSON.stringify({ ...errorExample, [wrongField]: OTHER_TYPE[wrongFieldType] }, null, 1));

interface Sent {
  op: Operation;
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}
const answers: Sent[] = [
  { op: extraFieldOp, status: Number(successStatus(extraFieldOp)), headers: { "content-type": "application/json", "x-upstream-trace": randomUUID() }, body: extraFieldBytes },
  { op: wrongTypeOp, status: undeclaredStatus, headers: { "content-type": "application/json; charset=utf-8", "x-upstream-trace": randomUUID() }, body: wrongTypeBytes },
];
const EXPECTED = [
  { operationId: extraFieldOp.operationId, code: "undocumented_field", location: ["response", "body", EXTRA_FIELD], pointer: `/${EXTRA_FIELD}` },
  { operationId: wrongTypeOp.operationId, code: "undocumented_status", location: ["response", "status"], pointer: "" },
  { operationId: wrongTypeOp.operationId, code: "wrong_type", location: ["response", "body", wrongField], pointer: `/${wrongField}` },
];

const SECRET = `proxy-secret-${randomUUID()}`;
/** What the fake service received, in order. */
const received: IncomingMessage[] = [];
let service: Server;
let serviceUrl: string;

beforeAll(async () => {
  expect(extraFieldOp).toBeDefined();
  expect(wrongTypeOp).toBeDefined();
  expect(extraFieldOp).not.toBe(wrongTypeOp);
  expect(Object.keys(deref<Json>(doc, jsonMedia(extraFieldOp.responses[successStatus(extraFieldOp)!])?.schema)?.properties ?? {})).not.toContain(EXTRA_FIELD);
  expect(wrongField).toBeDefined();
  service = createServer((req, res) => {
    received.push(req);
    req.resume();
    const answer = answers.find((a) => a.op.pattern.test(req.url!.split("?")[0]!) && a.op.method === req.method);
    if (!answer) {
      res.writeHead(599).end();
      return;
    }
    res.writeHead(answer.status, { ...answer.headers, "content-length": String(answer.body.length) });
    res.end(answer.body);
  });
  await new Promise<void>((resolve) => service.listen(0, "127.0.0.1", resolve));
  const address = service.address();
  serviceUrl = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
});

afterAll(async () => {
  service.closeAllConnections();
  await new Promise((resolve) => service.close(resolve));
});

/** A valid request for `op` from the spec's examples, as an app sends it. */
function call(base: string, op: Operation, extraHeaders: Record<string, string> = {}): Promise<Response> {
  const { url, body, header } = exampleRequest(doc, op);
  const headers = { ...Object.fromEntries(Object.entries(header).map(([k, v]) => [k, String(v)])), Authorization: `Bearer ${SECRET}`, "Content-Type": "application/json", ...extraHeaders };
  return fetch(base + url, { method: op.method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: timeout() });
}

interface Surface {
  url: string;
  requests(): Promise<JournalEntry[]>;
  violations(): Promise<OperationViolations[]>;
  /** The terminal lines: the command's output, or `formatEntry` of what startMock's `onRequest` gets (as the command prints them). */
  output(): string;
  stop(): Promise<void>;
}

const surfaces: [string, () => Promise<Surface>][] = [
  [
    "startMock({ proxy })",
    async () => {
      const lines: string[] = [];
      const mock: MockServer = await startMock({ proxy: serviceUrl, onRequest: (entry) => lines.push(formatEntry(entry)) });
      return { url: mock.url, requests: async () => mock.requests(), violations: async () => mock.violations(), output: () => lines.join("\n"), stop: () => mock.stop() };
    },
  ],
  [
    "the command (--proxy)",
    async () => {
      const started = await startCli(["--port", String(await freePort()), "--proxy", serviceUrl]);
      const get = async (path: string) => (await fetch(started.url + path, { signal: timeout() })).json();
      return {
        url: started.url,
        requests: async () => (await get("/__mock/requests")).requests,
        violations: async () => (await get("/__mock/violations")).operations,
        output: () => started.output,
        stop: async () => {
          if (started.child.exitCode !== null) return;
          const exited = new Promise((resolve) => started.child.once("exit", resolve));
          started.child.kill("SIGTERM");
          await exited;
        },
      };
    },
  ],
];

describe.each(surfaces)("proxy through %s", (_, start) => {
  let surface: Surface;
  let responses: Response[];

  beforeAll(async () => {
    received.length = 0;
    surface = await start();
    responses = [];
    for (const answer of answers) responses.push(await call(surface.url, answer.op));
  });
  afterAll(() => surface?.stop());

  it("passes every request on with the app's credentials, and the app gets the service's answer byte for byte", async () => {
    expect(received.map((r) => `${r.method} ${r.url}`)).toEqual(answers.map((a) => `${a.op.method} ${exampleRequest(doc, a.op).url}`));
    for (const r of received) expect(r.headers.authorization).toBe(`Bearer ${SECRET}`);
    for (const [i, answer] of answers.entries()) {
      const response = responses[i]!;
      expect(response.status).toBe(answer.status);
      for (const [name, value] of Object.entries(answer.headers)) expect(response.headers.get(name)).toBe(value);
      expect(Buffer.from(await response.arrayBuffer()).equals(answer.body)).toBe(true);
    }
  });

  it("records exactly the three disagreements, with the operation and the JSON pointer, and nothing else", async () => {
    const entries = (await surface.requests()).filter((e) => !e.event);
    expect(entries.map((e) => e.operationId)).toEqual(answers.map((a) => a.op.operationId));
    const found = entries.flatMap((e) => e.violations.map((v) => ({ operationId: e.operationId, code: v.code, location: v.location, pointer: v.pointer })));
    expect(found).toEqual(EXPECTED);
    expect(entries.map((e) => e.status)).toEqual(answers.map((a) => a.status));
  });

  it("masks the credentials in the journal and the terminal", async () => {
    const entries = await surface.requests();
    for (const e of entries.filter((e) => !e.event)) expect(e.headers.authorization).toBe("Bearer ***");
    expect(JSON.stringify(entries)).not.toContain(SECRET);
    expect(surface.output()).not.toContain(SECRET);
  });

  it("prints each disagreement under its request", async () => {
    const output = surface.output();
    for (const v of EXPECTED) expect(output).toContain(`  ✖ ${v.location.join(".")}: `);
    expect(output.match(/ {2}✖ /g)).toHaveLength(EXPECTED.length);
  });

  it("counts the disagreements per operation at /__mock/violations", async () => {
    const summary = await surface.violations();
    expect(summary.map((o) => o.operationId)).toEqual(ops.map((op) => op.operationId));
    for (const o of summary) {
      const expected = EXPECTED.filter((v) => v.operationId === o.operationId);
      expect(o.requests, o.operationId!).toBe(answers.filter((a) => a.op.operationId === o.operationId).length);
      expect(o.withViolations).toBe(expected.length ? 1 : 0);
      expect(o.violations.map((v) => ({ code: v.code, location: v.location, count: v.count })).sort((a, b) => a.location.localeCompare(b.location))).toEqual(
        expected.map((v) => ({ code: v.code, location: v.location.join("."), count: 1 })).sort((a, b) => a.location.localeCompare(b.location)),
      );
    }
  });

  it("still answers faults on cue itself, without asking the service", async () => {
    const before = received.length;
    const response = await call(surface.url, extraFieldOp, { "x-mock-fault": "503" });
    expect(response.status).toBe(503);
    expect(received.length).toBe(before);
  });

  it("passes a request the spec does not allow on all the same, and records what it gets wrong", async () => {
    const before = received.length;
    const response = await fetch(surface.url + exampleRequest(doc, extraFieldOp).url, { method: extraFieldOp.method, headers: { "x-mock-note": "kept here" }, signal: timeout() });
    expect(response.status).toBe(answers[0]!.status);
    expect(received.length).toBe(before + 1);
    expect(received.at(-1)!.headers["x-mock-note"]).toBeUndefined();
    const last = (await surface.requests()).at(-1)!;
    expect(last.violations.some((v) => v.location[0] === "request")).toBe(true);
  });
});

describe("proxy options", () => {
  it.each([{ stateful: true }, { dynamic: true }, { seed: 1 }])("refuses %o with a MockOptionError naming --proxy, before listening", async (extra) => {
    await expect(startMock({ proxy: "http://127.0.0.1:9", ...extra })).rejects.toThrow(MockOptionError);
    await expect(startMock({ proxy: "http://127.0.0.1:9", ...extra })).rejects.toThrow(/^proxy: cannot be combined with --/);
  });

  // A password with `/`, `?` or `#` not percent-encoded makes the URL unreadable (its port is then
  // the password's start): the refusal still quotes none of it.
  it.each(["https://admin:pw/s3cret@central.example.com", "https://admin:pw?s3cret@central.example.com", "https://admin:pw#s3cret@central.example.com"])("refuses %s without quoting its credentials", async (proxy) => {
    const refused = startMock({ proxy });
    await expect(refused).rejects.toThrow(MockOptionError);
    const message = await refused.catch((err: Error) => err.message);
    expect(message).toBe('proxy: must be the service\'s base URL, e.g. https://central.example.com, got "https://***@central.example.com"');
    expect(message).not.toContain("s3cret");
  });

  it("journals nothing for a connection the app resets before sending a request on it", async () => {
    const { connect } = await import("node:net");
    const mock = await startMock({ proxy: `http://127.0.0.1:${await freePort()}` });
    try {
      const { hostname, port } = new URL(mock.url);
      // An idle connection, and a kept-alive one after its answer, both reset by the app.
      await new Promise<void>((resolve, reject) => {
        const socket = connect(Number(port), hostname, () => setImmediate(() => (socket.resetAndDestroy(), resolve())));
        socket.once("error", reject);
      });
      const { url, header } = exampleRequest(doc, extraFieldOp);
      const head = Object.entries({ ...header, host: hostname, authorization: `Bearer ${SECRET}` }).map(([k, v]) => `${k}: ${String(v)}\r\n`);
      await new Promise<void>((resolve, reject) => {
        const socket = connect(Number(port), hostname, () => socket.write(`${extraFieldOp.method} ${url} HTTP/1.1\r\n${head.join("")}content-length: 0\r\n\r\n`));
        socket.once("data", () => (socket.resetAndDestroy(), resolve()));
        socket.once("error", reject);
      });
      // One more request after them: by the time it is journaled, the resets have been seen.
      await (await call(mock.url, extraFieldOp)).arrayBuffer();
      expect(mock.requests().map((entry) => [entry.method, entry.path])).toEqual([
        [extraFieldOp.method, url.split("?")[0]],
        [extraFieldOp.method, url.split("?")[0]],
      ]);
      expect(mock.requests().every((entry) => !entry.violations.some((v) => /cannot be parsed/.test(v.message)))).toBe(true);
    } finally {
      await mock.stop();
    }
  });

  it("journals a request target that is not a path (the mock used as an HTTP proxy) without its query, which may hold a credential", async () => {
    const { connect } = await import("node:net");
    const mock = await startMock({ proxy: `http://127.0.0.1:${await freePort()}` });
    try {
      const { hostname, port } = new URL(mock.url);
      const answer = await new Promise<string>((resolve, reject) => {
        const socket = connect(Number(port), hostname, () => socket.write(`GET http://service.example/v1/x?access_token=${SECRET} HTTP/1.1\r\nhost: service.example\r\nconnection: close\r\n\r\n`));
        let text = "";
        socket.on("data", (chunk) => (text += chunk));
        socket.once("end", () => resolve(text));
        socket.once("error", reject);
      });
      expect(answer).toMatch(/^HTTP\/1\.1 400 /);
      expect(mock.requests()).toHaveLength(1);
      expect(JSON.stringify(mock.requests()) + JSON.stringify(mock.violations()) + answer).not.toContain(SECRET);
    } finally {
      await mock.stop();
    }
  });

  it("answers 502 in the API's error shape when the service does not answer", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const address = closed.address();
    await new Promise((resolve) => closed.close(resolve));
    const mock = await startMock({ proxy: `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}` });
    try {
      const response = await call(mock.url, extraFieldOp);
      expect(response.status).toBe(502);
      const body = (await response.json()) as Json;
      expect(Object.keys(body).sort()).toEqual(Object.keys(examplesOf(doc, jsonMedia(extraFieldOp.responses.default))[0]!.value as Json).sort());
    } finally {
      await mock.stop();
    }
  });
});
