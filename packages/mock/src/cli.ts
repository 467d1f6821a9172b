#!/usr/bin/env node
// `npm run mock -- [--port 4010] [--host 127.0.0.1] [--dynamic] [--seed 42] [--verbose]`
// Serves every operation of the spec with its named examples until Ctrl-C.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { operations } from "@tokenkit/spec-model";
import { defaultSpecPath, startMock } from "./index.js";
import { requestLog } from "./log.js";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: process.env.PORT ?? "4010" },
    host: { type: "string", default: process.env.HOST ?? "127.0.0.1" },
    dynamic: { type: "boolean", default: false },
    seed: { type: "string" },
    verbose: { type: "boolean", default: false },
    help: { type: "boolean", default: false },
  },
});

if (values.help) {
  console.log(`usage: npm run mock -- [--port 4010] [--host 127.0.0.1] [--dynamic] [--seed <n>] [--verbose]

  --port     port to listen on (env PORT; default 4010)
  --host     interface to listen on (env HOST; default 127.0.0.1)
  --dynamic  generate responses from the schemas instead of the named examples
  --seed     make --dynamic responses repeatable
  --verbose  print Prism's full log instead of one line per request`);
  process.exit(0);
}

const port = Number(values.port);
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  console.error(`--port must be an integer from 1 to 65535, got "${values.port}"`);
  process.exit(2);
}

let listening = false;
// After start-up, print each request, its status and, for a rejected request, the field at fault.
const summarize = values.verbose ? (line: string) => line || undefined : requestLog();
const server = await startMock({
  host: values.host,
  port,
  dynamic: values.dynamic,
  seed: values.seed,
  onLog: (line) => {
    const out = listening ? summarize(line) : undefined;
    if (out) console.log(out);
  },
}).catch((err: Error & { code?: string }) => {
  if (err.code === "EADDRINUSE") {
    const next = port === 65535 ? 4010 : port + 1;
    console.error(`Could not start the mock server: ${err.message}; stop what uses it, or pick another port: npm run mock -- --port ${next}`);
  } else console.error(`Could not start the mock server: ${err.message}`);
  process.exit(1);
});
listening = true;

const spec = JSON.parse(readFileSync(defaultSpecPath().replace(/\.yaml$/, ".json"), "utf8"));
const rows = operations(spec).map((op) => `  ${op.method.padEnd(6)} ${server.url}${op.path}  (${op.operationId})`);

console.log(`Mock server listening on ${server.url}${values.dynamic ? ` (dynamic${values.seed ? `, seed ${values.seed}` : ""})` : ""}`);
console.log(`Operations:\n${rows.join("\n")}`);
console.log(`Send "Authorization: Bearer <any token>". Pick a response with "Prefer: code=404" or "Prefer: example=<name>".`);
console.log(`A request that breaks the spec gets the operation's 400 example; the field at fault is printed here and sent in the sl-violations header. Ctrl-C stops.`);

let stopping = false;
const shutdown = async () => {
  if (stopping) return;
  stopping = true;
  await server.stop();
  console.log("Mock server stopped.");
  process.exit(0);
};
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);
