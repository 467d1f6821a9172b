// Passes a request the engine hands a backend on over HTTP, and hands back the answer as it came:
// the status, the headers (less those of the connection) and the body's bytes. Both HTTP backends
// use it: Prism on loopback, and the real service behind the proxy. node:http(s) rather than
// fetch: fetch decodes compressed bodies and adds headers of its own, and the proxy must pass on
// what the service sent.
import { request as httpRequest, type Agent as HttpAgent } from "node:http";
import { request as httpsRequest, type Agent as HttpsAgent } from "node:https";
import type { BackendCall, Reply } from "@tokenkit/msw/engine";

/** Response headers that describe the connection, not the answer (the front server sets its own). */
const HOP_BY_HOP = new Set(["connection", "keep-alive", "transfer-encoding", "content-length", "proxy-connection", "upgrade"]);
/** Request headers that belong to this hop, not to the next one. */
const NOT_FORWARDED = new Set(["connection", "keep-alive", "transfer-encoding", "content-length", "host", "expect", "upgrade", "proxy-connection"]);

export interface ForwardOptions {
  /** Where to send it: the base URL the request's path is appended to. */
  base: URL;
  agent: HttpAgent | HttpsAgent;
  timeoutMs: number;
  /** Names the other end in errors: "Prism", "the service at https://…". */
  name: string;
  /** Request headers set (or, with `undefined`, removed) on top of the app's. */
  headers?: Record<string, string | undefined>;
}

export function forward(call: BackendCall, options: ForwardOptions): Promise<Reply> {
  const { base, agent, timeoutMs, name } = options;
  const headers: Record<string, string> = { host: base.host };
  for (const [header, value] of call.headers) if (!NOT_FORWARDED.has(header)) headers[header] = value;
  for (const [header, value] of Object.entries(options.headers ?? {})) {
    if (value === undefined) delete headers[header];
    else headers[header] = value;
  }
  if (call.bytes.length) headers["content-length"] = String(call.bytes.length);
  const path = base.pathname.replace(/\/$/, "") + call.url.pathname + call.url.search;
  const send = base.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const outgoing = send({ host: base.hostname, port: base.port, method: call.method, path, headers, agent, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const out: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers)) if (v !== undefined && !HOP_BY_HOP.has(k)) out[k] = Array.isArray(v) ? v.join(", ") : v;
        resolve({ status: res.statusCode ?? 502, headers: out, body: new Uint8Array(Buffer.concat(chunks)) });
      });
      res.on("error", reject);
    });
    outgoing.on("timeout", () => outgoing.destroy(new Error(`${name} gave no answer within ${timeoutMs} ms`)));
    outgoing.on("error", (err) => reject(new Error(`${name} did not answer: ${err.message}`)));
    outgoing.end(call.bytes);
  });
}
