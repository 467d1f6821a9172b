// `npx @tokenkit/mock` as a frontend team runs it: in their project, where the package was
// installed by name, on Node 24, in a process group of its own (as a terminal runs a command), and
// stopped with SIGTERM to the PID npx got. What is left of the group afterwards is reported, and
// killed, so a leak fails a test instead of outliving the run.
import { spawn } from "node:child_process";
import { execFileSync } from "node:child_process";
import { createServer } from "node:net";
import { delimiter, dirname } from "node:path";

export interface InstalledMock {
  url: string;
  /** Everything it printed so far. */
  output(): string;
  /** SIGTERM to npx; resolves with the processes of its group still running once npx has exited (none, when it stops cleanly). */
  stop(): Promise<string[]>;
}

const SERVES_WITHIN_MS = 60_000;
const STOPS_WITHIN_MS = 15_000;

/** A port nothing listens on right now (the mock's `--port` needs a number). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** The processes of group `group`, one "pid command" line each. */
function groupMembers(group: number): string[] {
  try {
    const out = execFileSync("ps", ["-o", "pid=,pgid=,args="], { encoding: "utf8" });
    return out
      .split("\n")
      .map((line) => line.trim().split(/\s+/))
      .filter(([, pgid]) => Number(pgid) === group)
      .map(([pid, , ...args]) => `${pid} ${args.join(" ")}`);
  } catch {
    return [];
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function startInstalledMock(app: string, node: string, args: string[], env: Record<string, string>): Promise<InstalledMock> {
  const port = await freePort();
  const child = spawn("npx", ["@tokenkit/mock", ...args, "--port", String(port)], {
    cwd: app,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, ...env, PATH: `${dirname(node)}${delimiter}${process.env.PATH ?? ""}` },
  });
  const group = child.pid!;
  let output = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    // The time limit's timer is cleared once npx has exited: left pending, it would keep the
    // process that started the mock alive for the rest of the limit.
    let limit: NodeJS.Timeout | undefined;
    await Promise.race([exited, new Promise((resolve) => (limit = setTimeout(resolve, STOPS_WITHIN_MS)))]);
    clearTimeout(limit);
    // Children that outlive npx get the same time to go.
    for (let waited = 0; groupMembers(group).length && waited < STOPS_WITHIN_MS; waited += 250) await sleep(250);
    const left = groupMembers(group);
    if (left.length) process.kill(-group, "SIGKILL");
    return left;
  };

  const url = await new Promise<string>((resolve, reject) => {
    const started = Date.now();
    const timer = setInterval(() => {
      const listening = /listening on (http:\/\/\S+)/.exec(output)?.[1];
      const gone = child.exitCode !== null || child.signalCode !== null;
      if (!listening && !gone && Date.now() - started < SERVES_WITHIN_MS) return;
      clearInterval(timer);
      if (listening) return resolve(listening);
      void stop().then(() => reject(new Error(`npx @tokenkit/mock ${gone ? "exited" : `did not serve within ${SERVES_WITHIN_MS} ms`}:\n${output}`)));
    }, 100);
  });
  return { url, output: () => output, stop };
}
