// `createHandlers` options as a user passes them (the package by name, msw/node, real fetch): a
// mistake is refused at once with a `HandlerOptionError` naming the option, as the mock server
// refuses its own, instead of handlers that never answer or state that breaks the spec.
import { setupServer } from "msw/node";
import { describe, expect, it } from "vitest";
import { createHandlers, HandlerOptionError, type HandlerOptions } from "@tokenkit/msw";
import { collections } from "../src/engine.js";
import { doc, ops, requestFor } from "./helpers.js";

/** The error `createHandlers(options)` throws; fails when it throws none. */
function refusal(options: unknown): HandlerOptionError {
  try {
    createHandlers(options as HandlerOptions);
  } catch (err) {
    expect(err).toBeInstanceOf(HandlerOptionError);
    return err as HandlerOptionError;
  }
  throw new Error(`createHandlers(${JSON.stringify(options)}) was accepted`);
}

describe("createHandlers refuses an option it cannot use, naming it", () => {
  it.each(["localhost:3000", "/api", "ftp://api.test", "https://api.test/?x=1", ""])("baseUrl %j", (baseUrl) => {
    const err = refusal({ baseUrl });
    expect(err.option).toBe("baseUrl");
    expect(err.message).toMatch(/^baseUrl: must be an absolute http\(s\) URL/);
  });

  it.each([[-5], [1.5], [[400, 100]], [[1, 2, 3]], ["300"], [200_000]])("latency %j", (latency) => {
    const err = refusal({ latency });
    expect(err.option).toBe("latency");
    expect(err.message).toContain("latency: must be whole milliseconds");
  });

  const [collection] = collections(doc, ops);
  it(`stateful fixtures whose ${collection!.key} do not match the spec`, () => {
    const err = refusal({ stateful: { [collection!.key]: [{ id: 7 }] } });
    expect(err.option).toBe("stateful");
    expect(err.message).toMatch(new RegExp(`^stateful: ${collection!.key}\\[0\\] does not match the spec`));
  });

  it("stateful fixtures with a key the state does not keep", () => {
    const err = refusal({ stateful: { [`${collection!.key}x`]: [] } });
    expect(err.message).toContain(`stateful: unknown key "${collection!.key}x" (known: `);
  });

  it("stateful that is neither a boolean nor fixtures", () => {
    expect(refusal({ stateful: "yes" }).message).toMatch(/^stateful: must be true, false or fixtures/);
  });

  it("a spec that is not a parsed OpenAPI document", () => {
    const err = refusal({ spec: "openapi: 3.1.0" });
    expect(err.option).toBe("spec");
    expect(err.message).toContain('an object with "paths"');
  });

  it("onRequest that is not a function", () => {
    expect(refusal({ onRequest: "log" }).option).toBe("onRequest");
  });

  it("a misspelt option", () => {
    const err = refusal({ latancy: 300 });
    expect(err.option).toBe("latancy");
    expect(err.message).toBe("latancy: unknown option (known: baseUrl, stateful, latency, spec, onRequest)");
  });

  it.each([["options", null], ["baseUrl", { baseUrl: null }], ["stateful", { stateful: null }], ["onRequest", { onRequest: null }]])("%s given null says null, not an object", (option, options) => {
    const err = refusal(options);
    expect(err.option).toBe(option);
    expect(err.message).toMatch(/, got null$/);
  });

  it("options given as an array", () => {
    const err = refusal([]);
    expect(err.option).toBe("options");
    expect(err.message).toMatch(/^options: must be an object of .*, got \[\]$/);
  });

  it("spec given null is refused, not taken for the bundled spec", () => {
    const err = refusal({ spec: null });
    expect(err.option).toBe("spec");
    expect(err.message).toMatch(/, got null$/);
  });

  it("valid fixtures, a range and a base URL are taken", () => {
    const stateful = { [collection!.key]: [] };
    expect(createHandlers({ stateful, latency: [0, 0], baseUrl: "http://api.test/base/" }).state()?.[collection!.key as "tokens"]).toEqual([]);
  });
});

it("answers under a base URL spelt with upper-case letters and a default port, as fetch spells it", async () => {
  const mock = createHandlers({ baseUrl: "HTTP://API.Test:80/base/" });
  const server = setupServer(...mock);
  server.listen({ onUnhandledFrame: "error" });
  try {
    const op = ops.find((o) => !o.pathParams.length)!;
    const request = requestFor(op, "http://api.test");
    const response = await fetch(new Request(request.url.replace("http://api.test", "http://api.test/base"), request));
    expect(response.status).toBe(200);
    expect(mock.requests().map((e) => [e.operationId, e.status])).toEqual([[op.operationId, 200]]);
  } finally {
    server.close();
  }
});
