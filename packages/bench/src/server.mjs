// The loopback server for the HTTP mode. It runs in its own process (forked by bench.mjs), so
// its work does not share the event loop, or the core, with the clients being measured.
// It reports its port over IPC and exits when the parent disconnects, even if the parent dies.
import { createServer } from "node:http";
import { isDeepStrictEqual } from "node:util";
import { AUTHORIZATION, MIX, requestOf } from "./fixture.mjs";

// Each answer's bytes and headers, made once: the server's own work stays out of the figures.
const answers = new Map(
  MIX.map((request) => {
    const body = Buffer.from(request.response);
    return [request, { body, headers: { "content-type": "application/json", "content-length": String(body.length) } }];
  }),
);

const server = createServer((incoming, response) => {
  // Checked so that a variant that drops the path, the header or the body fails validation
  // instead of being measured on a cheaper answer.
  const request = requestOf(incoming.method ?? "", incoming.url ?? "");
  if (!request) return void response.writeHead(404).end();
  if (incoming.headers.authorization !== AUTHORIZATION) return void response.writeHead(401).end();
  const chunks = /** @type {Buffer[]} */ ([]);
  incoming.on("data", (chunk) => chunks.push(chunk));
  incoming.on("end", () => {
    if (request.body !== undefined) {
      let body;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      } catch {}
      if (!isDeepStrictEqual(body, request.body)) return void response.writeHead(400).end();
    }
    const answer = /** @type {{ body: Buffer, headers: Record<string, string> }} */ (answers.get(request));
    response.writeHead(200, answer.headers).end(answer.body);
  });
});
// Longer than any run, so connections are reused rather than reopened mid-measurement.
server.keepAliveTimeout = 120_000;

server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  process.send?.({ port: typeof address === "object" && address ? address.port : 0 });
});
process.on("disconnect", () => process.exit(0));
