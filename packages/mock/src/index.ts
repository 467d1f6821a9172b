// Starts the mock server on the bundled spec and hands back its URL: a front server (journal,
// faults, state, the API's own error shapes) in front of a Prism process of its own (validation,
// examples, `Prefer`), or, with `proxy`, in front of the real service, checking its traffic
// against the spec. Used by the `npm run mock` command and by apps' own tests.
import { serveMock, type MockOptions, type MockServer } from "./mock.js";
import { supervisePrism } from "./prism.js";

export { defaultSpecPath, MockOptionError, PortInUseError, readSpec, type MockOptions, type MockServer } from "./mock.js";
export { freePort, checkPrismNode } from "./prism.js";
export { responseValidator, formatEntry, type ResponseValidator, DELAY_HEADER, FAULT_HEADER, type Fault, type FaultRule, type Latency, type JournalEntry, type Violation, type StateFixtures, type MockControls, type OperationViolations, type ViolationCount } from "@tokenkit/msw/engine";

/**
 * Starts the mock and resolves once it answers. With `port: 0` (the default) a free port is
 * chosen. A taken port rejects with a `PortInUseError` before Prism is started.
 */
export function startMock(options: MockOptions = {}): Promise<MockServer> {
  return serveMock(options, supervisePrism);
}
