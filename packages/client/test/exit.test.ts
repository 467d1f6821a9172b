// A process that used the client exits as soon as its own work is done: no timer (timeouts,
// backoff) and no socket is left behind, after successes, retries, timeouts and aborts.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const dist = fileURLToPath(new URL("../dist/index.js", import.meta.url));

const script = `
import { createServer } from "node:http";
import { createClient } from ${JSON.stringify(dist)};
let n = 0;
const controller = new AbortController();
const server = createServer((req, res) => {
  n++;
  // The caller aborts once the request has arrived, however slowly it got here.
  if (req.url.includes("abort")) controller.abort();
  // The server's own late answers do not keep the process alive: only what the client leaves can.
  if (req.url.includes("slow")) return setTimeout(() => res.end("{}"), 1_500).unref();
  if (n === 1) { res.writeHead(503); return res.end(); }
  res.writeHead(200, { "content-type": "application/json" });
  res.end('{"roleNames":["Admin"]}');
});
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const client = createClient({ token: "t", baseUrl: "http://127.0.0.1:" + server.address().port });
await client.apitokens.listAllowedTokenRoles();                                  // 503, backoff, 200
await client.apitokens.getAPIToken({ id: "slow" }, { timeout: 250, maxRetries: 0 }).catch(() => {});
await client.apitokens.getAPIToken({ id: "slow-abort" }, { signal: controller.signal }).catch(() => {});
server.close();
server.closeAllConnections();
console.log("done after " + n + " requests");
// Fires only if something else keeps the process alive for 10 s (a leaked 60 s timer would).
setTimeout(() => { console.log("still alive"); process.exit(3); }, 10_000).unref();
`;

describe("process exit", () => {
  it("is not held up by the client's timers or sockets (default timeout is 60 s)", () => {
    const run = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8", timeout: 30_000 });
    expect(run.stderr).toBe("");
    expect(run.stdout.trim()).toBe("done after 4 requests");
    expect(run.status).toBe(0);
  });
});
