// Runs Prism as a child process on a private loopback port. Prism validates requests and answers
// with the spec's examples; the front server (server.ts) is what users talk to.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import semver from "semver";

const require = createRequire(import.meta.url);

export interface PrismOptions {
  spec: string;
  dynamic?: boolean;
  seed?: string | number;
  /** The Node binary that runs Prism. Default: the one running this code. */
  node?: string;
  onLog?: (line: string) => void;
  startTimeoutMs?: number;
}

export interface PrismProcess {
  url: string;
  log(): string;
  stop(): Promise<void>;
  /** Resolves when the process has exited, with how it ended (`code 1`, `signal SIGKILL`). */
  exited: Promise<string>;
}

interface PrismPackage {
  version: string;
  bin: { prism: string };
  engines?: { node?: string };
}

function prismPackage(): { dir: string; pkg: PrismPackage } {
  const path = require.resolve("@stoplight/prism-cli/package.json");
  return { dir: dirname(path), pkg: JSON.parse(readFileSync(path, "utf8")) as PrismPackage };
}

/**
 * Prism declares the Node versions it runs on; an older Node fails in obscure ways deep inside
 * it, so say so up front, with the way out.
 */
export function checkPrismNode(nodeVersion: string = process.versions.node): void {
  const { pkg } = prismPackage();
  const range = pkg.engines?.node;
  if (range && !semver.satisfies(nodeVersion, range)) {
    throw new Error(
      `Prism ${pkg.version} needs Node ${range}, but this is Node ${nodeVersion}. ` +
        "Run the mock with a newer Node (`npm start` and `npm test` bring one), e.g. `npx -y node@24 packages/mock/dist/cli.js`.",
    );
  }
}

/** Asks the OS for a port that is free right now. */
export function freePort(host = "127.0.0.1"): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

// Makes Prism exit when this process is gone, however it ended (watchdog.cjs, next to src/ and dist/).
const WATCHDOG = fileURLToPath(new URL("../watchdog.cjs", import.meta.url));

// Prism logs "... Prism is listening on http://127.0.0.1:4010" once the server is up.
const LISTENING = /Prism is listening on (https?:\/\/\S+)/;
// The ANSI colour codes Prism writes even into pipes.
const ANSI = new RegExp(String.raw`\u001b\[[0-9;]*m`, "g");

export function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill("SIGKILL"), 3000);
    child.once("exit", () => {
      clearTimeout(force);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

function startOnce(options: PrismOptions, port: number): Promise<PrismProcess> {
  const { dir, pkg } = prismPackage();
  const args = ["--require", WATCHDOG, join(dir, pkg.bin.prism), "mock", options.spec, "--host", "127.0.0.1", "--port", String(port)];
  if (options.dynamic) args.push("--dynamic");
  if (options.seed !== undefined) args.push("--seed", String(options.seed));

  const child = spawn(options.node ?? process.execPath, args, {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, FORCE_COLOR: "0", SCARF_ANALYTICS: "false" },
  });
  const lines: string[] = [];
  const exited = new Promise<string>((resolve) => child.once("exit", (code, signal) => resolve(signal ? `signal ${signal}` : `code ${code}`)));
  const timeoutMs = options.startTimeoutMs ?? 90_000;

  return new Promise<PrismProcess>((resolve, reject) => {
    let settled = false;
    const fail = (why: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void stopProcess(child).then(() => reject(new Error(`${why}\n--- prism output (tail) ---\n${lines.slice(-15).join("\n")}`)));
    };
    const timer = setTimeout(() => fail(`Prism did not start listening within ${timeoutMs} ms`), timeoutMs);
    let pending = "";
    const onData = (chunk: Buffer) => {
      pending += chunk.toString("utf8");
      const parts = pending.split("\n");
      pending = parts.pop() ?? "";
      for (const raw of parts) {
        const line = raw.replace(ANSI, "").trimEnd();
        lines.push(line);
        if (lines.length > 5000) lines.splice(0, 1000);
        options.onLog?.(line);
        const match = settled ? null : LISTENING.exec(line);
        if (match) {
          settled = true;
          clearTimeout(timer);
          resolve({ url: match[1]!.replace(/\/$/, ""), log: () => lines.join("\n"), stop: () => stopProcess(child), exited });
        }
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.on("error", (err) => fail(`Prism could not be started: ${err.message}`));
    child.on("exit", (code, signal) => fail(`Prism exited before listening (code ${code}, signal ${signal})`));
  });
}

/** Starts Prism on a free loopback port; if another process grabs the port first, tries another (3 times). */
export async function startPrism(options: PrismOptions): Promise<PrismProcess> {
  checkPrismNode(options.node ? execFileSync(options.node, ["-p", "process.versions.node"], { encoding: "utf8" }).trim() : undefined);
  let lastError: unknown;
  for (let i = 0; i < 3; i++) {
    try {
      return await startOnce(options, await freePort());
    } catch (err) {
      lastError = err;
    }
  }
  throw lastError;
}

/** Prism, kept running: restarted whenever it exits after start-up, until `stop()`. */
export interface SupervisedPrism {
  /** The URL of a live Prism; while a restart runs, waits for it (a failed restart is retried here). */
  url(): Promise<string>;
  /**
   * After a request to `url` failed at the connection: resolves `true` once that Prism is known
   * to have exited (and a restart is under way), `false` if it is still alive after a moment.
   */
  died(url: string): Promise<boolean>;
  log(): string;
  stop(): Promise<void>;
}

/**
 * Starts Prism and restarts it whenever it exits on its own (a request it could not take, a kill
 * from outside), calling `onRestart` with one line saying what happened. No request waits on a
 * dead child: `url()` hands out the restarted one.
 */
export async function supervisePrism(options: PrismOptions & { onRestart(message: string): void }): Promise<SupervisedPrism> {
  let stopped = false;
  let current: Promise<PrismProcess> = startPrism(options);
  const first = await current;
  const byUrl = new Map<string, PrismProcess>([[first.url, first]]);
  const lines: string[] = [];
  const restart = (how: string) => {
    current = startPrism(options);
    current.then(
      (next) => {
        byUrl.clear();
        byUrl.set(next.url, next);
        watch(next);
        options.onRestart(`Prism exited (${how}) and was restarted`);
      },
      (err: Error) => options.onRestart(`Prism exited (${how}) and could not be restarted: ${err.message.split("\n")[0]}; the next request tries again`),
    );
  };
  const watch = (prism: PrismProcess) =>
    void prism.exited.then((how) => {
      lines.push(...prism.log().split("\n").slice(-200));
      if (!stopped) restart(how);
    });
  watch(first);
  return {
    url: async () => {
      try {
        return (await current).url;
      } catch {
        if (!stopped) current = startPrism(options).then((next) => (byUrl.set(next.url, next), watch(next), next));
        return (await current).url;
      }
    },
    died: async (url) => {
      const prism = byUrl.get(url);
      if (!prism) return true; // already replaced
      const timeout = new Promise<false>((resolve) => setTimeout(() => resolve(false), 1000).unref());
      return Promise.race([prism.exited.then(() => true as const), timeout]);
    },
    log: () => [...lines, ...[...byUrl.values()].map((p) => p.log())].join("\n"),
    stop: async () => {
      stopped = true;
      await current.then((p) => p.stop(), () => undefined);
    },
  };
}
