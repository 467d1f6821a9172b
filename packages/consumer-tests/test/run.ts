// Runs a command with a time limit; on failure the error carries everything it printed.
import { execFile } from "node:child_process";

export interface RunOptions {
  cwd: string;
  env?: Record<string, string | undefined>;
  timeoutMs?: number;
  /** Use `env` as the whole environment instead of adding it to this process's. */
  replaceEnv?: boolean;
}

export function run(command: string, args: string[], { cwd, env, timeoutMs = 60_000, replaceEnv = false }: RunOptions): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      command,
      args,
      { cwd, env: replaceEnv ? env : { ...process.env, ...env }, timeout: timeoutMs, killSignal: "SIGKILL", maxBuffer: 32 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) {
          const why = error.killed ? `timed out after ${timeoutMs} ms` : `exit code ${String(error.code)}`;
          reject(new Error(`${command} ${args.join(" ")} (in ${cwd}) failed: ${why}\n${stdout}\n${stderr}`));
        } else {
          resolve(stdout);
        }
      },
    );
  });
}
