// `startMock` on the run's shared Prism (shared-prism.ts). A module of its own, with nothing
// loaded at import, so other packages' tests can share their run's Prism the same way (their
// vitest config names shared-prism.ts as globalSetup, and they import this file by path).
import { inject } from "vitest";
import { defaultSpecPath, serveMock, type MockOptions, type MockServer, type PrismFor } from "../src/mock.js";
import { supervisePrism } from "../src/prism.js";
import type {} from "./shared-prism.js"; // the provided `sharedPrismUrl`, typed

/**
 * `startMock`, on the run's shared Prism when the options need the one it runs: the same front
 * server and engine, without a Prism start of its own. A file that tests Prism's start-up,
 * supervision or exit uses `startMock`, which starts its own.
 */
export function startMockSharingPrism(options: MockOptions = {}): Promise<MockServer> {
  const prismFor: PrismFor = async (settings) => {
    if (settings.dynamic || settings.seed !== undefined || settings.node || settings.spec !== defaultSpecPath()) return supervisePrism(settings);
    const url = inject("sharedPrismUrl");
    // Not restarted here: the run's setup owns it, and a test that needs a Prism to die starts its own.
    return { url: async () => url, died: async () => false, log: () => "", stop: async () => undefined };
  };
  return serveMock(options, prismFor);
}
