// The `pnpm mock` command as frontend teams use it: start, call every operation, Ctrl-C.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { exampleRequest, operations, responseExamples } from "@tokenkit/spec-model";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../src/index.js";
import { cli, doc, startCli } from "./helpers.js";
import { allStarted } from "./together.js";

// The bundled spec the mock serves (helpers.ts reads it once).
const spec = doc;

/** One request per operation, built only from the spec's own examples. */
const requests = operations(spec).map((op) => ({
  operationId: op.operationId,
  method: op.method,
  ...exampleRequest(spec, op),
  expected: responseExamples(spec, op, 200)[0]?.value,
}));

/** The running commands; their `output` keeps growing as they print. */
let mock: Awaited<ReturnType<typeof startCli>> | undefined;
let stateful: Awaited<ReturnType<typeof startCli>> | undefined;
/** The one token in the fixtures file the stateful command is given. */
const token = { id: "cli-fixture", name: "from-the-command-line", roles: ["Analyst"], issuedAt: "2026-01-01T00:00:00Z", expiration: "2027-01-01T00:00:00Z", revoked: false };

beforeAll(async () => {
  const [port, statefulPort] = await Promise.all([freePort(), freePort()]);
  const dir = mkdtempSync(join(tmpdir(), "mock-cli-"));
  writeFileSync(join(dir, "fixtures.json"), JSON.stringify({ tokens: [token], allowedRoles: ["Analyst"] }));
  // Both commands start side by side (each with its own Prism): one start-up paid in wall time.
  await allStarted([
    startCli(["--port", String(port)]).then((started) => (mock = started)),
    startCli(["--port", String(statefulPort), "--stateful", "--fixtures", join(dir, "fixtures.json")]).then((started) => (stateful = started)),
  ]);
  expect(mock!.url).toBe(`http://127.0.0.1:${port}`);
  expect(stateful!.url).toBe(`http://127.0.0.1:${statefulPort}`);
});

afterAll(() => {
  for (const started of [mock, stateful]) if (started && started.child.exitCode === null) started.child.kill("SIGKILL");
});

describe("pnpm mock", () => {
  it("prints every operation it serves", async () => {
    expect(requests.length).toBeGreaterThan(0);
    // The list follows the "listening on" line, possibly in later writes.
    const listed = () => requests.every((r) => mock!.output.includes(`(${r.operationId})`));
    const deadline = Date.now() + 10_000;
    while (!listed() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    for (const r of requests) expect(mock!.output).toContain(`(${r.operationId})`);
  });

  it.each(requests.map((r) => [r.operationId, r] as const))("serves %s with its example", async (_, r) => {
    const response = await fetch(`${mock!.url}${r.url}`, {
      method: r.method,
      headers: { Authorization: "Bearer dev-token", "Content-Type": "application/json", ...(r.header as Record<string, string>) },
      body: r.body === undefined ? undefined : JSON.stringify(r.body),
      signal: AbortSignal.timeout(10_000),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(r.expected);
  });

  it("answers 401 without a bearer token", async () => {
    const response = await fetch(`${mock!.url}/v1/apitokens`, { signal: AbortSignal.timeout(10_000) });
    expect(response.status).toBe(401);
  });

  it("prints each request with its status, and the field a rejected request got wrong", async () => {
    const response = await fetch(`${mock!.url}/bv/cms/v1/resources/tokens:admin`, {
      method: "POST",
      headers: { Authorization: "Bearer dev-token", "Content-Type": "application/json", "x-bv-org-id": "dev-org" },
      body: JSON.stringify({ resource_id: "3c9d2f1e-8b4a-4e7c-a5d6-1f0e9b8c7a62", resource_type: "RESOURCE_TYPE_PODCAST" }),
      signal: AbortSignal.timeout(10_000),
    });
    expect(response.status).toBe(400);
    const deadline = Date.now() + 10_000;
    while (!mock!.output.includes("✖ request.body.resource_type:") && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(mock!.output).toContain("GET /v1/apitokens → 200");
    expect(mock!.output).toContain("POST /bv/cms/v1/resources/tokens:admin → 400\n  ✖ request.body.resource_type: Request body property resource_type must be equal to one of the allowed values");
    // One line per request, not Prism's full log.
    expect(mock!.output).not.toContain("[NEGOTIATOR]");
  });

  it("names a busy port and the way out in one line, without starting Prism", async () => {
    const port = Number(new URL(mock!.url).port);
    const second = spawn(process.execPath, [cli, "--port", String(port)], { stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    second.stderr!.on("data", (c) => (stderr += c));
    const code = await new Promise<number | null>((resolve) => second.once("exit", resolve));
    expect(code).toBe(1);
    expect(stderr.trim().split("\n")).toEqual([expect.stringContaining(`port ${port} on 127.0.0.1 is already in use`)]);
    expect(stderr).toContain(`npm run mock -- --port ${port + 1}`);
  });

  it("stops cleanly on Ctrl-C", async () => {
    const exited = new Promise<number | null>((resolve) => mock!.child.once("exit", (code) => resolve(code)));
    mock!.child.kill("SIGINT");
    expect(await exited).toBe(0);
    expect(mock!.output).toContain("Mock server stopped.");
    await expect(fetch(`${mock!.url}/v1/apitokens`, { signal: AbortSignal.timeout(2_000) })).rejects.toThrow();
  });
});

describe("npm run mock -- --stateful", () => {
  it("serves the fixtures file it is given, and keeps what is created", async () => {
    // Started in the file's beforeAll, with the fixtures file holding `token`.
    const running = stateful!;
    try {
      expect(running.output).toContain("(stateful)");
      const headers = { Authorization: "Bearer dev", "Content-Type": "application/json" };
      const list = async () => (await (await fetch(`${running.url}/v1/apitokens`, { headers, signal: AbortSignal.timeout(10_000) })).json()).tokens;
      expect(await list()).toEqual([token]);
      const created = await fetch(`${running.url}/v1/apitokens/generate`, { method: "POST", headers, body: JSON.stringify({ name: "new", roles: ["Analyst"] }), signal: AbortSignal.timeout(10_000) });
      expect(created.status).toBe(200);
      expect((await list()).map((t: { name: string }) => t.name)).toEqual(["from-the-command-line", "new"]);

      // The terminal shows what the app received: the state's error, a fault, a drop.
      const unknown = await fetch(`${running.url}/v1/apitokens/no-such-id`, { headers, signal: AbortSignal.timeout(10_000) });
      const revokeUnknown = await fetch(`${running.url}/v1/apitokens/revoke/no-such-id`, { method: "PATCH", headers, signal: AbortSignal.timeout(10_000) });
      const faulted = await fetch(`${running.url}/v1/apitokens`, { headers: { ...headers, "x-mock-fault": "429" }, signal: AbortSignal.timeout(10_000) });
      await fetch(`${running.url}/v1/apitokens`, { headers: { ...headers, "x-mock-fault": "drop" }, signal: AbortSignal.timeout(10_000) }).catch(() => undefined);
      const expected = [
        `GET /v1/apitokens/no-such-id → ${unknown.status}`,
        `PATCH /v1/apitokens/revoke/no-such-id → ${revokeUnknown.status}`,
        `GET /v1/apitokens → ${faulted.status} (fault 429)`,
        "GET /v1/apitokens → dropped (x-mock-fault: drop)",
      ];
      expect([unknown.status, revokeUnknown.status, faulted.status]).toEqual([400, 500, 429]);
      const deadline = Date.now() + 10_000;
      while (!expected.every((line) => running.output.includes(`${line}\n`)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      for (const line of expected) expect(running.output).toContain(`${line}\n`);
    } finally {
      running.child.kill("SIGKILL");
    }
  });

  it("refuses a fixtures file that does not match the spec, naming the file and the field", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mock-cli-"));
    const file = join(dir, "bad.json");
    writeFileSync(file, JSON.stringify({ tokens: [{ id: "x", revoked: "yes" }] }));
    const bad = spawn(process.execPath, [cli, "--port", String(await freePort()), "--stateful", "--fixtures", file], { stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    bad.stderr!.on("data", (c) => (stderr += c));
    expect(await new Promise((resolve) => bad.once("exit", resolve))).toBe(2);
    expect(stderr).toContain(file);
    expect(stderr).toMatch(/^--fixtures: .*tokens.*revoked/);
    expect(stderr.trimEnd()).not.toContain("\n");
  });
});

describe("start-up mistakes", () => {
  const dir = mkdtempSync(join(tmpdir(), "mock-cli-"));
  writeFileSync(join(dir, "fixtures.yaml"), "tokens:\n  - id: x\n");
  writeFileSync(join(dir, "list.json"), "[1, 2]");
  const mistakes: [string, string[], RegExp][] = [
    ["fixtures that are YAML, not JSON", ["--stateful", "--fixtures", join(dir, "fixtures.yaml")], /^--fixtures: .*fixtures\.yaml is not JSON .*: give a JSON object/],
    ["a fixtures file that is missing", ["--stateful", "--fixtures", join(dir, "missing.json")], /^--fixtures: cannot read .*missing\.json \(ENOENT\): give the path of a JSON file/],
    ["fixtures of the wrong shape", ["--stateful", "--fixtures", join(dir, "list.json")], /^--fixtures: .*list\.json is not a JSON object/],
    ["a seed that is not a number", ["--seed", "x"], /^--seed: must be a whole number, e\.g\. 42, got "x"/],
    ["a latency that is not a number", ["--latency", "soon"], /^--latency: must be whole milliseconds, 300, or a range \[100, 400\] \(or the same as text, "300" or "100-400"\) with min <= max \(at most 120000\), got "soon"$/],
    ["a port out of range", ["--port", "70000"], /^--port: must be a whole number from 1 to 65535, got "70000"/],
    ["a port that is not a number", ["--port", "http"], /^--port: must be a whole number/],
    ["a host it cannot listen on", ["--host", "203.0.113.7"], /^--host: cannot listen on "203\.0\.113\.7" \(EADDRNOTAVAIL\): use 127\.0\.0\.1/],
    ["--proxy with --stateful", ["--proxy", "http://127.0.0.1:9", "--stateful"], /^--proxy: cannot be combined with --stateful: through the proxy every answer is the service's; leave one of them out$/],
    ["--proxy with --dynamic", ["--proxy", "http://127.0.0.1:9", "--dynamic"], /^--proxy: cannot be combined with --dynamic/],
    ["a proxy target that is not a URL", ["--proxy", "central.example.com"], /^--proxy: must be the service's base URL, e\.g\. https:\/\/central\.example\.com/],
    ["a proxy target holding credentials", ["--proxy", "https://admin:secret@central.example.com"], /^--proxy: must not hold credentials: the app's own Authorization header is passed on/],
    ["a proxy target that is not a URL, holding credentials", ["--proxy", "https://admin:pw s3cret@central example"], /^--proxy: must be the service's base URL, e\.g\. https:\/\/central\.example\.com, got "https:\/\/\*\*\*@central example"$/],
    ["an unknown option", ["--stateful-mode"], /^Unknown option '--stateful-mode': run with --help/],
    ["an option value that starts with a dash", ["--latency", "-5"], /^Option '--latency' argument is ambiguous\. .*use '--latency=-XYZ': run with --help for the options$/],
  ];

  it.each(mistakes)("%s: one line naming the option and the fix, exit code 2, nothing left running", async (_, args, message) => {
    const port = await freePort();
    const child = spawn(process.execPath, [cli, "--port", String(port), ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr!.on("data", (c) => (stderr += c));
    expect(await new Promise((resolve) => child.once("exit", resolve))).toBe(2);
    expect(stderr.trimEnd().split("\n")).toEqual([expect.stringMatching(message)]);
    // Nothing left running: the port it was given is free again.
    expect(await freePortIs(port)).toBe(true);
  });

  async function freePortIs(port: number): Promise<boolean> {
    const { createServer } = await import("node:net");
    return new Promise((resolve) => {
      const server = createServer();
      server.once("error", () => resolve(false));
      server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
    });
  }
});
