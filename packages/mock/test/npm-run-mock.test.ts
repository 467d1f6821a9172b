// `npm run mock` as a user runs it from the repository root: npm -> sh -> scripts/run.mjs -> the
// CLI -> Prism. A signal to npm's process must stop all of them, and a busy port must say so in
// one line.
import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { createServer, connect } from "node:net";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { freePort } from "../src/index.js";

const root = fileURLToPath(new URL("../../..", import.meta.url));

function npmRunMock(port: number) {
  // Its own process group, like a command started from a shell, so Ctrl-C can be delivered as a
  // terminal does: to the whole group.
  const child = spawn("npm", ["run", "mock", "--", "--port", String(port)], { cwd: root, stdio: ["ignore", "pipe", "pipe"], detached: true });
  const output = { stdout: "", stderr: "" };
  child.stdout.on("data", (c) => (output.stdout += c));
  child.stderr.on("data", (c) => (output.stderr += c));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, output, exited };
}

const accepts = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
  });

/** Processes (Linux /proc) whose command line asks for this port. */
function processesOn(port: number): string[] {
  const found: string[] = [];
  for (const pid of readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      const argv = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
      if (argv.some((arg, i) => arg === "--port" && argv[i + 1] === String(port))) found.push(`${pid}: ${argv.join(" ")}`);
    } catch {
      // the process ended while being read
    }
  }
  return found;
}

describe("npm run mock", () => {
  it.each([
    ["`kill -TERM <npm pid>`", (pid: number) => process.kill(pid, "SIGTERM")],
    ["Ctrl-C (SIGINT to the process group)", (pid: number) => process.kill(-pid, "SIGINT")],
  ])("stops every process it started on %s, port free within 3 s", async (_, stop) => {
    const port = await freePort();
    const { child, output, exited } = npmRunMock(port);
    const deadline = Date.now() + 60_000;
    while (!output.stdout.includes("listening on")) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`mock did not start:\n${output.stdout}\n${output.stderr}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(await accepts(port)).toBe(true);

    stop(child.pid!);
    const stoppedBy = Date.now() + 3000;
    while ((await accepts(port)) && Date.now() < stoppedBy) await new Promise((r) => setTimeout(r, 50));
    expect(await accepts(port), "port still answering 3 s after the signal").toBe(false);
    await exited;
    // The CLI and Prism are gone too, not just the listening socket.
    const left = Date.now() + 3000;
    while (processesOn(port).length && Date.now() < left) await new Promise((r) => setTimeout(r, 50));
    expect(processesOn(port)).toEqual([]);
  });

  it("names a busy port and the way out in one line", async () => {
    const blocker = createServer();
    const port = await new Promise<number>((resolve) => blocker.listen(0, "127.0.0.1", () => resolve((blocker.address() as { port: number }).port)));
    try {
      const { output, exited } = npmRunMock(port);
      expect(await exited).not.toBe(0);
      // npm's own lines ("npm error ...", a warning about the user's npm config) aside.
      const ours = output.stderr.split("\n").filter((line) => line.trim() && !line.startsWith("npm "));
      expect(ours).toHaveLength(1);
      expect(ours[0]).toContain(`port ${port} `);
      expect(ours[0]).toMatch(/npm run mock -- --port \d+/);
    } finally {
      blocker.close();
    }
  });
});
