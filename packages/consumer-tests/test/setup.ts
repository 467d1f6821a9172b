// Shared by every test file: a release rehearsed against a real registry. A local Verdaccio
// receives every public package from the project's own release commands (release.ts); then
// scratch apps in the OS temp dir, outside the workspace, install them by name from it, as users do.
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { TestProject } from "vitest/node";
import { startInstalledMock, type InstalledMock } from "./installed-mock.js";
import { copyWorkspace, rehearseRelease } from "./release.js";
import { startRegistry, type Registry } from "./registry.js";
import { run } from "./run.js";

export interface Consumer {
  /** The scratch app with the client and the types installed by name (a backend, a browser page). */
  app: string;
  /** A frontend project with @tokenkit/mock and the client installed by name. */
  mockApp: string;
  /** A frontend project's vitest + jsdom tests, with @tokenkit/msw, msw and the client installed by name. */
  mswApp: string;
  registryUrl: string;
  /** The version the rehearsal published every public package at. */
  version: string;
  /** Folder name under packages/ -> the tarball the registry holds (what `npm install` downloaded). */
  tarballs: Record<string, string>;
  /** The workspace copy the release ran in: its changelogs are what the release wrote. */
  released: string;
  /** `npx @tokenkit/mock`, run in mockApp. */
  mockUrl: string;
  /** A Node binary for every supported major (`RUNTIMES`), keyed by major. */
  nodes: Record<string, string>;
}

declare module "vitest" {
  export interface ProvidedContext {
    consumer: Consumer;
  }
}

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "../../..");
// The Node majors the packages are proven on: the oldest supported (package.json#engines) and
// the current LTS. A Node already on this machine serves when its major matches and it meets the
// client's engines range: the one running the tests, the machine's own when the toolchain runs on
// a newer one (TOKENKIT_HOST_NODE, set by scripts/run.mjs), or any other `node` on PATH. Any other
// major is installed into the app from the npm registry, as the binary package the registry's
// `node` package would fetch.
export const RUNTIMES = ["20", "24"] as const;
const NODE_BINARY_PACKAGE = `node-${process.platform}-${process.arch}`;

/** `>=20.19.0` -> [20, 19, 0]: the lower bound of the client's engines range. */
function clientEnginesFloor(): number[] {
  const { engines } = JSON.parse(readFileSync(join(repo, "packages/client/package.json"), "utf8")) as { engines: { node: string } };
  const match = /^>=\s*(\d+)\.(\d+)\.(\d+)$/.exec(engines.node.trim());
  if (!match) throw new Error(`packages/client/package.json#engines.node must be ">=x.y.z", got "${engines.node}"`);
  return match.slice(1).map(Number);
}

function localNodes(): Map<string, string> {
  const found = new Map<string, string>();
  const floor = clientEnginesFloor();
  const onPath = (process.env.PATH ?? "").split(delimiter).filter(Boolean).map((dir) => join(dir, "node"));
  const seen = new Set<string>();
  for (const node of [process.execPath, process.env.TOKENKIT_HOST_NODE, ...onPath]) {
    if (!node || !existsSync(node)) continue;
    const real = realpathSync(node);
    if (seen.has(real)) continue;
    seen.add(real);
    let version: string;
    try {
      version = execFileSync(node, ["--version"], { encoding: "utf8" }).trim(); // "v20.20.2"
    } catch {
      continue; // not a Node that runs here
    }
    const parts = version.slice(1).split(".").map(Number);
    const supported = parts.findIndex((part, i) => part !== floor[i]);
    if (supported !== -1 && parts[supported]! < floor[supported]!) continue; // older than the engines range
    const major = String(parts[0]);
    if (!found.has(major)) found.set(major, node);
  }
  return found;
}

/**
 * `npm install <specs>` in `app`: @tokenkit/* by name from the rehearsal's registry, everything
 * else from the registry npm already uses, as in a user's project. `--prefer-offline` takes
 * packages npm's shared cache already holds without asking the registry again (@tokenkit/* is
 * never there: each rehearsal publishes to a new registry). npm waits up to five minutes on a
 * stalled connection by default; a shorter wait lets its own retries recover, and a second install
 * covers a stall that outlasts them. npm's cache is safe to share between installs running at once.
 * DO_NOT_TRACK, as on CI (.ci/run): a dependency's install script that reports usage (Prism's
 * @scarf/scarf) then sends nothing. The mock app's package.json opts out of it too, as Scarf's
 * README tells an application to, skipping its listing of the app's tree (`npm ls`).
 */
async function install(app: string, specs: string[], registry: Registry | undefined, flags: string[] = []) {
  const scope = registry ? [`--@tokenkit:registry=${registry.url}`] : [];
  const args = ["install", ...specs, ...scope, ...flags, "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error", "--fetch-timeout=60000"];
  for (let attempt = 1; ; attempt++) {
    try {
      return await run("npm", args, { cwd: app, env: { DO_NOT_TRACK: "1" }, timeoutMs: 180_000 });
    } catch (error) {
      if (attempt === 2) throw error;
      console.log(`release rehearsal: npm install in ${app} failed, trying once more (${(error as Error).message.split("\n")[0]})`);
    }
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const work = mkdtempSync(join(tmpdir(), "tokenkit-release-"));
  let registry: Registry | undefined;
  let mock: InstalledMock | undefined;
  const teardown = async () => {
    // The two servers stop at once: each waits on its own process.
    const [left] = await Promise.all([mock?.stop(), registry?.stop()]);
    if (left?.length) console.error(`release rehearsal: the mock left processes running (killed): ${left.join("; ")}`);
    rmSync(work, { recursive: true, force: true });
  };
  const started = Date.now();
  const took = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
  try {
    // Verdaccio starts while the workspace is copied.
    const starting = startRegistry(join(work, "registry"));
    const workspace = join(work, "workspace");
    copyWorkspace(repo, workspace);
    registry = await starting;
    console.log(`release rehearsal: Verdaccio on ${registry.url}, workspace copied at ${took()}`);

    // Each app is a copy of its fixture outside the workspace.
    const scratch = (fixture: string) => {
      const dir = join(work, fixture);
      cpSync(join(here, "../fixtures", fixture), dir, { recursive: true });
      return dir;
    };
    const [app, mockApp, mswApp] = [scratch("app"), scratch("mock-app"), scratch("msw-app")];
    // The same TypeScript as a CommonJS module: its imports compile to `require`, so its types
    // come from the packages' index.d.cts.
    cpSync(join(app, "ts/consumer.ts"), join(app, "ts/consumer.cts"));
    const local = localNodes();
    const missing = RUNTIMES.filter((major) => !local.has(major));
    // Each missing major under its own alias, so two can sit side by side (no bin links: both are `node`).
    const nodeInstalls = missing.map((major) => `node-${major}@npm:${NODE_BINARY_PACKAGE}@${major}`);
    const release = await rehearseRelease(repo, workspace, registry);
    console.log(`release rehearsal: published ${Object.keys(release.tarballs).join(", ")} at ${release.version} at ${took()}`);

    // Then each app installs the packages by name, with what it has besides them (the MSW app's
    // vitest, jsdom and msw, from its manifest; a Node runtime): one install per app, so npm
    // resolves and writes each tree once. The three install at once.
    // The mock starts once its app (and the app holding any Node it runs on) is installed, while
    // the MSW app may still be installing.
    const at = (name: string) => `${name}@${release.version}`;
    const nodes = Object.fromEntries(
      RUNTIMES.map((major) => [major, local.get(major) ?? join(app, "node_modules", `node-${major}`, "bin", "node")]),
    );
    const appInstalled = install(app, [...nodeInstalls, at("@tokenkit/client"), at("@tokenkit/types")], registry, ["--no-bin-links"]);
    const mockAppInstalled = install(mockApp, [at("@tokenkit/mock"), at("@tokenkit/client")], registry);
    const mswAppInstalled = install(mswApp, [at("@tokenkit/msw"), at("@tokenkit/client")], registry);
    const installs = [appInstalled, mockAppInstalled, mswAppInstalled];
    const url = registry.url;
    const mockStarting = Promise.all([appInstalled, mockAppInstalled]).then(async () => {
      mock = await startInstalledMock(mockApp, nodes["24"]!, [], { npm_config_registry: url });
      console.log(`release rehearsal: npx @tokenkit/mock listening on ${mock.url} at ${took()}`);
      return mock;
    });
    const installed = missing.length ? ` and Node ${missing.join(", ")}` : "";
    void Promise.all(installs).then(() => console.log(`release rehearsal: installed every public package by name into three apps${installed} at ${took()}`), () => {});
    // Every step settles before a failure is thrown, so the teardown finds the mock if it started.
    const settled = await Promise.allSettled([...installs, mockStarting]);
    const failed = settled.find((result) => result.status === "rejected");
    if (failed) throw failed.reason;
    const started = await mockStarting;
    const tarballs = Object.fromEntries(Object.entries(release.tarballs).map(([name, file]) => [name.replace(/^@tokenkit\//, ""), file]));
    project.provide("consumer", {
      app,
      mockApp,
      mswApp,
      registryUrl: registry.url,
      version: release.version,
      tarballs,
      released: release.workspace,
      mockUrl: started.url,
      nodes,
    });
    return teardown;
  } catch (err) {
    await teardown();
    throw err;
  }
}
