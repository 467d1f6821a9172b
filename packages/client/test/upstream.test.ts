// The client against StackRox's own definition: Prism serves the vendored upstream Swagger 2.0
// file (spec/upstream/stackrox), so a request it accepts is one upstream accepts, and a body it
// generates dynamically (every field filled) is one upstream may send. Each StackRox operation
// the upstream file declares is called with our spec's request examples; what comes back, success
// and error, must validate against our spec's response schemas.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { declaredStatuses, type Operation } from "@tokenkit/spec-model";
import { readSpec, responseValidator, startMock, type MockServer } from "@tokenkit/mock";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { APIError, createClient, type TokenkitClient } from "../src/index.js";
import { pathStyle, spec, specOperations } from "./spec-examples.js";

const UPSTREAM = join(dirname(fileURLToPath(import.meta.url)), "../../../spec/upstream/stackrox/api_token_service.swagger.json");
const upstream = readSpec(UPSTREAM);
// Dynamic bodies are random: a few draws per operation catch fields that only appear sometimes.
const DRAWS = 5;

const declaredUpstream = (op: Operation) => Boolean(upstream.paths?.[op.path]?.[op.method.toLowerCase()]);
const stackrox = specOperations.filter((op) => op.api === "stackrox");
const covered = stackrox.filter(declaredUpstream);

/** Problems of `body` against our spec's schema for `op`'s response `status`; empty when valid. */
const checkBody = responseValidator(spec).check;


let mock: MockServer;
let client: TokenkitClient;

beforeAll(async () => {
  mock = await startMock({ spec: UPSTREAM, dynamic: true });
  client = createClient({ token: "upstream-test-token", baseUrl: mock.url, timeout: 10_000, maxRetries: 0 });
});
afterAll(() => mock?.stop());

describe("the upstream StackRox definition", () => {
  it("declares operations of ours to check against", () => {
    expect(covered.length).toBeGreaterThan(0);
  });
});

describe.each(covered.map((op) => [op.operationId, op] as const))("%s against upstream", (_, op) => {
  const success = String(Math.min(...declaredStatuses(op).filter((s) => s < 300)));

  it("is accepted, and every success body upstream can send fits our schema", async () => {
    for (let draw = 0; draw < DRAWS; draw++) {
      const { data, error, response } = await pathStyle(client, op, { Prefer: "dynamic=true" });
      expect(error, response.headers.get("sl-violations") ?? undefined).toBeUndefined();
      expect(String(response.status)).toBe(success);
      expect(checkBody(op, success, data)).toEqual([]);
    }
  });

  it("hands back every error body upstream can send as a typed error fitting our schema", async () => {
    // Upstream declares its errors as the `default` response; ask Prism for one as a 500.
    const status = op.responses["500"] ? "500" : "default";
    for (let draw = 0; draw < DRAWS; draw++) {
      const { data, error, response } = await pathStyle(client, op, { Prefer: "code=500, dynamic=true" });
      expect(response.status).toBe(500);
      expect(data).toBeUndefined();
      expect(error).toBeInstanceOf(APIError);
      expect(checkBody(op, status, error!.body)).toEqual([]);
    }
  });
});
