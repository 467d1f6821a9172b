// The README's promises, run: its hook example against a real server (timeouts and aborts
// included), and the request-id headers it names against the ones the code reads.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { APITimeoutError, APIUserAbortError, createClient, NotFoundError } from "../src/index.js";
import { REQUEST_ID_HEADERS } from "../src/errors.js";
import { json, noAnswer, startFaultServer, type FaultServer } from "./fault-server.js";

const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
/** The first ```ts block after `heading`. */
const exampleAfter = (heading: string) => readme.slice(readme.indexOf(heading)).match(/```ts\n([\s\S]*?)```/)![1]!;
const hooks = exampleAfter("## Hooks");
/** The README's `fetch:` hook, as the function it is (it is plain JavaScript). */
const hook = new Function(`return ${hooks.match(/fetch: (.*?),? *\/\/.*$/m)![1]}`)() as (request: Request) => Promise<Response>;

let server: FaultServer;
beforeAll(async () => {
  server = await startFaultServer();
});
afterAll(() => server.close());
beforeEach(() => server.script());

describe("README, Hooks", () => {
  it("the example runs as written, against a real server", async () => {
    const logged: unknown[][] = [];
    const example = hooks.replace('"http://127.0.0.1:4010"', JSON.stringify(server.url));
    const run = new Function("createClient", "token", "console", `return (async () => {\n${example}\n})();`);
    server.script(json(200, { tokens: [{ id: "t1" }] }, { "x-request-id": "r-1" }));
    await run(createClient, "tk_readme", { log: (...args: unknown[]) => void logged.push(args) });
    expect(server.received[0]).toMatchObject({ target: "/v1/apitokens?revoked=false", headers: { "x-team": "player", authorization: "Bearer tk_readme" } });
    expect(logged).toEqual([[200], ["r-1", 1]]);
  });

  it("its fetch hook keeps the time limit working", async () => {
    const client = createClient({ token: "t", baseUrl: server.url, fetch: hook, timeout: 100, maxRetries: 0 });
    server.script(noAnswer);
    await expect(client.apitokens.getAPITokens()).rejects.toBeInstanceOf(APITimeoutError);
  });

  it("its fetch hook keeps the caller's AbortSignal working", async () => {
    let attempts = 0;
    const client = createClient({ token: "t", baseUrl: server.url, fetch: (request) => (attempts++, hook(request)) });
    const controller = new AbortController();
    // Aborted once the server has the request, however slow the machine is.
    server.script(() => controller.abort());
    const call = client.apitokens.getAPITokens(undefined, { signal: controller.signal });
    await expect(call).rejects.toBeInstanceOf(APIUserAbortError);
    expect(attempts).toBe(1);
  });
});

describe("README, Errors", () => {
  it("names exactly the request-id headers the code reads, in the order it reads them", () => {
    const sentence = readme.match(/`requestId` comes from[^.]*\./)![0];
    expect([...sentence.matchAll(/`([a-z-]+)`/g)].map((m) => m[1])).toEqual([...REQUEST_ID_HEADERS]);
  });

  it("the first of them wins", async () => {
    const client = createClient({ token: "t", baseUrl: server.url });
    const headers = Object.fromEntries(REQUEST_ID_HEADERS.map((name) => [name, `from-${name}`]).reverse());
    server.script(json(404, { code: 5, message: "no" }, headers));
    const error = await client.apitokens.getAPIToken({ id: "x" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as NotFoundError).requestId).toBe(`from-${REQUEST_ID_HEADERS[0]}`);
  });
});
