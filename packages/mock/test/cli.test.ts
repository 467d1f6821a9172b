// The `pnpm mock` command as frontend teams use it: start, call every operation, Ctrl-C.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { exampleRequest, operations, responseExamples } from "@tokenkit/spec-model";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultSpecPath, freePort } from "../src/index.js";

const spec = JSON.parse(readFileSync(defaultSpecPath().replace(/\.yaml$/, ".json"), "utf8"));

/** One request per operation, built only from the spec's own examples. */
const requests = operations(spec).map((op) => ({
  operationId: op.operationId,
  method: op.method,
  ...exampleRequest(spec, op),
  expected: responseExamples(spec, op, 200)[0]?.value,
}));

const cli = fileURLToPath(new URL("../dist/cli.js", import.meta.url));

/** Starts the command with these arguments and waits until it prints its URL. */
async function startCli(args: string[]) {
  const started = { child: spawn(process.execPath, [cli, ...args], { stdio: ["ignore", "pipe", "pipe"] }), output: "", url: "" };
  started.child.stdout!.on("data", (c) => (started.output += c));
  started.child.stderr!.on("data", (c) => (started.output += c));
  const deadline = Date.now() + 90_000;
  while (!/listening on (\S+)/.test(started.output)) {
    if (Date.now() > deadline || started.child.exitCode !== null) throw new Error(`mock did not start:\n${started.output}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  started.url = /listening on (\S+)/.exec(started.output)![1]!;
  return started;
}

/** The running command; its `output` keeps growing as it prints. */
let mock: Awaited<ReturnType<typeof startCli>> | undefined;

beforeAll(async () => {
  const port = await freePort();
  mock = await startCli(["--port", String(port)]);
  expect(mock.url).toBe(`http://127.0.0.1:${port}`);
});

afterAll(() => {
  if (mock && mock.child.exitCode === null) mock.child.kill("SIGKILL");
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
  it("serves the fixtures file it is given, and keeps what is created", { timeout: 150_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), "mock-cli-"));
    const token = { id: "cli-fixture", name: "from-the-command-line", roles: ["Analyst"], issuedAt: "2026-01-01T00:00:00Z", expiration: "2027-01-01T00:00:00Z", revoked: false };
    writeFileSync(join(dir, "fixtures.json"), JSON.stringify({ tokens: [token], allowedRoles: ["Analyst"] }));
    const stateful = await startCli(["--port", String(await freePort()), "--stateful", "--fixtures", join(dir, "fixtures.json")]);
    try {
      expect(stateful.output).toContain("(stateful)");
      const headers = { Authorization: "Bearer dev", "Content-Type": "application/json" };
      const list = async () => (await (await fetch(`${stateful.url}/v1/apitokens`, { headers, signal: AbortSignal.timeout(10_000) })).json()).tokens;
      expect(await list()).toEqual([token]);
      const created = await fetch(`${stateful.url}/v1/apitokens/generate`, { method: "POST", headers, body: JSON.stringify({ name: "new", roles: ["Analyst"] }), signal: AbortSignal.timeout(10_000) });
      expect(created.status).toBe(200);
      expect((await list()).map((t: { name: string }) => t.name)).toEqual(["from-the-command-line", "new"]);

      // The terminal shows what the app received: the state's error, a fault, a drop.
      const unknown = await fetch(`${stateful.url}/v1/apitokens/no-such-id`, { headers, signal: AbortSignal.timeout(10_000) });
      const revokeUnknown = await fetch(`${stateful.url}/v1/apitokens/revoke/no-such-id`, { method: "PATCH", headers, signal: AbortSignal.timeout(10_000) });
      const faulted = await fetch(`${stateful.url}/v1/apitokens`, { headers: { ...headers, "x-mock-fault": "429" }, signal: AbortSignal.timeout(10_000) });
      await fetch(`${stateful.url}/v1/apitokens`, { headers: { ...headers, "x-mock-fault": "drop" }, signal: AbortSignal.timeout(10_000) }).catch(() => undefined);
      const expected = [
        `GET /v1/apitokens/no-such-id → ${unknown.status}`,
        `PATCH /v1/apitokens/revoke/no-such-id → ${revokeUnknown.status}`,
        `GET /v1/apitokens → ${faulted.status} (fault 429)`,
        "GET /v1/apitokens → dropped (x-mock-fault: drop)",
      ];
      expect([unknown.status, revokeUnknown.status, faulted.status]).toEqual([400, 500, 429]);
      const deadline = Date.now() + 10_000;
      while (!expected.every((line) => stateful.output.includes(`${line}\n`)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      for (const line of expected) expect(stateful.output).toContain(`${line}\n`);
    } finally {
      stateful.child.kill("SIGKILL");
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
    ["a latency that is not a number", ["--latency", "soon"], /^--latency: must be milliseconds/],
    ["a port out of range", ["--port", "70000"], /^--port: must be a whole number from 1 to 65535, got "70000"/],
    ["a port that is not a number", ["--port", "http"], /^--port: must be a whole number/],
    ["a host it cannot listen on", ["--host", "203.0.113.7"], /^--host: cannot listen on "203\.0\.113\.7" \(EADDRNOTAVAIL\): use 127\.0\.0\.1/],
    ["an unknown option", ["--stateful-mode"], /^Unknown option '--stateful-mode': run with --help/],
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
