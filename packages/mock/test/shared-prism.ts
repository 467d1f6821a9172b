// One Prism for the whole test run (vitest's globalSetup). Prism keeps no state, and each test
// file's mock keeps its own (journal, faults, state) in its own front server, so files that do not
// test Prism's start-up or supervision share this one instead of paying a start of their own
// (`startMockSharingPrism` in helpers.ts). Started by its own `startPrism`, stopped after the run.
import type { TestProject } from "vitest/node";
import { defaultSpecPath } from "../src/mock.js";
import { startPrism } from "../src/prism.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** The URL of the run's shared Prism, serving the default spec with its examples. */
    sharedPrismUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const prism = await startPrism({ spec: defaultSpecPath() });
  project.provide("sharedPrismUrl", prism.url);
  return () => prism.stop();
}
