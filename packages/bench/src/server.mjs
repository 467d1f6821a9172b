// The loopback server for the HTTP mode. It runs in its own process (forked by bench.mjs), so
// its work does not share the event loop, or the core, with the clients being measured.
// It reports its port over IPC and exits when the parent disconnects, even if the parent dies.
import { createServer } from "node:http";
import { AUTHORIZATION, BODY, PATH } from "./fixture.mjs";

const body = Buffer.from(BODY);
const ok = { "content-type": "application/json", "content-length": String(body.length) };

const server = createServer((request, response) => {
  // Checked so that a variant that drops the path or the header fails validation instead of
  // being measured on a cheaper answer.
  if (request.url !== PATH || request.method !== "GET") return void response.writeHead(404).end();
  if (request.headers.authorization !== AUTHORIZATION) return void response.writeHead(401).end();
  response.writeHead(200, ok).end(body);
});
// Longer than any run, so connections are reused rather than reopened mid-measurement.
server.keepAliveTimeout = 120_000;

server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  process.send?.({ port: typeof address === "object" && address ? address.port : 0 });
});
process.on("disconnect", () => process.exit(0));
