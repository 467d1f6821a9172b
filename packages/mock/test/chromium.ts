// A connection of the file's own to the run's shared Chromium (shared-chromium.ts).
import type { Browser } from "playwright-core";
import { inject } from "vitest";
import { connectChromium } from "../../../scripts/chromium.mjs";
import type {} from "./shared-chromium.js"; // the provided `sharedChromiumUrl`, typed

export async function connectSharedChromium(): Promise<Browser> {
  // No time limit of its own: a launch on a loaded machine is bounded by the hook's timeout.
  const response = await fetch(inject("sharedChromiumUrl"));
  const text = await response.text();
  if (!response.ok) throw new Error(`the shared Chromium did not start: ${text}`);
  return connectChromium(text);
}
