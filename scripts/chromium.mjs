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
