// @ts-check
// A tiny static file server for browser tests, on 127.0.0.1 and a free port. Files are served
// under `base` (e.g. "/tokenkit/", as GitHub Pages serves a project site); anything that would
// leave `root` is a 404.
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import { extname, join, normalize } from "node:path";

/** @type {Record<string, string>} */
const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript",
  ".json": "application/json",
  ".yaml": "text/yaml; charset=utf-8",
  ".png": "image/png",
};

/**
 * @typedef {object} StaticServer
 * @property {string} url URL of the served root, ending in `/`.
 * @property {() => Promise<void>} close
 */

/**
 * @param {string} root folder to serve
 * @param {string} [base] URL path the folder appears under
 * @returns {Promise<StaticServer>}
 */
export async function serveStatic(root, base = "/") {
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
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve(undefined));
  });
  const address = /** @type {import("node:net").AddressInfo} */ (server.address());
  return {
    url: `http://127.0.0.1:${address.port}${base}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
