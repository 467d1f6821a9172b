// The proxy's backend: the real service (`--proxy <url>`). Every request the engine passes on goes
// to it with the app's own headers, credentials included; the answer comes back byte for byte.
// The engine checks both against the spec (engine.ts in @tokenkit/msw).
import { Agent as HttpAgent } from "node:http";
import { Agent as HttpsAgent } from "node:https";
import type { Backend } from "@tokenkit/msw/engine";
import { forward } from "./forward.js";

/** How long a request may wait on the service before the app gets a 502 in the API's shape. */
const UPSTREAM_TIMEOUT_MS = 60_000;

export function upstreamBackend(base: URL): { backend: Backend; close(): void } {
  const agent = base.protocol === "https:" ? new HttpsAgent({ keepAlive: true }) : new HttpAgent({ keepAlive: true });
  const name = `the service at ${base.origin}`;
  // Asked for an uncompressed answer, so the mock can read what it passes on unchanged. No retry:
  // the request may not be idempotent, and the app should see what the service did.
  const backend: Backend = (call) => forward(call, { base, agent, timeoutMs: UPSTREAM_TIMEOUT_MS, name, headers: { "accept-encoding": "identity" } });
  return { backend, close: () => agent.destroy() };
}
