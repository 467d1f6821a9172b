// The `pnpm mock` command as frontend teams use it: start, call every operation, Ctrl-C.
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
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

let child: ChildProcess;
let output = "";
let baseUrl = "";

beforeAll(async () => {
  const port = await freePort();
  const cli = fileURLToPath(new URL("../dist/cli.js", import.meta.url));
  child = spawn(process.execPath, [cli, "--port", String(port)], { stdio: ["ignore", "pipe", "pipe"] });
  child.stdout!.on("data", (c) => (output += c));
  child.stderr!.on("data", (c) => (output += c));
  const deadline = Date.now() + 30_000;
  while (!/listening on (\S+)/.test(output)) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`mock did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  baseUrl = /listening on (\S+)/.exec(output)![1]!;
  expect(baseUrl).toBe(`http://127.0.0.1:${port}`);
});

afterAll(() => {
  if (child && child.exitCode === null) child.kill("SIGKILL");
});

describe("pnpm mock", () => {
  it("prints every operation it serves", () => {
    expect(requests.length).toBeGreaterThan(0);
    for (const r of requests) expect(output).toContain(`(${r.operationId})`);
  });

  it.each(requests.map((r) => [r.operationId, r] as const))("serves %s with its example", async (_, r) => {
    const response = await fetch(`${baseUrl}${r.url}`, {
      method: r.method,
      headers: { Authorization: "Bearer dev-token", "Content-Type": "application/json" },
      body: r.body === undefined ? undefined : JSON.stringify(r.body),
      signal: AbortSignal.timeout(10_000),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(r.expected);
  });

  it("answers 401 without a bearer token", async () => {
    const response = await fetch(`${baseUrl}/v1/apitokens`, { signal: AbortSignal.timeout(10_000) });
    expect(response.status).toBe(401);
  });

  it("prints each request with its status, and the field a rejected request got wrong", async () => {
    const response = await fetch(`${baseUrl}/bv/cms/v1/resources/tokens:admin`, {
      method: "POST",
      headers: { Authorization: "Bearer dev-token", "Content-Type": "application/json" },
      body: JSON.stringify({ resource_id: "3c9d2f1e-8b4a-4e7c-a5d6-1f0e9b8c7a62", resource_type: "RESOURCE_TYPE_PODCAST" }),
      signal: AbortSignal.timeout(10_000),
    });
    expect(response.status).toBe(400);
    const deadline = Date.now() + 10_000;
    while (!output.includes("✖ request.body.resource_type:") && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(output).toContain("GET /v1/apitokens → 200");
    expect(output).toContain("POST /bv/cms/v1/resources/tokens:admin → 400\n  ✖ request.body.resource_type: Request body property resource_type must be equal to one of the allowed values");
    // One line per request, not Prism's full log.
    expect(output).not.toContain("[NEGOTIATOR]");
  });

  it("names a busy port and the way out in one line, without starting Prism", async () => {
    const cli = fileURLToPath(new URL("../dist/cli.js", import.meta.url));
    const port = Number(new URL(baseUrl).port);
    const second = spawn(process.execPath, [cli, "--port", String(port)], { stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    second.stderr!.on("data", (c) => (stderr += c));
    const code = await new Promise<number | null>((resolve) => second.once("exit", resolve));
    expect(code).toBe(1);
    expect(stderr.trim().split("\n")).toEqual([expect.stringContaining(`port ${port} on 127.0.0.1 is already in use`)]);
    expect(stderr).toContain(`npm run mock -- --port ${port + 1}`);
  });

  it("stops cleanly on Ctrl-C", async () => {
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    child.kill("SIGINT");
    expect(await exited).toBe(0);
    expect(output).toContain("Mock server stopped.");
    await expect(fetch(`${baseUrl}/v1/apitokens`, { signal: AbortSignal.timeout(2_000) })).rejects.toThrow();
  });
});
