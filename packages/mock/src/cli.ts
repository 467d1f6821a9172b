#!/usr/bin/env node
// `npx @tokenkit/mock` (the `tokenkit-mock` command), `npm run mock` in this repository:
// `tokenkit-mock [--port 4010] [--host 127.0.0.1] [--stateful [--fixtures f.json]] [--latency 100-400]
//                  [--dynamic] [--seed 42] [--proxy <url>] [--verbose]`
// Serves every operation of the spec with its named examples until Ctrl-C; with --proxy, passes
// every request on to the real service and prints where its traffic disagrees with the spec.
import { parseArgs } from "node:util";
import type { MockOptions } from "./mock.js";
import { checkOptions, MockOptionError, readFixtures } from "./options.js";

const usage = `usage: npx @tokenkit/mock [options]   (in its repository: npm run mock -- [options])

  --port <n>          port to listen on (env PORT; default 4010)
  --host <addr>       interface to listen on (env HOST; default 127.0.0.1)
  --stateful          keep API tokens and groups in memory: what one request creates, the next sees
  --fixtures <file>   JSON the stateful mode starts from ({ tokens, groups, api_tokens, resourceTokens, users, allowedRoles });
                      default: the spec's examples
  --latency <ms>      delay every answer: "300", or a random delay in a range "100-400"
  --dynamic           generate responses from the schemas instead of the named examples
  --seed <n>          make --dynamic responses repeatable
  --proxy <url>       pass every request on to the real service at this base URL (with the app's
                      own credentials) and check the request and its answer against the spec:
                      the app gets the service's answer unchanged; each disagreement is printed
                      under the request, kept in the journal, and counted per operation at
                      GET /__mock/violations. Faults and --latency still apply; not with
                      --stateful, --fixtures, --dynamic or --seed
  --verbose           print Prism's full log too, besides one line per request`;

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

let values;
try {
  ({ values } = parseArgs({
    options: {
      port: { type: "string", default: process.env.PORT ?? "4010" },
      host: { type: "string", default: process.env.HOST ?? "127.0.0.1" },
      stateful: { type: "boolean", default: false },
      fixtures: { type: "string" },
      latency: { type: "string" },
      dynamic: { type: "boolean", default: false },
      seed: { type: "string" },
      proxy: { type: "string" },
      verbose: { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
  }));
} catch (err) {
  // Node's message for an unknown option ends in a hint about positional arguments (dropped);
  // the one for a value that starts with a dash spans lines, its fix on the last (kept, on one line).
  const message = (err as Error).message;
  fail(`${message.includes("\n") ? message.split("\n").join(" ").replace(/\.$/, "") : message.split(". ")[0]}: run with --help for the options`);
}

if (values.help) {
  console.log(usage);
  process.exit(0);
}

const port = /^\d+$/.test(values.port) ? Number(values.port) : NaN;
if (!(port >= 1 && port <= 65535)) fail(`--port: must be a whole number from 1 to 65535, got "${values.port}": e.g. --port 4010`);
if (values.fixtures && !values.stateful) fail("--fixtures: needs --stateful: add --stateful, or leave --fixtures out");

const options: MockOptions = {
  host: values.host,
  port,
  dynamic: values.dynamic,
  seed: values.seed,
  stateful: values.stateful,
  fixtures: values.fixtures,
  latency: values.latency,
  proxy: values.proxy,
};
// A mistaken flag is refused at once, before the spec, the engine and Prism are loaded; `startMock`
// checks the same again, and what needs the spec (the fixtures' fields) is checked there.
try {
  await checkOptions(options);
  if (options.stateful && options.fixtures !== undefined) readFixtures(options.fixtures);
} catch (err) {
  if (err instanceof MockOptionError) fail(`--${err.message}`);
  throw err;
}
const [{ operations }, { DELAY_HEADER, FAULT_HEADER, defaultSpecPath, formatEntry, readSpec, startMock }] = await Promise.all([import("@tokenkit/msw/engine"), import("./index.js")]);

let listening = false;
const server = await startMock({
  ...options,
  // One line per request, from its journal entry: the status the app received (a state's
  // answer, a fault, a drop, a client that hung up), with the violations under it.
  onRequest: (entry) => console.log(formatEntry(entry)),
  // Prism's own lines only with --verbose: without it they are not read at all.
  onLog: values.verbose
    ? (line) => {
        if (listening && line) console.log(line);
      }
    : undefined,
}).catch((err: Error) => {
  // An option the mock cannot use is one line naming it, as is a taken port; anything else
  // (Prism failing to start) keeps Prism's output for diagnosis.
  if (err instanceof MockOptionError) fail(`--${err.message}`);
  console.error(`Could not start the mock server: ${err.message}`);
  process.exit(1);
});
listening = true;

const rows = operations(readSpec(defaultSpecPath())).map((op) => `  ${op.method.padEnd(6)} ${server.url}${op.path}  (${op.operationId})`);
const modes = [values.proxy && `proxy to ${values.proxy}`, values.stateful && "stateful", values.dynamic && `dynamic${values.seed ? `, seed ${values.seed}` : ""}`, values.latency && `latency ${values.latency} ms`].filter(Boolean);

console.log(`Mock server listening on ${server.url}${modes.length ? ` (${modes.join("; ")})` : ""}`);
console.log(`Operations:\n${rows.join("\n")}`);
console.log(
  values.proxy
    ? `Every request goes to ${values.proxy} with its own credentials; what disagrees with the spec is printed under it and counted at ${server.url}/__mock/violations.`
    : `Send "Authorization: Bearer <any token>". Pick a response with "Prefer: code=404" or "Prefer: example=<name>".`,
);
console.log(`Slow or failing answers on cue: "${DELAY_HEADER}: 300", "${FAULT_HEADER}: 429" (or 503, drop), or POST ${server.url}/__mock/faults.`);
console.log(`Requests received: GET ${server.url}/__mock/requests.${values.stateful ? ` Reset the state: POST ${server.url}/__mock/reset.` : ""}`);
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
// `npx` runs this bin through `sh -c`, and sh exits on the SIGTERM npx passes on without passing
// it further: when the parent goes away, stop as if it had sent SIGTERM.
const parent = process.ppid;
setInterval(() => process.ppid !== parent && shutdown(), 200).unref();
