// What the tests read from the spec: its operations, one valid request per operation built from
// the spec's own examples, and a validator for response bodies. Nothing here lists operations.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { defaultSpecPath, readSpec } from "../src/mock.js";
import { exampleRequest, responseExamples } from "@tokenkit/spec-model";
import { examplesOf, jsonMedia, operations, successStatus, type Json, type Operation } from "@tokenkit/msw/engine";
import { responseValidator } from "@tokenkit/msw/engine";

export const doc: Json = readSpec(defaultSpecPath());
export const ops: Operation[] = operations(doc);
export const validator = responseValidator(doc);
// With the organization header, which the BlendVision operations that take it require.
export const auth = { Authorization: "Bearer dev", "Content-Type": "application/json", "x-bv-org-id": "dev-org" };
export const timeout = () => AbortSignal.timeout(10_000);

/** The example value of a path parameter, from the spec. */
export function paramExample(op: Operation, name: string): string {
  return String(exampleRequest(doc, op).path[name] ?? "x");
}

export interface ExampleRequest {
  op: Operation;
  method: string;
  path: string;
  body: unknown;
  /** The first example of the success response. */
  expected: unknown;
}

/** One request per operation built from the spec's examples, and the body Prism answers it with. */
export const exampleRequests: ExampleRequest[] = ops.map((op) => {
  const { url, body } = exampleRequest(doc, op);
  return { op, method: op.method, path: url, body, expected: responseExamples(doc, op, successStatus(op)!)[0]?.value };
});

/** The error responses' status the operation declares for `status`, else its `default`. */
export function errorStatusFor(op: Operation, status: number): string {
  return op.responses[String(status)] ? String(status) : "default";
}

/** The keys of the first example of that error response: the family's error shape. */
export function errorShape(op: Operation, status: number): string[] {
  const example = examplesOf(doc, jsonMedia(op.responses[errorStatusFor(op, status)]))[0]?.value as Json;
  return Object.keys(example).sort();
}

export interface PreferCase {
  name: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

/** Every answer the spec documents, asked for the way a frontend asks: with Prefer. */
export const preferCases: PreferCase[] = exampleRequests.flatMap((r) => {
  const body = r.body === undefined ? undefined : JSON.stringify(r.body);
  const base = { method: r.method, path: r.path, body };
  const id = r.op.operationId;
  const documented = Object.keys(r.op.responses)
    .filter((status) => /^\d{3}$/.test(status))
    .flatMap((status) =>
      examplesOf(doc, jsonMedia(r.op.responses[status])).map((example) => ({
        ...base,
        name: `${id} ${status} ${example.name}`,
        headers: { ...auth, Prefer: `code=${status}, example=${example.name}` },
      })),
    );
  return [
    { ...base, name: `${id} default answer`, headers: auth },
    ...documented,
    { ...base, name: `${id} an undeclared status (the default response)`, headers: { ...auth, Prefer: "code=418" } },
    { ...base, name: `${id} an unknown example`, headers: { ...auth, Prefer: "example=no-such-example" } },
    { ...base, name: `${id} without credentials`, headers: { "Content-Type": "application/json" } },
    ...r.op.parameters
      .filter((p) => p.required && p.in === "header")
      .map((p) => ({ ...base, name: `${id} without the required header ${p.name}`, headers: Object.fromEntries(Object.entries(auth).filter(([h]) => h.toLowerCase() !== String(p.name).toLowerCase())) })),
  ];
});

/** The built command, as the published package runs it. */
export const cli = fileURLToPath(new URL("../dist/cli.js", import.meta.url));

/** Starts the command with these arguments and waits until it prints its URL. */
export async function startCli(args: string[]) {
  const started = { child: spawn(process.execPath, [cli, ...args], { stdio: ["ignore", "pipe", "pipe"] }), output: "", url: "" };
  started.child.stdout!.on("data", (c) => (started.output += c));
  started.child.stderr!.on("data", (c) => (started.output += c));
  const deadline = Date.now() + 90_000;
  while (!/listening on (\S+)/.test(started.output)) {
    if (Date.now() > deadline || started.child.exitCode !== null) throw new Error(`mock did not start:\n${started.output}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  started.url = /listening on (\S+)/.exec(started.output)![1]!;
  return started;
}

export { startMockSharingPrism } from "./mock-sharing-prism.js";
