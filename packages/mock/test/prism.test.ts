// What the mock promises beyond the examples: a rejected request says which field is wrong,
// seeded dynamic mode repeats itself across restarts, a Prism that exits is replaced, and none
// outlives its mock.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatEntry, startMock, type MockServer } from "../src/index.js";
import { doc, startMockSharingPrism } from "./helpers.js";
import { operations } from "@tokenkit/msw/engine";
import { allStarted } from "./together.js";

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

// One seeded dynamic mock in this process and one in a process of its own, started side by side:
// together they show the seed repeating across two server starts and across a Prism restart,
// the supervision that restarts a Prism that exits, and the watchdog that takes a Prism with its
// mock when that process is killed. Each check needs a Prism start of its own; none needs more.
describe("seeded dynamic mode, a Prism that exits, a mock whose process dies", () => {
  const SEED = 42;
  let mock: MockServer | undefined;
  const lines: string[] = [];
  /** Prism's own lines, as `onLog` (and so `--verbose`) gets them. */
  const prismLines: string[] = [];
  let host: ChildProcess | undefined;
  let hostUrl = "";

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
  /** The first body of the token list, which dynamic mode generates from the schema. */
  const firstBody = async (url: string) => {
    const response = await fetch(`${url}/v1/apitokens`, { headers: auth, signal: timeout() });
    expect(response.status).toBe(200);
    return response.json();
  };

  // Two Prism start-ups side by side: seconds alone, much longer when the whole test run shares the CPU.
  beforeAll(async () => {
    // A process of its own running the built mock, as an app or a test runner's worker would.
    const index = JSON.stringify(new URL("../dist/index.js", import.meta.url).href);
    host = spawn(process.execPath, ["--input-type=module", "-e", `const { startMock } = await import(${index}); const started = await startMock({ dynamic: true, seed: ${SEED} }); console.log(started.url);`], { stdio: ["ignore", "pipe", "inherit"] });
    const hostStarted = new Promise<string>((resolve, reject) => {
      host!.stdout!.once("data", (chunk) => resolve(String(chunk).trim()));
      host!.once("exit", (code) => reject(new Error(`the mock's process exited (${code}) before listening`)));
    }).then((url) => (hostUrl = url));
    await allStarted([
      hostStarted,
      startMock({ dynamic: true, seed: SEED, onRequest: (entry) => lines.push(formatEntry(entry)), onLog: (line) => prismLines.push(line) }).then((started) => (mock = started)),
    ]);
  });
  afterAll(async () => {
    if (host && host.exitCode === null && host.signalCode === null) host.kill("SIGKILL");
    await mock?.stop();
  });

  it("hides the requests' credentials in Prism's lines (onLog, log(), --verbose), which quote their paths", async () => {
    const secret = "tok-5d8e1a3f-verbose-path";
    const withParams = operations(spec).filter((op) => op.pathParams.length);
    expect(withParams.length).toBeGreaterThan(0);
    const received = () => prismLines.filter((line) => line.includes("Request received") && line.includes("***")).length;
    const before = received();
    for (const op of withParams) {
      const response = await fetch(`${mock!.url}${op.path.replace(/\{[^}]+\}/g, secret)}`, {
        method: op.method,
        headers: { ...auth, Authorization: `Bearer ${secret}` },
        body: op.requestBody ? "{}" : undefined,
        signal: timeout(),
      });
      await response.arrayBuffer();
    }
    // Prism prints its line about each request as it serves it: wait (a bounded while) for one per request.
    for (let i = 0; i < 200 && received() - before < withParams.length; i++) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(received() - before).toBeGreaterThanOrEqual(withParams.length);
    expect(prismLines.join("\n")).not.toContain(secret);
    expect(mock!.log()).not.toContain(secret);
  });

  it("returns the same body for the same seed across two server starts", async () => {
    const first = await firstBody(mock!.url);
    const second = await firstBody(hostUrl);
    expect(second).toEqual(first);
    // Generated, not the named example.
    const example = spec.paths["/v1/apitokens"].get.responses["200"].content["application/json"].examples.tokens.value;
    expect(first).not.toEqual(example);
  });

  it("restarts a Prism that exits: the next request is answered with the seed's body, and the terminal and the journal say so", { timeout: 120_000 }, async () => {
    const before = await firstBody(mock!.url);
    // This process's own Prism (the one in `mock`): the other mock's Prism is its process's child.
    const prism = childrenOf(process.pid).filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").some((arg) => arg.includes("prism-cli"));
      } catch {
        return false;
      }
    });
    expect(prism).toHaveLength(1);
    process.kill(prism[0]!, "SIGKILL");
    // How long a new Prism takes to start depends on the machine's load and the spec's size: the
    // request waits for it, and only the test's own limit bounds the wait.
    const response = await fetch(`${mock!.url}/v1/apitokens`, { headers: auth });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(before);
    const events = mock!.requests().filter((e) => e.event);
    expect(events.at(-1)!.event).toMatch(/Prism exited \(signal SIGKILL\) and was restarted/);
    expect(lines).toContain(`mock: ${events.at(-1)!.event}`);
  });

  it("takes its Prism with it when the mock's process is killed with SIGKILL", async () => {
    expect((await fetch(`${hostUrl}/v1/apitokens`, { headers: auth, signal: timeout() })).status).toBe(200);
    const prism = childrenOf(host!.pid!);
    expect(prism.length, "the mock runs Prism as a child process").toBeGreaterThan(0);

    host!.kill("SIGKILL");
    const deadline = Date.now() + 5_000;
    while (prism.some(alive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(prism.filter(alive), "Prism still running 5 s after its mock was killed").toEqual([]);
  });
});
