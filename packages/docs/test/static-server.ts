// A tiny static file server for dist/, on 127.0.0.1 and a free port. It serves the site under
// a sub-path, as GitHub Pages does for a project site (https://<owner>.github.io/<repo>/).
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import { extname, join, normalize } from "node:path";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".json": "application/json",
  ".yaml": "text/yaml; charset=utf-8",
  ".png": "image/png",
};

export interface StaticServer {
  /** URL of the site root, ending in `/`. */
  url: string;
  close(): Promise<void>;
}

export async function serveStatic(root: string, base = "/site/"): Promise<StaticServer> {
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    const relative = path.startsWith(base) ? normalize(path.slice(base.length) || "index.html") : null;
    if (relative === null || relative.startsWith("..")) {
      res.writeHead(404).end();
      return;
    }
    try {
      const body = await readFile(join(root, relative));
      res.writeHead(200, { "Content-Type": TYPES[extname(relative)] ?? "application/octet-stream" }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}${base}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
