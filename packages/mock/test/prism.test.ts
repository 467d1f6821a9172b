// What the mock promises beyond the examples: a rejected request says which field is wrong,
// and seeded dynamic mode repeats itself across restarts.
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMock, type MockServer } from "../src/index.js";
import { doc, startMockSharingPrism } from "./helpers.js";

// The bundled spec the mock serves (helpers.ts reads it once).
const spec = doc;
const auth = { Authorization: "Bearer dev", "Content-Type": "application/json", "x-bv-org-id": "dev-org" };
const timeout = () => AbortSignal.timeout(10_000);

describe("request validation", () => {
  let mock: MockServer;
  beforeAll(async () => {
    mock = await startMockSharingPrism();
  });
  afterAll(async () => {
    await mock?.stop();
  });

  it("answers a bad body with the declared 400 example and names the field in sl-violations", async () => {
    const response = await fetch(`${mock.url}/bv/cms/v1/resources/tokens:admin`, {
      method: "POST",
      // Validation wins over a requested status: the app cannot mistake a bad request for a good one.
      headers: { ...auth, Prefer: "code=200" },
      body: JSON.stringify({ resource_id: "3c9d2f1e-8b4a-4e7c-a5d6-1f0e9b8c7a62", resource_type: "RESOURCE_TYPE_PODCAST" }),
      signal: timeout(),
    });
    expect(response.status).toBe(400);
    const declared = Object.values(spec.components.responses.BvBadRequest.content["application/json"].examples)[0] as { value: unknown };
    expect(await response.json()).toEqual(declared.value);
    const violations = JSON.parse(response.headers.get("sl-violations") ?? "null");
    expect(violations).toEqual([
      expect.objectContaining({ location: ["request", "body", "resource_type"], message: expect.stringContaining("resource_type") }),
    ]);
  });

  it("names a missing required field and a bad query parameter the same way", async () => {
    const group = await fetch(`${mock.url}/bv/org/v1/groups`, { method: "POST", headers: auth, body: "{}", signal: timeout() });
    expect(group.status).toBe(400);
    expect(JSON.parse(group.headers.get("sl-violations")!)[0].message).toBe("Request body must have required property 'name'");

    const list = await fetch(`${mock.url}/v1/apitokens?revoked=maybe`, { headers: auth, signal: timeout() });
    expect(list.status).toBe(400);
    expect(JSON.parse(list.headers.get("sl-violations")!)[0].location).toEqual(["request", "query", "revoked"]);
  });
});

describe("dynamic mode", () => {
  const servers: MockServer[] = [];
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
  });

  async function firstBody(seed: number) {
    const mock = await startMock({ dynamic: true, seed });
    servers.push(mock);
    const response = await fetch(`${mock.url}/v1/apitokens`, { headers: auth, signal: timeout() });
    expect(response.status).toBe(200);
    const body = await response.json();
    await mock.stop();
    return body;
  }

  // Two Prism start-ups in a row: seconds alone, much longer when the whole test run shares the CPU.
  it("returns the same body for the same seed across two server starts", { timeout: 180_000 }, async () => {
    const first = await firstBody(42);
    const second = await firstBody(42);
    expect(second).toEqual(first);
    // Generated, not the named example.
    const example = spec.paths["/v1/apitokens"].get.responses["200"].content["application/json"].examples.tokens.value;
    expect(first).not.toEqual(example);
  });
});

describe("a mock whose process dies", () => {
  /** Pids of the running processes whose parent is `pid` (Linux /proc). */
  const childrenOf = (pid: number) =>
    readdirSync("/proc")
      .filter((d) => /^\d+$/.test(d))
      .filter((d) => {
        try {
          return readFileSync(`/proc/${d}/stat`, "utf8").split(") ")[1]?.split(" ")[1] === String(pid);
        } catch {
          return false; // ended while being read
        }
      })
      .map(Number);
  const alive = (pid: number) => existsSync(`/proc/${pid}`) && !readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.startsWith("Z");

  it("takes its Prism with it, even when killed with SIGKILL", async () => {
    // A process of its own running the built mock, as an app or a test runner's worker would.
    const host = spawn(process.execPath, ["--input-type=module", "-e", `const { startMock } = await import(${JSON.stringify(new URL("../dist/index.js", import.meta.url).href)}); const mock = await startMock(); console.log(mock.url);`], { stdio: ["ignore", "pipe", "inherit"] });
    const url = await new Promise<string>((resolve, reject) => {
      host.stdout!.once("data", (chunk) => resolve(String(chunk).trim()));
      host.once("exit", (code) => reject(new Error(`the mock's process exited (${code}) before listening`)));
    });
    expect((await fetch(`${url}/v1/apitokens`, { headers: auth, signal: timeout() })).status).toBe(200);
    const prism = childrenOf(host.pid!);
    expect(prism.length, "the mock runs Prism as a child process").toBeGreaterThan(0);

    host.kill("SIGKILL");
    const deadline = Date.now() + 5_000;
    while (prism.some(alive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(prism.filter(alive), "Prism still running 5 s after its mock was killed").toEqual([]);
  }, 120_000);
});
