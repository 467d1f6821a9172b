// @ts-check
// Launches the system Chromium (Debian's `chromium` package) through playwright-core.
// Nothing is downloaded: when Chromium is missing, this fails with how to install it.
import { existsSync } from "node:fs";
import { chromium } from "playwright-core";

const CANDIDATES = /** @type {string[]} */ ([process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"].filter(Boolean));

// Flags that keep a headless Chromium from calling home on a machine without internet.
const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

export function chromiumPath() {
  const found = CANDIDATES.find((p) => existsSync(p));
  if (!found) {
    throw new Error(
      "Chromium not found. Install Debian's package (sudo apt-get update && sudo apt-get install -y chromium) or set CHROMIUM_PATH.",
    );
  }
  return found;
}

/** @returns {Promise<import("playwright-core").Browser>} */
export function launchChromium() {
  return chromium.launch({ executablePath: chromiumPath(), args: ARGS, headless: true });
}

/**
 * The same Chromium, as a server several test files reach with `connectChromium`: one launch
 * for a test run instead of one per file.
 * @returns {Promise<import("playwright-core").BrowserServer>}
 */
export function launchChromiumServer() {
  // Bound to loopback: nothing but this machine's tests can drive it.
  return chromium.launchServer({ executablePath: chromiumPath(), args: ARGS, headless: true, host: "127.0.0.1" });
}

/**
 * A connection of its own to a `launchChromiumServer` Chromium: closing it closes its pages and
 * contexts, not the shared browser.
 * @param {string} wsEndpoint
 * @returns {Promise<import("playwright-core").Browser>}
 */
export function connectChromium(wsEndpoint) {
  return chromium.connect(wsEndpoint);
}
