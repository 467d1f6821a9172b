// Starts a real Prism mock server on the bundled spec and hands back its URL.
// Used by the `pnpm mock` command and by every test that needs a server.
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { dirname, join } from "node:path";

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
  /** Spec file to serve. Default: the bundled spec shipped in `@tokenkit/types`. */
  spec?: string;
  /** Called with every line Prism prints (request log, validation messages). Default: lines are kept, not printed. */
  onLog?: (line: string) => void;
  /** How long to wait for Prism to start listening, in ms. Default `30000`. */
  startTimeoutMs?: number;
}

export interface MockServer {
  /** Base URL of the running server, e.g. `http://127.0.0.1:4010`. */
  url: string;
  /** Everything Prism printed so far (for diagnostics). */
  log(): string;
  /** Stops the server and waits for the process to exit. Safe to call twice. */
  stop(): Promise<void>;
}

export const defaultSpecPath = (): string =>
  join(dirname(require.resolve("@tokenkit/types/package.json")), "openapi.yaml");

function prismBin(): string {
  const pkgPath = require.resolve("@stoplight/prism-cli/package.json");
  const pkg = JSON.parse(readFileSync(pkgPath, "utf8")) as { bin: { prism: string } };
  return join(dirname(pkgPath), pkg.bin.prism);
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

// Prism logs "... Prism is listening on http://127.0.0.1:4010" once the server is up.
const LISTENING = /Prism is listening on (https?:\/\/\S+)/;
// The ANSI colour codes Prism writes even into pipes.
const ANSI = new RegExp(String.raw`\u001b\[[0-9;]*m`, "g");

function stopProcess(child: ChildProcess): Promise<void> {
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

async function startOnce(options: MockOptions, port: number): Promise<MockServer> {
  const host = options.host ?? "127.0.0.1";
  const args = [prismBin(), "mock", options.spec ?? defaultSpecPath(), "--host", host, "--port", String(port)];
  if (options.dynamic) args.push("--dynamic");
  if (options.seed !== undefined) args.push("--seed", String(options.seed));

  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, FORCE_COLOR: "0" } });
  const lines: string[] = [];
  const timeoutMs = options.startTimeoutMs ?? 30_000;

  return new Promise<MockServer>((resolve, reject) => {
    let settled = false;
    const fail = (why: string, code?: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      const error = code ? Object.assign(new Error(why), { code }) : new Error(`${why}\n--- prism output (tail) ---\n${lines.slice(-15).join("\n")}`);
      void stopProcess(child).then(() => reject(error));
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
        options.onLog?.(line);
        const match = settled ? null : LISTENING.exec(line);
        if (match) {
          settled = true;
          clearTimeout(timer);
          resolve({ url: match[1]!.replace(/\/$/, ""), log: () => lines.join("\n"), stop: () => stopProcess(child) });
        }
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.on("error", (err) => fail(`Prism could not be started: ${err.message}`));
    child.on("exit", (code, signal) => {
      // Prism prints its whole usage text before the one line that matters here.
      if (lines.some((line) => line.includes("EADDRINUSE"))) fail(`port ${port} on ${host} is already in use`, "EADDRINUSE");
      else fail(`Prism exited before listening (code ${code}, signal ${signal})`);
    });
  });
}

/**
 * Starts Prism and resolves once it listens. With `port: 0` (the default) a free port is
 * chosen; if another process grabs it first, a new one is tried (at most 3 times).
 */
export async function startMock(options: MockOptions = {}): Promise<MockServer> {
  const attempts = options.port ? 1 : 3;
  let lastError: unknown;
  for (let i = 0; i < attempts; i++) {
    const port = options.port || (await freePort(options.host));
    try {
      return await startOnce(options, port);
    } catch (err) {
      lastError = err;
    }
  }
  throw lastError;
}
