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
  /** How long the whole answer may take, from sending the request to its body's last byte. */
  timeoutMs: number;
  /** The largest answer body passed on; a larger one is not read further. */
  maxBodyBytes: number;
  /** Names the other end in errors: "Prism", "the service at https://…". */
  name: string;
  /** Request headers set (or, with `undefined`, removed) on top of the app's. */
  headers?: Record<string, string | undefined>;
}

/**
 * Sends the call and reads the whole answer. Rejects, with a message naming what went wrong, when
 * the other end cannot be reached, closes the connection before its answer is complete, sends
 * bytes that are not HTTP, switches protocols, sends a body over `maxBodyBytes`, or has not
 * finished its answer within `timeoutMs` (however slowly its bytes trickle in). The connection is
 * closed whenever it rejects, so nothing of it is left behind.
 */
export function forward(call: BackendCall, options: ForwardOptions): Promise<Reply> {
  const { base, agent, timeoutMs, maxBodyBytes, name } = options;
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
    let settled = false;
    /** What has come of the answer so far, for the messages. */
    let answered: { status: number; received: number; length: string | undefined } | undefined;
    const fail = (message: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      call.signal?.removeEventListener("abort", appGone);
      outgoing.destroy();
      reject(new Error(message));
    };
    const deadline = setTimeout(() => {
      fail(answered ? `${name} did not finish its answer within ${timeoutMs} ms (status ${answered.status}, ${answered.received} bytes of the body received)` : `${name} gave no answer within ${timeoutMs} ms`);
    }, timeoutMs);
    const outgoing = send({ host: base.hostname, port: base.port, method: call.method, path, headers, agent }, (res) => {
      // Node's parser reads any three digits as a status; past 599 none is one an app can be given.
      if (res.statusCode === undefined || res.statusCode > 599) return fail(`${name} answered status ${res.statusCode}, which no HTTP answer can have`);
      const chunks: Buffer[] = [];
      const progress = { status: res.statusCode ?? 0, received: 0, length: res.headers["content-length"] };
      answered = progress;
      res.on("data", (c: Buffer) => {
        if (settled) return;
        progress.received += c.length;
        if (progress.received > maxBodyBytes) fail(`${name} sent an answer body over ${maxBodyBytes} bytes (status ${progress.status}${progress.length ? `, content-length ${progress.length}` : ""}): too large to pass on`);
        else chunks.push(c);
      });
      res.on("end", () => {
        if (settled) return;
        settled = true;
        clearTimeout(deadline);
        call.signal?.removeEventListener("abort", appGone);
        const out: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers)) if (v !== undefined && !HOP_BY_HOP.has(k)) out[k] = Array.isArray(v) ? v.join(", ") : v;
        const setCookie = res.headers["set-cookie"];
        resolve({ status: res.statusCode ?? 502, headers: out, body: new Uint8Array(Buffer.concat(chunks)), ...(setCookie && setCookie.length > 1 ? { setCookie } : {}) });
      });
      const cutShort = () => fail(`${name} closed the connection in the middle of its answer (status ${progress.status}, ${progress.received} of ${progress.length ?? "an unstated number of"} body bytes received)`);
      res.on("error", cutShort);
      res.on("close", () => {
        if (!res.complete) cutShort();
      });
    });
    // A 101 hands the connection over to another protocol: no HTTP answer follows to pass on.
    outgoing.on("upgrade", (res, socket) => {
      socket.destroy();
      fail(`${name} answered ${res.statusCode} ${res.statusMessage ?? ""}`.trimEnd() + " (a switch to another protocol), which the mock cannot pass on");
    });
    outgoing.on("error", (err) => fail(`${name} did not answer: ${err.message}`));
    // The app closed its connection: nothing to pass on, so the connection to the other end goes too.
    const appGone = () => fail(`the app closed the connection before ${name} had answered`);
    if (call.signal?.aborted) appGone();
    else call.signal?.addEventListener("abort", appGone, { once: true });
    outgoing.end(call.bytes);
  });
}
