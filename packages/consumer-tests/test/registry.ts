// A real npm registry on loopback for the release rehearsal: Verdaccio with its own temporary
// storage. @tokenkit/* lives only there (published by the rehearsal, never fetched from
// upstream); every other package is proxied to the registry npm already uses, so installs from
// it resolve exactly what users get.
import { spawn } from "node:child_process";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";

export interface Registry {
  url: string;
  /** An npm user config that keeps the caller's own settings and adds a token for this registry (what publishing needs). */
  userconfig: string;
  /** The tarball the registry holds for `name@version`, as npm would download it. */
  tarball(name: string, version: string): string;
  stop(): Promise<void>;
}

const STARTUP_MS = 30_000;

/** The caller's proxy settings, which Verdaccio reads only from its config. */
function proxySettings(): Record<string, string> {
  const env = process.env;
  const settings: Record<string, string | undefined> = {
    http_proxy: env.http_proxy ?? env.HTTP_PROXY,
    https_proxy: env.https_proxy ?? env.HTTPS_PROXY,
    no_proxy: env.no_proxy ?? env.NO_PROXY,
  };
  return Object.fromEntries(Object.entries(settings).filter((entry): entry is [string, string] => Boolean(entry[1])));
}

export async function startRegistry(dir: string): Promise<Registry> {
  mkdirSync(dir, { recursive: true });
  const storage = join(dir, "storage");
  // The registry npm uses here (a mirror, or npm's own): read, never written into a file of the repository.
  const upstream = execFileSync("npm", ["config", "get", "registry"], { encoding: "utf8" }).trim();
  const config = {
    storage,
    auth: { htpasswd: { file: join(dir, "htpasswd"), max_users: -1 } },
    uplinks: { upstream: { url: upstream, cache: false, timeout: "60s", max_fails: 5, fail_timeout: "2s" } },
    packages: {
      "@tokenkit/*": { access: "$all", publish: "$all" },
      "**": { access: "$all", proxy: "upstream" },
    },
    web: { enable: false },
    log: { type: "stdout", format: "pretty", level: "warn" },
    max_body_size: "100mb",
    ...proxySettings(),
  };
  const configFile = join(dir, "config.yaml");
  writeFileSync(configFile, JSON.stringify(config, null, 2)); // JSON is YAML

  const child = spawn(process.execPath, [join(import.meta.dirname, "verdaccio.mjs"), configFile], {
    cwd: dir,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (log += chunk));
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const kill = setTimeout(() => child.kill("SIGKILL"), 5_000);
      child.once("exit", () => {
        clearTimeout(kill);
        resolve();
      });
      child.kill("SIGTERM");
    });

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => fail(`did not listen within ${STARTUP_MS} ms`), STARTUP_MS);
    const fail = (why: string) => {
      clearTimeout(timer);
      void stop().then(() => reject(new Error(`Verdaccio ${why}\n${log}`)));
    };
    child.once("exit", (code, signal) => fail(`exited (${code ?? signal}) before listening`));
    createInterface({ input: child.stdout }).on("line", (line) => {
      log += `${line}\n`;
      const listening = /^\{"url":/.test(line) ? (JSON.parse(line) as { url: string }).url : undefined;
      if (!listening) return;
      clearTimeout(timer);
      child.removeAllListeners("exit");
      resolve(listening);
    });
  });

  // Verdaccio accepts any token for a package everyone may publish; npm only needs one to send.
  // The caller's own user config comes first, so its certificate, proxy and cache settings stay.
  const userconfig = join(dir, "npmrc");
  const own = execFileSync("npm", ["config", "get", "userconfig"], { encoding: "utf8" }).trim();
  const inherited = existsSync(own) ? readFileSync(own, "utf8") : "";
  writeFileSync(userconfig, `${inherited}\n${url.replace(/^https?:/, "")}:_authToken=local-rehearsal\n`);

  return {
    url,
    userconfig,
    tarball: (name, version) => join(storage, name, `${name.split("/").pop()}-${version}.tgz`),
    stop,
  };
}
