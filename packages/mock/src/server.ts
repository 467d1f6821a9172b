// The front server: what apps and tests talk to. A node:http adapter around the mock engine
// (@tokenkit/msw/engine, the same pipeline the MSW handlers run), plus the `/__mock` control
// routes and CORS. The engine's backend here is Prism, over loopback HTTP, or, as a proxy, the
// real service (upstream.ts):
//
//   app ──HTTP──▶ front server ──▶ engine ──HTTP──▶ Prism (validation, examples, Prefer)
//                                        └──HTTP(S)──▶ the real service (--proxy)
//
// Prism is kept as the engine's backend; the engine exists because Prism has no state, no faults
// and no journal (its maintainers declined stateful mocking), exits on some malformed requests,
// and gets a few answers wrong for these APIs (see answers.ts in @tokenkit/msw).
import { createServer, Agent, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { MAX_BODY_BYTES, type Backend, type FaultRule, type BackendCall, type MockEngine, type Outcome, type Reply } from "@tokenkit/msw/engine";
import { forward } from "./forward.js";
import type { SupervisedPrism } from "./prism.js";

const encoder = new TextEncoder();

/** How long a request may wait on Prism before it is answered 502: a live Prism answers in milliseconds. */
const PRISM_TIMEOUT_MS = 30_000;

const json = (status: number, body: unknown): Reply => ({ status, headers: { "content-type": "application/json" }, body: body === undefined ? "" : JSON.stringify(body) });
const noContent: Reply = { status: 204, headers: {}, body: "" };

/**
 * Reads the body; past `MAX_BODY_BYTES` the rest is read and dropped, and `tooLarge` is set.
 * `abandoned` is set when the client closed the connection before the body had all arrived.
 */
function readBody(req: IncomingMessage): Promise<{ body: Buffer; tooLarge: boolean; abandoned: boolean }> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const abandoned = () => resolve({ body: Buffer.alloc(0), tooLarge: false, abandoned: true });
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on("end", () => resolve({ body: Buffer.concat(chunks), tooLarge: size > MAX_BODY_BYTES, abandoned: false }));
    req.on("error", abandoned);
    req.on("close", () => {
      if (!req.complete) abandoned();
    });
  });
}

/**
 * The request whose body is being read on a socket: Node reports a body it cannot read (cut short,
 * or framed wrongly) as a client error on the socket, which then names this request.
 */
interface Reading {
  method: string;
  target: string;
  /** The client error answered it 400 (and journaled it): the body was malformed, not abandoned. */
  refused: boolean;
}
const reading = new WeakMap<Socket, Reading>();
/** The client errors that mean the client closed the connection mid-request. */
const CLIENT_GONE = new Set(["HPE_INVALID_EOF_STATE", "ECONNRESET"]);

/** The Prism backend: forwards a checked request to the supervised Prism; once more after a restart. */
export function prismBackend(prism: SupervisedPrism): { backend: Backend; close(): void } {
  const agent = new Agent({ keepAlive: true });
  const once = (base: string, call: BackendCall): Promise<Reply> => {
    const headers: Record<string, string> = {};
    // Prism matches the scheme of `Authorization: Bearer` case-sensitively; RFC 9110 says the
    // scheme is case-insensitive, and real gateways accept `bearer`.
    const authorization = call.headers.get("authorization");
    if (authorization && /^bearer\s/i.test(authorization)) headers.authorization = `Bearer ${authorization.replace(/^bearer\s+/i, "")}`;
    // Prism gets the body as the engine read it (text), as it always has.
    return forward({ ...call, bytes: encoder.encode(call.text) }, { base: new URL(base), agent, timeoutMs: PRISM_TIMEOUT_MS, maxBodyBytes: MAX_BODY_BYTES, name: "Prism", headers });
  };
  const backend: Backend = async (call) => {
    const url = await prism.url();
    try {
      return await once(url, call);
    } catch (err) {
      if (call.signal?.aborted) throw err; // the app has gone: no one to answer
      // A connection that failed: Prism died (the supervisor is restarting it), or an idle
      // keep-alive socket was closed under us. Either way, one more try on a fresh connection.
      await prism.died(url);
      return once(await prism.url(), call);
    }
  };
  return { backend, close: () => agent.destroy() };
}

/** CORS for answers to any origin: credentials allowed, and every header of the answer readable by `fetch` (`*` is not honoured with credentials). */
function corsHeaders(req: IncomingMessage, answerHeaders: Record<string, string>): Record<string, string> {
  const origin = req.headers.origin;
  const exposed = Object.keys(answerHeaders).filter((h) => !h.toLowerCase().startsWith("access-control-"));
  return {
    "access-control-allow-origin": origin ?? "*",
    ...(origin ? { "access-control-allow-credentials": "true", vary: "Origin" } : {}),
    "access-control-expose-headers": exposed.join(", ") || "*",
  };
}

/** Writes the answer; `false` when the client has already closed the connection. */
function send(req: IncomingMessage, res: ServerResponse, reply: Reply): boolean {
  if (res.destroyed || req.socket.destroyed) return false;
  const headers: Record<string, string> = {};
  // A backend's header value may quote the request; keep only what HTTP allows in one.
  const printable = (value: string) => value.replace(/[^\t\x20-\x7e\x80-\xff]/g, "");
  for (const [name, value] of Object.entries(reply.headers)) {
    if (!name.toLowerCase().startsWith("access-control-") && name.toLowerCase() !== "vary") headers[name] = printable(value);
  }
  const body = reply.status === 204 || reply.status === 304 ? Buffer.alloc(0) : typeof reply.body === "string" ? Buffer.from(reply.body) : Buffer.from(reply.body.buffer, reply.body.byteOffset, reply.body.byteLength);
  const setCookie = reply.setCookie?.length ? { "set-cookie": reply.setCookie.map(printable) } : {};
  res.writeHead(reply.status, { ...headers, ...setCookie, ...corsHeaders(req, headers), "content-length": String(body.length) });
  res.end(body);
  return true;
}

/** The `/__mock` control routes: the engine's controls over HTTP, by path and method. */
function controlRoutes(engine: MockEngine): Record<string, Record<string, (body: Buffer) => Reply>> {
  return {
    "/__mock/requests": {
      GET: () => json(200, { requests: engine.requests() }),
      DELETE: () => (engine.clearRequests(), noContent),
    },
    "/__mock/reset": {
      POST: () => (engine.reset(), noContent),
    },
    "/__mock/state": {
      GET: () => {
        const state = engine.state();
        return state ? json(200, state) : json(404, { message: "the mock is not stateful: start it with --stateful" });
      },
    },
    "/__mock/faults": {
      GET: () => json(200, { faults: engine.faults() }),
      POST: (body) => {
        let rule: unknown;
        try {
          rule = body.length ? JSON.parse(body.toString("utf8")) : {};
        } catch (err) {
          return json(400, { message: `fault rule: the body is not JSON (${(err as Error).message}): send a rule object or a list of them, e.g. {"operationId":"GetAPITokens","status":429}` });
        }
        try {
          engine.fault(rule as FaultRule | FaultRule[]);
          return json(201, { faults: engine.faults() });
        } catch (err) {
          return json(400, { message: (err as Error).message });
        }
      },
      DELETE: () => (engine.clearFaults(), noContent),
    },
    "/__mock/violations": {
      GET: () => json(200, { operations: engine.violations() }),
      DELETE: () => (engine.clearViolations(), noContent),
    },
  };
}

/** The methods a control route takes: its own, and HEAD wherever it takes GET. */
const allowed = (methods: Record<string, unknown>) => Object.keys(methods).flatMap((m) => (m === "GET" ? ["GET", "HEAD"] : [m]));

/**
 * Answers a control route: 404 for a path that is none (listing them), 405 with `Allow` for a
 * method its path does not take.
 */
function control(routes: ReturnType<typeof controlRoutes>, method: string, pathname: string, body: Buffer): Reply {
  const path = pathname.replace(/\/$/, "");
  const methods = routes[path];
  if (!methods) {
    return json(404, {
      message: `no mock control route ${method} ${path}`,
      routes: Object.entries(routes).map(([p, m]) => `${Object.keys(m).join("|")} ${p}`),
    });
  }
  const run = methods[method === "HEAD" ? "GET" : method];
  if (run) return run(body);
  const allow = allowed(methods).join(", ");
  return { ...json(405, { message: `${path} does not take ${method}: it takes ${allow}`, allow: allowed(methods) }), headers: { "content-type": "application/json", allow } };
}

/** The request's headers as Fetch `Headers`; a value Fetch cannot hold is left out. */
function headersOf(req: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, values] of Object.entries(req.headersDistinct)) {
    for (const value of values ?? []) {
      try {
        headers.append(name, value);
      } catch {
        // not a header Fetch can carry: the journal goes without it
      }
    }
  }
  return headers;
}

/** The query of a request target; an empty one when it cannot be read. */
function queryOf(target: string | undefined): URLSearchParams {
  const index = target?.indexOf("?") ?? -1;
  return new URLSearchParams(index < 0 ? "" : target!.slice(index + 1));
}

/** The request as a Fetch `Request`, or the reason it cannot be one (the engine refuses it). */
function toRequest(req: IncomingMessage, body: Buffer, signal: AbortSignal): Request | string {
  const target = req.url ?? "";
  // Quoted without its query, which may hold a credential (`access_token=…`).
  if (!target.startsWith("/")) return `the request target "${target.split("?")[0]!.slice(0, 100)}" is not a path`;
  try {
    const headers = new Headers();
    for (const [name, values] of Object.entries(req.headersDistinct)) for (const value of values ?? []) headers.append(name, value);
    const method = req.method ?? "GET";
    const withBody = body.length > 0 && method !== "GET" && method !== "HEAD";
    return new Request(`http://mock${target}`, { method, headers, body: withBody ? new Uint8Array(body) : null, signal });
  } catch (err) {
    return `the request cannot be read: ${(err as Error).message}`;
  }
}

export function createFrontServer(engine: MockEngine): Server {
  const routes = controlRoutes(engine);
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const arrived = performance.now();
    const method = (req.method ?? "GET").toUpperCase();

    // CORS preflight: any origin, method and header (the fault headers included).
    if (method === "OPTIONS" && req.headers.origin && req.headers["access-control-request-method"]) {
      res.writeHead(204, {
        "access-control-allow-origin": req.headers.origin,
        "access-control-allow-credentials": "true",
        "access-control-allow-methods": req.headers["access-control-request-method"],
        "access-control-allow-headers": req.headers["access-control-request-headers"] ?? "*",
        "access-control-max-age": "600",
        vary: "Origin",
      });
      res.end();
      return;
    }

    const read: Reading = { method, target: req.url ?? "", refused: false };
    reading.set(req.socket, read);
    const { body, tooLarge, abandoned } = await readBody(req);
    reading.delete(req.socket);
    if (abandoned) {
      // The client left mid-upload: no one to answer; journal the request it began (not a control route's).
      if (!read.refused && !read.target.startsWith("/__mock/")) engine.abandoned(method, read.target.split("?")[0]!, queryOf(read.target), headersOf(req), arrived).finish();
      return;
    }
    if (req.url?.startsWith("/__mock/")) {
      send(req, res, control(routes, method, req.url.split("?")[0]!, body));
      return;
    }
    // HTTP/1.1 requires a Host header; the server reads the request without it (Node's own check
    // would answer an empty 400 the journal never sees), and refuses it here like any malformed request.
    // The client closing the connection before its answer is written: the backend may stop waiting.
    const gone = new AbortController();
    res.once("close", () => {
      if (!res.writableFinished) gone.abort();
    });
    const request = req.httpVersion === "1.1" && req.headers.host === undefined ? "the request has no Host header, which HTTP/1.1 requires" : toRequest(req, body, gone.signal);
    const outcome: Outcome = typeof request === "string" ? engine.refuse(method, req.url ?? "", request) : await engine.handle(request, { bodyTooLarge: tooLarge });
    if (!outcome.reply) {
      req.socket.destroy();
      outcome.finish();
      return;
    }
    outcome.finish(!send(req, res, outcome.reply));
  }

  const server = createServer({ requireHostHeader: false }, (req, res) => {
    handle(req, res).catch((err: Error) => {
      if (!res.headersSent && !res.destroyed) send(req, res, json(500, { message: `mock server error: ${err.message}` }));
    });
  });
  // What Node's HTTP parser cannot read (a header too long for it, bytes no request line has)
  // never becomes a request: answer it 400 in the error shape of the path it names, and journal it.
  server.on("clientError", (err: NodeJS.ErrnoException & { rawPacket?: Buffer }, socket: Socket) => {
    const read = reading.get(socket);
    // A body cut short by the client: its request journals itself once it sees the close. A
    // connection reset with no request begun on it (idle, or kept alive after an answer) was none.
    if (CLIENT_GONE.has(err.code ?? "") && (read || !err.rawPacket?.length)) {
      socket.destroy();
      return;
    }
    if (read) read.refused = true;
    const [method = "", target = ""] = read ? [read.method, read.target] : (err.rawPacket?.toString("latin1").split("\r\n")[0] ?? "").split(" ");
    const outcome = engine.refuse(method, target.startsWith("/") ? target : "", `the request cannot be parsed (${err.code ?? err.message})`);
    if (socket.writable && outcome.reply) {
      const body = Buffer.from(outcome.reply.body);
      socket.end(`HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\nconnection: close\r\n\r\n${body.toString("utf8")}`);
      outcome.finish();
    } else {
      socket.destroy();
      outcome.finish(true);
    }
  });
  // Longer than clients keep idle connections (browsers, undici), so a client never reuses a
  // connection the server is closing at that moment (an ECONNRESET on the next request).
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  return server;
}
