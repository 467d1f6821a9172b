// The mock server itself: its options, checked once, and a front server (journal, faults, state,
// the API's own error shapes) in front of a Prism process (validation, examples, `Prefer`) or, with
// `proxy`, in front of the real service, checking its traffic against the spec. Where its Prism
// comes from is the caller's: `startMock` (index.ts) starts and supervises one of its own.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { parse as parseYaml } from "yaml";
import { checkFixtures, MockEngine, operations, type FaultRule, type Json, type JournalEntry, type Latency, type MockControls, type Operation, type StateFixtures } from "@tokenkit/msw/engine";
import { checkOptions, MockOptionError, readFixtures } from "./options.js";
import { checkPrismNode, type PrismOptions, type SupervisedPrism } from "./prism.js";
import { createFrontServer, prismBackend } from "./server.js";
import { upstreamBackend } from "./upstream.js";

const require = createRequire(import.meta.url);

export { MockOptionError };

export interface MockOptions {
  /** Interface to listen on. Default `127.0.0.1`. */
  host?: string;
  /** Port to listen on; `0` picks a free one. Default `0`. */
  port?: number;
  /** Generate responses from the schemas instead of returning the named examples. Default `false`. */
  dynamic?: boolean;
  /** Seed for dynamic mode, so generated responses repeat across runs. Default none. */
  seed?: string | number;
  /** Keep API tokens and groups in memory, so what one request creates the next one sees. Default `false`. */
  stateful?: boolean;
  /** The data stateful mode starts from (or a JSON file holding it). Default: the spec's examples. */
  fixtures?: StateFixtures | string;
  /** Delay every answer by this many ms, or by a random amount in `[min, max]` (or `"100-400"`). Default none. */
  latency?: Latency | string;
  /** Bundled spec file (OpenAPI 3.x or Swagger 2.0, JSON or YAML) to serve. Default: the bundled spec shipped in `@tokenkit/types`. */
  spec?: string;
  /** The Node binary that runs Prism (Prism needs a recent Node). Default: the one running this code. */
  node?: string;
  /**
   * Called with every line Prism prints (its own request log), the credentials of the last
   * requests hidden in it (`***`). Default: lines are kept, not printed.
   */
  onLog?: (line: string) => void;
  /**
   * Called with each journal entry once its request is answered, and with each entry of an event
   * (such as Prism restarted); `formatEntry(entry)` is the terminal line for it. Default none.
   */
  onRequest?: (entry: JournalEntry) => void;
  /**
   * Be a proxy in front of the real service at this base URL (e.g. `https://central.example.com`):
   * every request goes to it with the app's own credentials, the app gets its answer unchanged,
   * and what the request and the answer get wrong against the spec is recorded in the journal,
   * printed, and counted by `violations()`. Faults and latency still apply; no Prism is started.
   * Cannot be combined with `stateful`, `fixtures`, `dynamic` or `seed`. Default none.
   */
  proxy?: string;
  /**
   * With `proxy`: how long the service may take over its whole answer, from the request sent to
   * the body's last byte, before the app gets a 502 in the API's error shape. Default `60000`.
   */
  proxyTimeoutMs?: number;
  /** How long to wait for Prism to start listening, in ms. Default `90000` (a few seconds is usual; a busy machine needs more). */
  startTimeoutMs?: number;
}

export interface MockServer extends MockControls {
  /** Base URL of the running server, e.g. `http://127.0.0.1:4010`. */
  url: string;
  /** Everything Prism printed so far (for diagnostics; empty for a proxy), the credentials of the last requests hidden. */
  log(): string;
  /** Stops the server and waits for Prism to exit. Safe to call twice. */
  stop(): Promise<void>;
}

/** Thrown when the port is taken; the message is one line naming the port and the way out. */
export class PortInUseError extends Error {
  readonly code = "EADDRINUSE";
  constructor(
    readonly host: string,
    readonly port: number,
  ) {
    super(`port ${port} on ${host} is already in use (another mock still running?): stop what uses it, or pick another port: npm run mock -- --port ${port === 65535 ? 4010 : port + 1}`);
    this.name = "PortInUseError";
  }
}

/**
 * The bundled spec in its JSON form (`@tokenkit/types` ships it beside `openapi.yaml`): the mock
 * and Prism read it without parsing YAML on every start.
 */
export const defaultSpecPath = (): string => join(dirname(require.resolve("@tokenkit/types/package.json")), "openapi.json");

/** Reads a spec file: JSON when its name ends in `.json`, else YAML. */
export function readSpec(path: string): Json {
  const text = readFileSync(path, "utf8");
  return (path.endsWith(".json") ? JSON.parse(text) : parseYaml(text)) as Json;
}

/**
 * The spec file, read: an OpenAPI 3.x or Swagger 2.0 document (Prism serves both) with paths, or a
 * `MockOptionError` naming `spec`.
 */
function checkedSpec(path: string): Json {
  let doc: Json;
  try {
    doc = readSpec(path);
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code ?? (err as Error).message.split("\n")[0];
    throw new MockOptionError("spec", `cannot read ${path} (${reason}): give the path of a bundled OpenAPI file (JSON, or YAML), or leave spec out for the bundled one`);
  }
  const object = doc && typeof doc === "object" && !Array.isArray(doc) ? (doc as Record<string, unknown>) : undefined;
  const versioned = typeof object?.openapi === "string" || object?.swagger === "2.0";
  if (!object || !versioned || !object.paths || typeof object.paths !== "object") {
    throw new MockOptionError("spec", `${path} is not an OpenAPI document (no openapi or swagger version, or no paths): give the path of a bundled OpenAPI file, or leave spec out for the bundled one`);
  }
  return doc;
}

/** The Node binary that is to run Prism: one that runs, and a version Prism supports. */
function checkNode(node: string): void {
  let version: string;
  try {
    version = execFileSync(node, ["-p", "process.versions.node"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], timeout: 30_000 }).trim();
  } catch (err) {
    throw new MockOptionError("node", `cannot run ${JSON.stringify(node)} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message.split("\n")[0]}): give the path of a Node binary, or leave node out for the one running this code`);
  }
  try {
    checkPrismNode(version);
  } catch (err) {
    throw new MockOptionError("node", (err as Error).message);
  }
}

/** The fixtures, read and checked against the spec's schemas. */
function checkedFixtures(doc: Json, ops: Operation[], fixtures: StateFixtures | string | undefined): StateFixtures | undefined {
  if (fixtures === undefined) return undefined;
  const { value, source } = readFixtures(fixtures);
  try {
    checkFixtures(doc, ops, value, source);
  } catch (err) {
    throw new MockOptionError("fixtures", `${(err as Error).message}; fix the data or leave it out`);
  }
  return value as StateFixtures;
}

/** Hands the mock a running Prism for these settings, restarted whenever it exits (`supervisePrism`). */
export type PrismFor = (settings: PrismOptions & { onRestart(message: string): void }) => Promise<SupervisedPrism>;

/**
 * Starts the mock on the Prism `prismFor` hands it and resolves once it answers. A taken port
 * rejects with a `PortInUseError` before any Prism is asked for.
 */
export async function serveMock(options: MockOptions, prismFor: PrismFor): Promise<MockServer> {
  const { host, port, seed, latency, proxy } = await checkOptions(options);
  const specPath = options.spec ?? defaultSpecPath();
  const doc = checkedSpec(specPath);
  if (!proxy && options.node !== undefined) checkNode(options.node);
  const ops = operations(doc);
  const fixtures = options.stateful ? (checkedFixtures(doc, ops, options.fixtures) ?? true) : false;

  let prism: SupervisedPrism | undefined;
  let started!: () => void;
  const prismStarted = new Promise<void>((resolve) => (started = resolve));
  const backend = proxy
    ? upstreamBackend(proxy, options.proxyTimeoutMs)
    : prismBackend({
        // Requests that arrive while Prism starts wait for it.
        url: () => prismStarted.then(() => prism!.url()),
        died: (url) => prism!.died(url),
        log: () => engine.maskCredentials(prism?.log() ?? ""),
        stop: async () => prism?.stop(),
      });
  const engine = new MockEngine({ doc, backend: backend.backend, stateful: fixtures, latency, onEntry: options.onRequest, proxy: proxy !== undefined });
  const server = createFrontServer(engine);

  // Listen first: a taken port or an unusable host is the most common start-up failure and needs no Prism to report.
  await new Promise<void>((resolve, reject) => {
    server.once("error", (err: NodeJS.ErrnoException) =>
      reject(
        err.code === "EADDRINUSE"
          ? new PortInUseError(host, port)
          : err.code === "EACCES"
            ? new MockOptionError("port", `${port} needs privileges this process does not have: pick a port from 1024`)
            : new MockOptionError("host", `cannot listen on "${host}" (${err.code ?? err.message}): use 127.0.0.1, 0.0.0.0 or an address of this machine`),
      ),
    );
    server.listen(port, host, () => resolve());
  });
  const closeServer = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
      backend.close();
    });

  try {
    if (!proxy) prism = await prismFor({ spec: specPath, dynamic: options.dynamic, seed, node: options.node, onLog: options.onLog && ((line) => options.onLog!(engine.maskCredentials(line))), startTimeoutMs: options.startTimeoutMs, onRestart: (message) => engine.note(message) });
  } catch (err) {
    await closeServer();
    throw err;
  }
  started();

  const address = server.address();
  const boundPort = typeof address === "object" && address ? address.port : port;
  const urlHost = host.includes(":") ? `[${host}]` : host === "0.0.0.0" ? "127.0.0.1" : host;
  let stopped: Promise<void> | undefined;
  const live = prism;
  return {
    url: `http://${urlHost}:${boundPort}`,
    ...engine.controls(),
    log: () => engine.maskCredentials(live?.log() ?? ""),
    stop: () => (stopped ??= Promise.all([closeServer(), live?.stop()]).then(() => undefined)),
  };
}
