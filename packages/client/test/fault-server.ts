// A real HTTP server on 127.0.0.1 that misbehaves on cue, one scripted behaviour per request,
// and records every request line it receives.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

export interface Received {
  method: string;
  /** The request target exactly as sent on the request line. */
  target: string;
  headers: IncomingMessage["headers"];
  body: string;
}

export type Behaviour = (res: ServerResponse, req: IncomingMessage) => void;

export interface FaultServer {
  url: string;
  received: Received[];
  /** Behaviours for the next requests, in order; once used up, requests get `fallback`. */
  script(...behaviours: Behaviour[]): void;
  close(): Promise<void>;
}

export const json =
  (status: number, body: unknown, headers: Record<string, string> = {}): Behaviour =>
  (res) => {
    res.writeHead(status, { "content-type": "application/json", ...headers });
    res.end(JSON.stringify(body));
  };

export const text =
  (status: number, body: string, headers: Record<string, string> = {}): Behaviour =>
  (res) => {
    res.writeHead(status, headers);
    res.end(body);
  };

/** Sends the headers and part of the body, then resets the connection. */
export const resetMidBody: Behaviour = (res) => {
  res.writeHead(200, { "content-type": "application/json", "content-length": "100" });
  res.write('{"roleNames":["Adm');
  setTimeout(() => res.socket?.destroy(), 20);
};

/** Never answers: the connection stays open until the client gives up (or the server closes). */
export const noAnswer: Behaviour = () => {};

/** Answers after `ms` (or never, if the client gives up first). */
export const slow =
  (ms: number, then: Behaviour): Behaviour =>
  (res, req) => {
    const timer = setTimeout(() => then(res, req), ms);
    res.on("close", () => clearTimeout(timer));
  };

const defaultAnswer = json(200, { roleNames: ["Admin"] });

/** A server that answers its scripted behaviours in order, then `fallback` (by default a 200 with roles). */
export async function startFaultServer({ fallback = defaultAnswer }: { fallback?: Behaviour } = {}): Promise<FaultServer> {
  const received: Received[] = [];
  let queue: Behaviour[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      received.push({ method: req.method!, target: req.url!, headers: req.headers, body });
      (queue.shift() ?? fallback)(res, req);
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    script: (...behaviours) => {
      queue = behaviours;
      received.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Redirects every request to itself: a redirect loop. */
export const redirectLoop: Behaviour = (res, req) => {
  res.writeHead(302, { location: req.url! });
  res.end();
};

/** What `promise` rejects with; fails the test when it resolves. */
export async function failure(promise: Promise<unknown>): Promise<any> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to fail");
}
