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

/** Reads the body; past `MAX_BODY_BYTES` the rest is read and dropped, and `tooLarge` is set. */
function readBody(req: IncomingMessage): Promise<{ body: Buffer; tooLarge: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on("end", () => resolve({ body: Buffer.concat(chunks), tooLarge: size > MAX_BODY_BYTES }));
    req.on("error", reject);
  });
}

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
    return forward({ ...call, bytes: encoder.encode(call.text) }, { base: new URL(base), agent, timeoutMs: PRISM_TIMEOUT_MS, name: "Prism", headers });
  };
  const backend: Backend = async (call) => {
    const url = await prism.url();
    try {
      return await once(url, call);
    } catch {
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
  for (const [name, value] of Object.entries(reply.headers)) {
    // A backend's header value may quote the request; keep only what HTTP allows in one.
    if (!name.toLowerCase().startsWith("access-control-") && name.toLowerCase() !== "vary") headers[name] = value.replace(/[^\t\x20-\x7e\x80-\xff]/g, "");
  }
  const body = reply.status === 204 || reply.status === 304 ? Buffer.alloc(0) : typeof reply.body === "string" ? Buffer.from(reply.body) : Buffer.from(reply.body.buffer, reply.body.byteOffset, reply.body.byteLength);
  res.writeHead(reply.status, { ...headers, ...corsHeaders(req, headers), "content-length": String(body.length) });
  res.end(body);
  return true;
}

/** The `/__mock` control routes: the engine's controls over HTTP. */
function control(engine: MockEngine, method: string, pathname: string, body: Buffer): Reply {
  const route = `${method} ${pathname.replace(/\/$/, "")}`;
  switch (route) {
    case "GET /__mock/requests":
      return json(200, { requests: engine.requests() });
    case "DELETE /__mock/requests":
      engine.clearRequests();
      return noContent;
    case "POST /__mock/reset":
      engine.reset();
      return noContent;
    case "GET /__mock/state": {
      const state = engine.state();
      return state ? json(200, state) : json(404, { message: "the mock is not stateful: start it with --stateful" });
    }
    case "GET /__mock/faults":
      return json(200, { faults: engine.faults() });
    case "POST /__mock/faults": {
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
    }
    case "DELETE /__mock/faults":
      engine.clearFaults();
      return noContent;
    case "GET /__mock/violations":
      return json(200, { operations: engine.violations() });
    case "DELETE /__mock/violations":
      engine.clearViolations();
      return noContent;
    default:
      return json(404, {
        message: `no mock control route ${route}`,
        routes: ["GET|DELETE /__mock/requests", "POST /__mock/reset", "GET /__mock/state", "GET|POST|DELETE /__mock/faults", "GET|DELETE /__mock/violations"],
      });
  }
}

/** The request as a Fetch `Request`, or the reason it cannot be one (the engine refuses it). */
function toRequest(req: IncomingMessage, body: Buffer): Request | string {
  const target = req.url ?? "";
  if (!target.startsWith("/")) return `the request target "${target.slice(0, 100)}" is not a path`;
  try {
    const headers = new Headers();
    for (const [name, values] of Object.entries(req.headersDistinct)) for (const value of values ?? []) headers.append(name, value);
    const method = req.method ?? "GET";
    const withBody = body.length > 0 && method !== "GET" && method !== "HEAD";
    return new Request(`http://mock${target}`, { method, headers, body: withBody ? new Uint8Array(body) : null });
  } catch (err) {
    return `the request cannot be read: ${(err as Error).message}`;
  }
}

export function createFrontServer(engine: MockEngine): Server {
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
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

    const { body, tooLarge } = await readBody(req);
    if (req.url?.startsWith("/__mock/")) {
      send(req, res, control(engine, method, req.url.split("?")[0]!, body));
      return;
    }
    // HTTP/1.1 requires a Host header; the server reads the request without it (Node's own check
    // would answer an empty 400 the journal never sees), and refuses it here like any malformed request.
    const request = req.httpVersion === "1.1" && req.headers.host === undefined ? "the request has no Host header, which HTTP/1.1 requires" : toRequest(req, body);
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
    const [method = "", target = ""] = (err.rawPacket?.toString("latin1").split("\r\n")[0] ?? "").split(" ");
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
