// One Chromium for the whole test run (vitest's globalSetup), for the files that drive a browser:
// each connects on its own (`connectSharedChromium`) and closes only its own connection, with its
// pages and contexts. Launched on the first file's ask, not at setup, so a run without browser
// tests never starts it; closed after the run by its own BrowserServer.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { BrowserServer } from "playwright-core";
import type { TestProject } from "vitest/node";
import { launchChromiumServer } from "../../../scripts/chromium.mjs";

declare module "vitest" {
  export interface ProvidedContext {
    /** A loopback URL that answers the shared Chromium's WebSocket endpoint, launching it on the first ask. */
    sharedChromiumUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let launched: Promise<BrowserServer> | undefined;
  const server = createServer((_, res) => {
    launched ??= launchChromiumServer();
    launched.then(
      (browser) => res.writeHead(200, { "Content-Type": "text/plain" }).end(browser.wsEndpoint()),
      (err: unknown) => res.writeHead(500, { "Content-Type": "text/plain" }).end(String(err)),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  project.provide("sharedChromiumUrl", `http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
  return async () => {
    await new Promise((resolve) => server.close(resolve));
    await (await launched?.catch(() => undefined))?.close();
  };
}
