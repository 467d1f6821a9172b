// The mock's start-up options, checked without the spec or Prism: the command refuses a mistaken
// flag with these before it loads the mock at all, and `startMock` checks with them too. What
// needs the spec (the fixtures' fields against its schemas) is checked by the mock itself. The
// engine (and the JSON Schema validator it loads) is imported only to read a latency, so a
// refusal of any other flag costs the command no more than Node's own start.
import { readFileSync } from "node:fs";
import type { Latency, StateFixtures } from "@tokenkit/msw/engine";
import type { MockOptions } from "./mock.js";

/**
 * A start-up option the mock cannot use: the message is one line naming the option, the problem
 * and the fix. Thrown before anything is started.
 */
export class MockOptionError extends Error {
  constructor(
    readonly option: string,
    problem: string,
  ) {
    super(`${option}: ${problem}`.replace(/\s*\n\s*/g, " "));
    this.name = "MockOptionError";
  }
}

const FIXTURES_FIX = "give a JSON object with any of tokens, groups, api_tokens, resourceTokens, users, allowedRoles";

/** The fixtures as given, or read from their JSON file: a JSON object, named by where it came from. Not yet checked against the spec. */
export function readFixtures(fixtures: StateFixtures | string): { value: Record<string, unknown>; source: string } {
  const object = (value: unknown, source: string) => {
    if (!value || typeof value !== "object" || Array.isArray(value)) throw new MockOptionError("fixtures", `${source} is not a JSON object: ${FIXTURES_FIX}`);
    return { value: value as Record<string, unknown>, source };
  };
  if (typeof fixtures !== "string") return object(fixtures, "the fixtures");
  let text: string;
  try {
    text = readFileSync(fixtures, "utf8");
  } catch (err) {
    throw new MockOptionError("fixtures", `cannot read ${fixtures} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}): give the path of a JSON file`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    // JSON.parse quotes the text around the error, newlines and all: keep its first clause.
    const reason = (err as Error).message.split(/[,\n]/)[0];
    throw new MockOptionError("fixtures", `${fixtures} is not JSON (${reason}): ${FIXTURES_FIX}`);
  }
  return object(parsed, fixtures);
}

/** Every option `startMock` takes (the type makes the list complete): a name outside it is refused, not ignored. */
const KNOWN_OPTIONS: Record<keyof MockOptions, true> = {
  host: true,
  port: true,
  dynamic: true,
  seed: true,
  stateful: true,
  fixtures: true,
  latency: true,
  spec: true,
  node: true,
  onLog: true,
  onRequest: true,
  proxy: true,
  proxyTimeoutMs: true,
  startTimeoutMs: true,
};

/** The options, checked once: each mistake is a `MockOptionError` naming the option. */
export async function checkOptions(options: MockOptions) {
  const known = Object.keys(KNOWN_OPTIONS).join(", ");
  if (!options || typeof options !== "object" || Array.isArray(options)) throw new MockOptionError("options", `must be an object of ${known}, got ${JSON.stringify(options)}`);
  const unknown = Object.keys(options).find((name) => !Object.hasOwn(KNOWN_OPTIONS, name));
  if (unknown) throw new MockOptionError(unknown, `unknown option (known: ${known})`);
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new MockOptionError("port", `must be a whole number from 0 to 65535 (0 picks a free one), got ${JSON.stringify(options.port)}`);
  const host = options.host ?? "127.0.0.1";
  if (typeof host !== "string" || !host) throw new MockOptionError("host", `must be an address to listen on, e.g. 127.0.0.1 or 0.0.0.0, got ${JSON.stringify(options.host)}`);
  for (const [name, example] of [["startTimeoutMs", 90_000], ["proxyTimeoutMs", 60_000]] as const) {
    const value = options[name];
    if (value !== undefined && !(Number.isInteger(value) && value > 0)) {
      throw new MockOptionError(name, `must be a whole number of milliseconds from 1, e.g. ${example}, got ${JSON.stringify(value)}`);
    }
  }
  if (options.proxyTimeoutMs !== undefined && options.proxy === undefined) throw new MockOptionError("proxyTimeoutMs", "needs proxy (it bounds the wait on the real service); add it, or leave proxyTimeoutMs out");
  if (options.fixtures !== undefined && !options.stateful) throw new MockOptionError("fixtures", "needs stateful: true (the fixtures are the state's start); add it, or leave fixtures out");
  const seed = options.seed;
  if (seed !== undefined && !(typeof seed === "number" ? Number.isInteger(seed) : /^-?\d+$/.test(seed))) {
    throw new MockOptionError("seed", `must be a whole number, e.g. 42, got ${JSON.stringify(seed)}`);
  }
  let latency: Latency | undefined;
  if (options.latency !== undefined) {
    const { checkLatency } = await import("@tokenkit/msw/engine");
    try {
      latency = checkLatency(options.latency, { text: true });
    } catch (err) {
      throw new MockOptionError("latency", (err as Error).message);
    }
  }
  return { host, port, seed, latency, proxy: checkProxy(options) };
}

/** The proxy's target, checked: an http(s) base URL without credentials, and no option that needs the mock's own answers. */
function checkProxy(options: MockOptions): URL | undefined {
  if (options.proxy === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(options.proxy);
  } catch {
    // Quoted with any credentials in it hidden: this line goes to the terminal. Up to the last `@`:
    // a password may hold a `/`, `?` or `#` (which is why such a URL cannot be read).
    throw new MockOptionError("proxy", `must be the service's base URL, e.g. https://central.example.com, got ${JSON.stringify(String(options.proxy).replace(/^([^/?#]*\/\/).*@/s, "$1***@"))}`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new MockOptionError("proxy", `must be an http:// or https:// URL, got ${url.protocol}`);
  if (url.username || url.password) throw new MockOptionError("proxy", "must not hold credentials: the app's own Authorization header is passed on to the service");
  if (url.search || url.hash) throw new MockOptionError("proxy", "must be a base URL without a query or fragment, e.g. https://central.example.com");
  const mockOnly = (["stateful", "fixtures", "dynamic", "seed"] as const).find((name) => options[name] !== undefined && options[name] !== false);
  if (mockOnly) throw new MockOptionError("proxy", `cannot be combined with --${mockOnly}: through the proxy every answer is the service's; leave one of them out`);
  return url;
}
