// The engine as a proxy, in process: what it checks in the service's answers (specChecker's
// `response`) and what it passes on. The backend here is a function standing in for the service;
// the real process against a fake service on loopback is in @tokenkit/mock's proxy tests.
import { describe, expect, it } from "vitest";
import { deref, examplesOf, jsonMedia, MockEngine, specChecker, toResponse, type BackendCall, type Json, type Operation, type Reply } from "../src/engine.js";
import { doc, ops, requestFor } from "./helpers.js";

const ORIGIN = "http://api.test";
const checker = specChecker(doc);
const json = (status: number, body: unknown): { status: number; headers: Record<string, string>; text: string } => ({ status, headers: { "content-type": "application/json" }, text: JSON.stringify(body) });

/** Every example answer the spec documents, by operation and status. */
const documented = ops.flatMap((op) =>
  Object.entries(op.responses)
    .filter(([status]) => /^\d{3}$/.test(status))
    .flatMap(([status, response]) => examplesOf(doc, jsonMedia(response)).map((example) => ({ op, status: Number(status), name: `${op.operationId} ${status} ${example.name}`, body: example.value }))),
);

/** An object inside the first example of `op`'s success answer, with its schema: where a field can be added or changed. */
function nestedObject(op: Operation): { example: Json; path: string[] } | undefined {
  const example = documented.find((d) => d.op === op && d.status < 300)?.body;
  const walk = (value: unknown, path: string[]): { example: Json; path: string[] } | undefined => {
    if (!value || typeof value !== "object") return undefined;
    for (const [key, child] of Object.entries(value)) {
      if (child && typeof child === "object" && !Array.isArray(child) && Object.keys(child).length) return { example: example as Json, path: [...path, key] };
      const deeper = Array.isArray(child) ? walk(child[0], [...path, key, "0"]) : undefined;
      if (deeper) return deeper;
    }
    return undefined;
  };
  return walk(example, []);
}

describe("the answer checks", () => {
  it.each(documented.map((d) => [d.name, d] as const))("find nothing in the spec's own example %s", (_, d) => {
    expect(checker.response(d.op, json(d.status, d.body))).toEqual([]);
  });

  const nested = ops.map((op) => [op, nestedObject(op)] as const).filter((pair): pair is readonly [Operation, { example: Json; path: string[] }] => pair[1] !== undefined);
  it("has a nested object to work on", () => expect(nested.length).toBeGreaterThan(0));

  it.each(nested.map(([op, n]) => [op.operationId, op, n] as const))("%s: an undocumented field deep in the body, by its JSON pointer", (_, op, { example, path }) => {
    const body = structuredClone(example);
    const target = path.reduce<Json>((node, key) => node[key], body);
    target.notInTheSpec = 1;
    const status = Object.keys(op.responses).find((s) => /^2\d\d$/.test(s))!;
    expect(checker.response(op, json(Number(status), body))).toEqual([expect.objectContaining({ code: "undocumented_field", pointer: `/${[...path, "notInTheSpec"].join("/")}`, location: ["response", "body", ...path, "notInTheSpec"] })]);
  });

  it.each(nested.map(([op, n]) => [op.operationId, op, n] as const))("%s: a required field missing, a declared status with a body of another type", (_, op, { example, path }) => {
    const status = Object.keys(op.responses).find((s) => /^2\d\d$/.test(s))!;
    const schema = deref<Json>(doc, jsonMedia(op.responses[status])?.schema)!;
    const required = (schema.required as string[] | undefined)?.find((field) => field in example);
    if (required) {
      const { [required]: _dropped, ...rest } = example;
      expect(checker.response(op, json(Number(status), rest))).toEqual([expect.objectContaining({ code: "missing_field", pointer: `/${required}` })]);
    }
    expect(checker.response(op, json(Number(status), [example]))).toEqual([expect.objectContaining({ code: "wrong_type", pointer: "" })]);
    expect(path.length).toBeGreaterThan(0);
  });

  it("a body that is not JSON, or not declared as JSON, is named", () => {
    const op = documented[0]!.op;
    expect(checker.response(op, { status: documented[0]!.status, headers: { "content-type": "application/json" }, text: "<html>" })).toEqual([expect.objectContaining({ code: "invalid_json" })]);
    expect(checker.response(op, { status: documented[0]!.status, headers: { "content-type": "text/html" }, text: "<html>" })).toEqual([expect.objectContaining({ code: "content_type" })]);
  });
});

describe("the engine as a proxy", () => {
  const op = documented.find((d) => d.status < 300)!.op;
  const bytes = new Uint8Array([0x7b, 0x7d, 0x0a, 0xff]); // "{}\n" and a byte no UTF-8 text has
  const calls: BackendCall[] = [];
  const backend = async (call: BackendCall): Promise<Reply> => (calls.push(call), { status: 200, headers: { "content-type": "application/json", "x-trace": "t1" }, body: bytes });
  const engine = new MockEngine({ doc, backend, proxy: true, stateful: true });

  it("passes on the request as sent, less the x-mock-* headers, and the answer's bytes unchanged", async () => {
    const request = requestFor(op, ORIGIN, { headers: { authorization: "Bearer real-token", "x-mock-delay": "1", "content-type": "text/plain" } });
    const sent = new Uint8Array(await request.clone().arrayBuffer());
    const outcome = await engine.handle(request);
    outcome.finish();
    const call = calls.at(-1)!;
    expect(call.headers.get("authorization")).toBe("Bearer real-token");
    expect(call.headers.get("content-type")).toBe("text/plain");
    expect(call.headers.has("x-mock-delay")).toBe(false);
    expect([...call.bytes]).toEqual([...sent]);
    const response = toResponse(outcome.reply!);
    expect(response.headers.get("x-trace")).toBe("t1");
    expect([...new Uint8Array(await response.arrayBuffer())]).toEqual([...bytes]);
    expect(outcome.entry.headers.authorization).toBe("Bearer ***");
    // No state through the proxy, even when asked for.
    expect(engine.state()).toBeUndefined();
  });

  it("records a request for no operation of the spec, and passes it on", async () => {
    const outcome = await engine.handle(new Request(`${ORIGIN}/not/in/the/spec`));
    outcome.finish();
    expect(calls.at(-1)!.url.pathname).toBe("/not/in/the/spec");
    expect(outcome.entry.violations[0]).toMatchObject({ code: "undocumented_operation" });
    expect(engine.violations().at(-1)).toMatchObject({ operationId: null, requests: 1 });
  });
});
