// Starts the mock server on the bundled spec and hands back its URL: a front server (journal,
// faults, state, the API's own error shapes) in front of a Prism process (validation, examples,
// `Prefer`). Used by the `npm run mock` command and by every test that needs a server.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { parse as parseYaml } from "yaml";
import { FaultQueue, checkRule, parseLatency, type FaultRule, type Latency } from "./faults.js";
import { Journal, type JournalEntry } from "./journal.js";
import { startPrism, type PrismProcess } from "./prism.js";
import { createFrontServer } from "./server.js";
import { operations, type Json, type Operation } from "./spec.js";
import { MockState, type StateFixtures } from "./state.js";
import { checkFixtures } from "./validate.js";

export { freePort, checkPrismNode } from "./prism.js";
export { responseValidator, type ResponseValidator } from "./validate.js";
export { DELAY_HEADER, FAULT_HEADER, type Fault, type FaultRule, type Latency } from "./faults.js";
export type { JournalEntry, Violation } from "./journal.js";
export type { StateFixtures } from "./state.js";

const require = createRequire(import.meta.url);

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
  /** Bundled spec file (JSON, or YAML) to serve. Default: the bundled spec shipped in `@tokenkit/types`. */
  spec?: string;
  /** The Node binary that runs Prism (Prism needs a recent Node). Default: the one running this code. */
  node?: string;
  /** Called with every line Prism prints (request log, validation messages). Default: lines are kept, not printed. */
  onLog?: (line: string) => void;
  /** Called with each journal entry once its request is answered. Default none. */
  onRequest?: (entry: JournalEntry) => void;
  /** How long to wait for Prism to start listening, in ms. Default `90000` (a few seconds is usual; a busy machine needs more). */
  startTimeoutMs?: number;
}

export interface MockServer {
  /** Base URL of the running server, e.g. `http://127.0.0.1:4010`. */
  url: string;
  /** The requests received so far, oldest first (also at `GET <url>/__mock/requests`). */
  requests(): JournalEntry[];
  /** Forgets the requests received so far (also `DELETE <url>/__mock/requests`). */
  clearRequests(): void;
  /** Makes the next matching requests fail or wait (also `POST <url>/__mock/faults`). */
  fault(rule: FaultRule): void;
  /** Back to the initial state, with no queued faults (also `POST <url>/__mock/reset`). */
  reset(): void;
  /** The stored tokens, groups, users and roles; `undefined` unless stateful. */
  state(): Required<StateFixtures> | undefined;
  /** Everything Prism printed so far (for diagnostics). */
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

export const defaultSpecPath = (): string => join(dirname(require.resolve("@tokenkit/types/package.json")), "openapi.yaml");

/** Reads a spec file: JSON, or YAML (its `.json` twin is used when there is one). */
export function readSpec(path: string): Json {
  if (path.endsWith(".json")) return JSON.parse(readFileSync(path, "utf8")) as Json;
  try {
    return JSON.parse(readFileSync(path.replace(/\.ya?ml$/, ".json"), "utf8")) as Json;
  } catch {
    return parseYaml(readFileSync(path, "utf8")) as Json;
  }
}

function readFixtures(doc: Json, ops: Operation[], fixtures: StateFixtures | string | undefined): StateFixtures | undefined {
  if (fixtures === undefined) return undefined;
  if (typeof fixtures !== "string") {
    checkFixtures(doc, ops, fixtures as Record<string, unknown>, "fixtures");
    return fixtures;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(fixtures, "utf8"));
  } catch (err) {
    throw new Error(`fixtures file ${fixtures}: ${(err as Error).message}`);
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) throw new Error(`fixtures file ${fixtures}: must hold a JSON object`);
  checkFixtures(doc, ops, parsed as Record<string, unknown>, `fixtures file ${fixtures}`);
  return parsed as StateFixtures;
}

/**
 * Starts the mock and resolves once it answers. With `port: 0` (the default) a free port is
 * chosen. A taken port rejects with a `PortInUseError` before Prism is started.
 */
export async function startMock(options: MockOptions = {}): Promise<MockServer> {
  const host = options.host ?? "127.0.0.1";
  const specPath = options.spec ?? defaultSpecPath();
  const doc = readSpec(specPath);
  const ops = operations(doc);
  const latency = typeof options.latency === "string" ? parseLatency(options.latency, "latency") : options.latency;
  const state = options.stateful ? new MockState(doc, ops, readFixtures(doc, ops, options.fixtures)) : undefined;
  const journal = new Journal();
  const faults = new FaultQueue();

  let resolvePrism!: (url: string) => void;
  let rejectPrism!: (err: unknown) => void;
  const prismUrl = new Promise<string>((resolve, reject) => ([resolvePrism, rejectPrism] = [resolve, reject]));
  const server = createFrontServer({ doc, ops, prismUrl, journal, faults, state, latency, onEntry: options.onRequest });

  // Listen first: a taken port is the most common start-up failure and needs no Prism to report.
  await new Promise<void>((resolve, reject) => {
    server.once("error", (err: NodeJS.ErrnoException) => reject(err.code === "EADDRINUSE" ? new PortInUseError(host, options.port ?? 0) : err));
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const closeServer = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });

  let prism: PrismProcess;
  try {
    prism = await startPrism({ spec: specPath, dynamic: options.dynamic, seed: options.seed, node: options.node, onLog: options.onLog, startTimeoutMs: options.startTimeoutMs });
  } catch (err) {
    rejectPrism(err);
    await closeServer();
    throw err;
  }
  resolvePrism(prism.url);

  const address = server.address();
  const port = typeof address === "object" && address ? address.port : options.port;
  const urlHost = host.includes(":") ? `[${host}]` : host === "0.0.0.0" ? "127.0.0.1" : host;
  let stopped: Promise<void> | undefined;
  return {
    url: `http://${urlHost}:${port}`,
    requests: () => journal.list(),
    clearRequests: () => journal.clear(),
    fault: (rule) => faults.add(checkRule(rule)),
    reset: () => {
      state?.reset();
      faults.clear();
    },
    state: () => state?.snapshot(),
    log: () => prism.log(),
    stop: () => (stopped ??= Promise.all([closeServer(), prism.stop()]).then(() => undefined)),
  };
}
