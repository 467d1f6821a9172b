// The answers the front server gives itself because Prism's are wrong for these APIs, and what
// it passes through. Every case is derived from the spec: each operation with a path parameter,
// each operation with a request body.
import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, MockOptionError, PortInUseError, startMock, type MockOptions, type MockServer } from "../src/index.js";
import { examplesOf, jsonMedia } from "@tokenkit/msw/engine";
import { auth, doc, errorShape, errorStatusFor, exampleRequests, ops, paramExample, startMockSharingPrism, timeout, validator } from "./helpers.js";

let mock: MockServer;
beforeAll(async () => {
  mock = await startMockSharingPrism();
});
afterAll(async () => {
  await mock?.stop();
});

const withParams = ops.filter((op) => op.pathParams.length > 0);
const withBody = ops.filter((op) => op.requestBody);

describe("an empty path parameter", () => {
  it.each(withParams.map((op) => [op.operationId, op] as const))("%s answers 400 in its API's error shape", async (_, op) => {
    const [first, ...rest] = op.pathParams;
    let path = op.path.replace(`{${first}}`, "");
    for (const name of rest) path = path.replace(`{${name}}`, encodeURIComponent(paramExample(op, name)));
    const response = await fetch(mock.url + path, { method: op.method, headers: auth, body: op.requestBody ? "{}" : undefined, signal: timeout() });
    const body = await response.json();
    expect(response.status).toBe(400);
    expect(validator.check(op, errorStatusFor(op, 400), body)).toEqual([]);
    expect(Object.keys(body).sort()).toEqual(errorShape(op, 400));
    expect(body.code).toBe(3);
    expect(body.message).toContain(`"${first}"`);
    // Not the `default` example, which describes an outage.
    const outage = examplesOf(doc, jsonMedia(op.responses.default))[0]?.value as { message?: string } | undefined;
    if (outage?.message) expect(body.message).not.toBe(outage.message);
    expect(JSON.parse(response.headers.get("sl-violations")!)[0].location).toEqual(["request", "path", first]);
  });
});

describe("a malformed JSON body", () => {
  // Prism 5.16 never answers such a request (the connection hangs until the client gives up);
  // the front server answers it itself. The short timeout turns a hang into a failure.
  it.each(withBody.map((op) => [op.operationId, op] as const))("%s answers 400 in its API's error shape, at once", async (_, op) => {
    const r = exampleRequests.find((e) => e.op === op)!;
    const response = await fetch(mock.url + r.path, { method: op.method, headers: auth, body: '{"name": ', signal: AbortSignal.timeout(5_000) });
    const body = await response.json();
    expect(response.status).toBe(400);
    expect(validator.check(op, errorStatusFor(op, 400), body)).toEqual([]);
    expect(Object.keys(body).sort()).toEqual(errorShape(op, 400));
    expect(body.code).toBe(3);
    expect(body.message).toMatch(/not valid JSON/);
    expect(JSON.parse(response.headers.get("sl-violations")!)[0]).toMatchObject({ location: ["request", "body"], code: "invalid_json" });
  });

  it("is still sent to Prism when the body is valid JSON", async () => {
    const r = exampleRequests.find((e) => e.body !== undefined)!;
    const response = await fetch(mock.url + r.path, { method: r.method, headers: auth, body: JSON.stringify(r.body), signal: timeout() });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(r.expected);
  });
});

describe("the Bearer scheme", () => {
  it.each(["bearer", "BEARER", "BeArEr"])("is accepted as %s on every operation", async (scheme) => {
    for (const r of exampleRequests) {
      const response = await fetch(mock.url + r.path, {
        method: r.method,
        headers: { ...auth, Authorization: `${scheme} dev` },
        body: r.body === undefined ? undefined : JSON.stringify(r.body),
        signal: timeout(),
      });
      expect(response.status, `${r.op.operationId} with "${scheme}"`).toBe(200);
      expect(await response.json()).toEqual(r.expected);
    }
  });

  it("is still required: no credentials answer 401", async () => {
    const r = exampleRequests[0]!;
    const response = await fetch(mock.url + r.path, { method: r.method, headers: { "Content-Type": "application/json", "x-bv-org-id": "dev-org" }, body: r.body === undefined ? undefined : JSON.stringify(r.body), signal: timeout() });
    expect(response.status).toBe(401);
  });
});

describe("a busy port", () => {
  it("rejects at once with one line naming the port and the way out", async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const error = await startMock({ port }).then(
        (m) => m.stop().then(() => undefined),
        (err: unknown) => err,
      );
      expect(error).toBeInstanceOf(PortInUseError);
      const message = (error as Error).message;
      expect(message).not.toContain("\n");
      expect(message).toContain(String(port));
      expect(message).toMatch(/--port/);
    } finally {
      blocker.close();
    }
  });
});

describe("startMock options it cannot use", () => {
  const dir = mkdtempSync(join(tmpdir(), "mock-options-"));
  writeFileSync(join(dir, "notes.txt"), "just some words\n");
  writeFileSync(join(dir, "broken.json"), "{");
  const cases: [string, MockOptions, string, RegExp][] = [
    ["a spec file that is missing", { spec: join(dir, "missing.json") }, "spec", /^spec: cannot read .*missing\.json \(ENOENT\): give the path of a bundled OpenAPI file/],
    ["a spec file that is not JSON", { spec: join(dir, "broken.json") }, "spec", /^spec: cannot read .*broken\.json \(.*\): give the path/],
    ["a spec file that is not an OpenAPI document", { spec: join(dir, "notes.txt") }, "spec", /^spec: .*notes\.txt is not an OpenAPI document/],
    ["a node binary that cannot run", { node: join(dir, "no-node") }, "node", /^node: cannot run ".*no-node" \(ENOENT\): give the path of a Node binary/],
    ["a host that is not a string", { host: 4010 as unknown as string }, "host", /^host: must be an address to listen on, e\.g\. 127\.0\.0\.1 or 0\.0\.0\.0, got 4010$/],
    ["a start timeout that is not a number", { startTimeoutMs: "soon" as unknown as number }, "startTimeoutMs", /^startTimeoutMs: must be a whole number of milliseconds from 1/],
    ["a start timeout of zero", { startTimeoutMs: 0 }, "startTimeoutMs", /^startTimeoutMs: must be a whole number of milliseconds from 1/],
    ["fixtures without stateful", { fixtures: {} }, "fixtures", /^fixtures: needs stateful: true/],
    ["a latency range of a number and a text", { latency: [100, "400"] as unknown as [number, number] }, "latency", /^latency: must be whole milliseconds, 300, or a range \[100, 400\] .*got \[100, 400\]$/],
    ["a fractional latency", { latency: 1.5 }, "latency", /^latency: must be whole milliseconds/],
    ["an option it does not know (misspelt)", { latancy: 100 } as unknown as MockOptions, "latancy", /^latancy: unknown option \(known: host, port, .*latency/],
  ];
  it.each(cases)("%s: a MockOptionError naming the option, before anything listens", async (_, options, option, message) => {
    const port = await freePort();
    const error = await startMock({ ...options, port }).then(
      (m) => m.stop().then(() => undefined),
      (err: unknown) => err,
    );
    expect(error).toBeInstanceOf(MockOptionError);
    expect((error as MockOptionError).option).toBe(option);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain("\n");
    // Nothing was left listening on the port it was given.
    const probe = createServer();
    await new Promise<void>((resolve, reject) => probe.once("error", reject).listen(port, "127.0.0.1", resolve));
    await new Promise((resolve) => probe.close(resolve));
  });
});

describe("Prefer: code= outside 200-599, not a status, or example= empty", () => {
  const onePerFamily = [...new Map(exampleRequests.map((r) => [r.op.api, r])).values()];
  it("covers both families", () => expect(onePerFamily.length).toBe(new Set(ops.map((op) => op.api)).size));
  const problems: [string, string][] = [
    ["code=999", "Prefer: code= takes a status from 200 to 599, got 999"],
    ["code=100", "Prefer: code= takes a status from 200 to 599, got 100"],
    ["code=abc", "Prefer: code= takes a status from 200 to 599, got abc"],
    ["example=", `Prefer: example= takes the name of one of the operation's examples, got ""`],
  ];
  it.each(onePerFamily.flatMap((r) => problems.map(([prefer, message]) => [r.op.operationId, prefer, message, r] as const)))(
    "%s with Prefer: %s: 400 in its family's error shape, the header named, never a 500",
    async (_, prefer, message, r) => {
      const response = await fetch(mock.url + r.path, {
        method: r.method,
        headers: { ...auth, Prefer: prefer },
        body: r.body === undefined ? undefined : JSON.stringify(r.body),
        signal: timeout(),
      });
      expect(response.status).toBe(400);
      const body = await response.json();
      expect(Object.keys(body).sort()).toEqual(errorShape(r.op, 400));
      expect(body.code).toBe(3);
      expect(JSON.parse(response.headers.get("sl-violations") ?? "[]")).toEqual([
        expect.objectContaining({ location: ["request", "header"], code: "mock_header", message: `invalid argument: ${message}` }),
      ]);
    },
  );
});
