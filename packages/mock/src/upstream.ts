// The proxy's backend: the real service (`--proxy <url>`). Every request the engine passes on goes
// to it with the app's own headers, credentials included; the answer comes back byte for byte.
// The engine checks both against the spec (engine.ts in @tokenkit/msw).
import { Agent as HttpAgent } from "node:http";
import { Agent as HttpsAgent } from "node:https";
import { MAX_BODY_BYTES, type Backend } from "@tokenkit/msw/engine";
import { forward } from "./forward.js";

/** How long a request may wait on the service's whole answer before the app gets a 502 in the API's shape. */
export const UPSTREAM_TIMEOUT_MS = 60_000;

export function upstreamBackend(base: URL, timeoutMs = UPSTREAM_TIMEOUT_MS): { backend: Backend; close(): void } {
  // A fresh connection for each request: a service may close an idle kept-alive connection just as
  // the next request goes out on it, and a request that may not be idempotent cannot be sent again.
  const agent = base.protocol === "https:" ? new HttpsAgent({ keepAlive: false }) : new HttpAgent({ keepAlive: false });
  const name = `the service at ${base.origin}`;
  // Asked for an uncompressed answer, so the mock can read what it passes on unchanged. No retry:
  // the request may not be idempotent, and the app should see what the service did.
  const backend: Backend = (call) => forward(call, { base, agent, timeoutMs, maxBodyBytes: MAX_BODY_BYTES, name, headers: { "accept-encoding": "identity" } });
  return { backend, close: () => agent.destroy() };
}
