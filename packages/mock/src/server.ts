// The front server: what apps and tests talk to. It keeps the journal, applies delays and faults
// on cue, answers the few requests Prism answers wrongly, lets the state rewrite successful
// answers in stateful mode, and hands everything else to Prism unchanged:
//
//   app ──HTTP──▶ front server ──HTTP──▶ Prism (validation, examples, Prefer)
//
// Prism is kept as the engine; this layer exists because Prism has no state, no faults and no
// journal (its maintainers declined stateful mocking), and because of three answers it gets
// wrong for these APIs (see `correctedAnswer` in answers.ts).
import { createServer, request as httpRequest, Agent, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { badMockHeader, correctedAnswer, faultAnswer, type OwnAnswer } from "./answers.js";
import { checkRule, pickDelay, requestedFault, type Fault, type FaultQueue, type Latency } from "./faults.js";
import { maskHeaders, queryObject, type Journal, type JournalEntry, type Violation } from "./journal.js";
import { isJsonType, matchOperation, type Json, type Match, type Operation } from "./spec.js";

const headerOf = (req: IncomingMessage, name: string) => {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(", ") : value;
};
import type { MockState } from "./state.js";

export interface FrontOptions {
  doc: Json;
  ops: Operation[];
  /** Where Prism listens; requests wait for it while it starts. */
  prismUrl: Promise<string>;
  journal: Journal;
  faults: FaultQueue;
  state?: MockState;
  latency?: Latency;
  onEntry?: (entry: JournalEntry) => void;
}

/** Bodies larger than this are refused (413): the APIs take small JSON documents. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;
/** Response headers of Prism's that describe its own connection, not the answer. */
const HOP_BY_HOP = new Set(["connection", "keep-alive", "transfer-encoding", "content-length", "date"]);

interface Reply {
  status: number;
  headers: Record<string, string | string[]>;
  body: Buffer;
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}): Reply => ({
  status,
  headers: { "content-type": "application/json", ...headers },
  body: Buffer.from(body === undefined ? "" : JSON.stringify(body)),
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) reject(Object.assign(new Error("body too large"), { status: 413 }));
      else chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

const toReply = (answer: OwnAnswer): Reply => ({ status: answer.status, headers: { ...answer.headers }, body: Buffer.from(JSON.stringify(answer.body)) });

/** CORS for answers to any origin: credentials allowed, and every header of the answer readable by `fetch` (`*` is not honoured with credentials). */
function corsHeaders(req: IncomingMessage, answerHeaders: Record<string, unknown>): Record<string, string> {
  const origin = req.headers.origin;
  const exposed = Object.keys(answerHeaders).filter((h) => !h.toLowerCase().startsWith("access-control-"));
  return {
    "access-control-allow-origin": origin ?? "*",
    ...(origin ? { "access-control-allow-credentials": "true", vary: "Origin" } : {}),
    "access-control-expose-headers": exposed.join(", ") || "*",
  };
}

export function createFrontServer(options: FrontOptions): Server {
  const { doc, ops, journal, faults, state } = options;
  const prismReady = options.prismUrl.then((u) => new URL(u));
  prismReady.catch(() => {}); // start-up failures are reported by startMock
  const agent = new Agent({ keepAlive: true });

  async function forward(req: IncomingMessage, body: Buffer): Promise<Reply> {
    const prism = await prismReady;
    const headers = { ...req.headers, host: prism.host };
    // Prism matches the scheme of `Authorization: Bearer` case-sensitively; RFC 9110 says the
    // scheme is case-insensitive, and real gateways accept `bearer`.
    const auth = req.headers.authorization;
    if (auth && /^bearer\s/i.test(auth)) headers.authorization = `Bearer ${auth.replace(/^bearer\s+/i, "")}`;
    if (body.length) headers["content-length"] = String(body.length);
    return new Promise((resolve, reject) => {
      const upstream = httpRequest(
        { host: prism.hostname, port: prism.port, method: req.method, path: req.url, headers, agent },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => {
            const out: Record<string, string | string[]> = {};
            for (const [k, v] of Object.entries(res.headers)) if (v !== undefined && !HOP_BY_HOP.has(k)) out[k] = v;
            resolve({ status: res.statusCode ?? 502, headers: out, body: Buffer.concat(chunks) });
          });
          res.on("error", reject);
        },
      );
      upstream.on("error", reject);
      upstream.end(body);
    });
  }

  async function control(req: IncomingMessage, url: URL, body: Buffer): Promise<Reply> {
    const route = `${req.method} ${url.pathname.replace(/\/$/, "")}`;
    const parse = () => (body.length ? JSON.parse(body.toString("utf8")) : {});
    switch (route) {
      case "GET /__mock/requests":
        return json(200, { requests: journal.list() });
      case "DELETE /__mock/requests":
        journal.clear();
        return { status: 204, headers: {}, body: Buffer.alloc(0) };
      case "POST /__mock/reset":
        state?.reset();
        faults.clear();
        return { status: 204, headers: {}, body: Buffer.alloc(0) };
      case "GET /__mock/state":
        return state ? json(200, state.snapshot()) : json(404, { message: "the mock is not stateful: start it with --stateful" });
      case "GET /__mock/faults":
        return json(200, { faults: faults.rules });
      case "POST /__mock/faults":
        try {
          const input: unknown = parse();
          for (const rule of Array.isArray(input) ? input : [input]) faults.add(checkRule(rule));
          return json(201, { faults: faults.rules });
        } catch (err) {
          return json(400, { message: (err as Error).message });
        }
      case "DELETE /__mock/faults":
        faults.clear();
        return { status: 204, headers: {}, body: Buffer.alloc(0) };
      default:
        return json(404, {
          message: `no mock control route ${route}`,
          routes: ["GET|DELETE /__mock/requests", "POST /__mock/reset", "GET /__mock/state", "GET|POST|DELETE /__mock/faults"],
        });
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const url = new URL(req.url ?? "/", "http://mock");
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

    let body: Buffer;
    try {
      body = await readBody(req);
    } catch (err) {
      send(req, res, json((err as { status?: number }).status ?? 400, { message: (err as Error).message }));
      return;
    }
    if (url.pathname.startsWith("/__mock/")) {
      send(req, res, await control(req, url, body).catch((err: Error) => json(400, { message: err.message })));
      return;
    }

    const match = matchOperation(ops, method, url.pathname);
    const op = match?.operation;
    const entry: JournalEntry = {
      seq: journal.nextSeq(),
      time: new Date().toISOString(),
      method,
      path: url.pathname,
      query: queryObject(url.searchParams),
      headers: maskHeaders(req.headers),
      ...(body.length ? { body: parseBody(body, req.headers["content-type"]) } : {}),
      ...(op ? { operationId: op.operationId } : {}),
      status: null,
      violations: [],
      durationMs: 0,
    };
    /** Sends the answer and journals it; a client that has gone by then is journaled as such. */
    const answerWith = (reply: Reply) => {
      if (send(req, res, reply)) record(reply.status);
      else {
        entry.closedByClient = true;
        record(null);
      }
    };
    const record = (status: number | null) => {
      entry.status = status;
      entry.durationMs = Math.round(performance.now() - started);
      journal.add(entry);
      options.onEntry?.(entry);
    };

    let fault: Fault;
    try {
      fault = requestedFault((name) => headerOf(req, name), faults.take({ method, path: url.pathname, operationId: op?.operationId }));
    } catch (err) {
      const answer = badMockHeader(doc, ops, op, url.pathname, (err as Error).message);
      entry.violations.push(...answer.violations);
      answerWith(toReply(answer));
      return;
    }
    const delay = pickDelay(fault.delay ?? options.latency);
    if (delay > 0) {
      entry.fault = fault.delay !== undefined ? `delay ${Math.round(delay)}ms` : undefined;
      await sleep(delay);
    }
    if (fault.drop) {
      entry.fault = "drop";
      record(null);
      req.socket.destroy();
      return;
    }
    if (fault.status) {
      entry.fault = String(fault.status);
      const answer = faultAnswer(doc, ops, op, url.pathname, { ...fault, status: fault.status });
      answerWith(toReply(answer));
      return;
    }

    const corrected = correctedAnswer(doc, ops, match, url.pathname, req.headers["content-type"], body.toString("utf8"));
    let reply: Reply;
    if (corrected) {
      reply = toReply(corrected);
      entry.violations.push(...corrected.violations);
    } else {
      try {
        reply = await forward(req, body);
      } catch (err) {
        reply = json(502, { message: `the mock's Prism process did not answer: ${(err as Error).message}` });
      }
      entry.violations.push(...violationsOf(reply.headers["sl-violations"]));
      if (state && match && !req.headers.prefer && reply.status >= 200 && reply.status < 300) {
        reply = stateful(state, match, url, entry.body, reply);
      }
    }
    answerWith(reply);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: Error) => {
      if (!res.headersSent && !res.destroyed) send(req, res, json(500, { message: `mock server error: ${err.message}` }));
    });
  });
  server.on("close", () => agent.destroy());
  // Longer than clients keep idle connections (browsers, undici), so a client never reuses a
  // connection the server is closing at that moment (an ECONNRESET on the next request).
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  return server;
}

function stateful(state: MockState, match: Match, url: URL, body: unknown, reply: Reply): Reply {
  let prismBody: unknown;
  try {
    prismBody = reply.body.length ? JSON.parse(reply.body.toString("utf8")) : undefined;
  } catch {
    return reply; // not JSON: nothing the state could rewrite
  }
  const answer = state.answer(match.operation, { params: match.params, query: url.searchParams, body }, { status: reply.status, body: prismBody });
  return { status: answer.status, headers: { ...reply.headers, "content-type": "application/json" }, body: Buffer.from(JSON.stringify(answer.body)) };
}

function parseBody(body: Buffer, type: string | undefined): unknown {
  const text = body.toString("utf8");
  if (!isJsonType(type)) return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function violationsOf(header: string | string[] | undefined): Violation[] {
  if (typeof header !== "string") return [];
  try {
    const parsed: unknown = JSON.parse(header);
    return Array.isArray(parsed) ? (parsed as Violation[]) : [];
  } catch {
    return [];
  }
}

/** Writes the answer; `false` when the client has already closed the connection. */
function send(req: IncomingMessage, res: ServerResponse, reply: Reply): boolean {
  if (res.destroyed) return false;
  const headers = { ...reply.headers };
  for (const name of Object.keys(headers)) if (name.toLowerCase().startsWith("access-control-") || name.toLowerCase() === "vary") delete headers[name];
  res.writeHead(reply.status, { ...headers, ...corsHeaders(req, headers), "content-length": String(reply.body.length) });
  res.end(reply.body);
  return true;
}
