// Mock Service Worker handlers generated from the same spec and examples as the mock server, for
// Storybook, vitest/jsdom and the browser: no server to start.
//
//   import { setupServer } from "msw/node";          // or setupWorker from "msw/browser"
//   import { createHandlers } from "@tokenkit/mock/msw";
//   const server = setupServer(...createHandlers());
//
// They pick answers as Prism does: the first example of the lowest 2xx response; `Prefer:
// code=<status>` and `Prefer: example=<name>` pick another (an undeclared status gets the
// `default` response; an unknown example name a 404 problem document); a request without the
// credentials the operation needs gets its 401, one without a required header or query parameter
// its 400. Like the server they answer an empty path
// parameter and malformed JSON in the API's error shape, and honour `x-mock-delay` and
// `x-mock-fault`. Query and header values and the request body are checked against their
// schemas as Prism checks them: a request the spec does not allow gets the operation's 400 (else
// a 422) with Prism's `sl-violations`. What needs Prism stays on the server: `Prefer:
// dynamic=true`. The schema checks bring Ajv into the bundle (45 kB min+gzip of the 63 kB these
// handlers weigh with the spec, msw aside).
import { delay, http, HttpResponse, type HttpHandler } from "msw";
import bundledSpec from "@tokenkit/types/openapi.json" with { type: "json" };
import { correctedAnswer, faultAnswer, badMockHeader, isJsonType } from "./answers.js";
import { pickDelay, requestedFault, type Latency } from "./faults.js";
import { deref, examplesOf, jsonMedia, matchOperation, operations, successStatus, type Json, type Operation } from "./spec.js";
import { MockState, type StateFixtures } from "./state.js";
import type { Violation } from "./journal.js";
import { jsonSchemaPointer, pointerPart, schemaValidator, type SchemaAt } from "./schemas.js";

export { DELAY_HEADER, FAULT_HEADER, type Latency } from "./faults.js";
export type { StateFixtures } from "./state.js";

export interface HandlerOptions {
  /**
   * Only answer requests to this base URL (e.g. `http://127.0.0.1:4010`, or your production URL).
   * Default: any origin, so the app's own base URL works unchanged.
   */
  baseUrl?: string;
  /** Keep API tokens and groups in memory, as `--stateful` does (optionally from fixtures). Default `false`. */
  stateful?: boolean | StateFixtures;
  /** Delay every answer by this many ms, or by a random amount in `[min, max]`. Default none. */
  latency?: Latency;
  /** The bundled OpenAPI document to answer from. Default: the spec shipped in `@tokenkit/types`. */
  spec?: Json;
}

interface Selected {
  status: number;
  body: unknown;
  contentType: string;
}

/** Prism's `Prefer` header: `code=404`, `example=name`, both comma-separated. */
function parsePrefer(header: string | null): { code?: number; example?: string } {
  const out: { code?: number; example?: string } = {};
  for (const part of (header ?? "").split(/[,;]/)) {
    const [key, value] = part.split("=").map((s) => s.trim());
    if (key === "code" && value && /^\d{3}$/.test(value)) out.code = Number(value);
    if (key === "example" && value) out.example = value;
  }
  return out;
}

const problem = (status: number, type: string, title: string, detail: string): Selected => ({
  status,
  body: { type: `https://stoplight.io/prism/errors#${type}`, title, status, detail },
  contentType: "application/problem+json",
});

/** The answer Prism would pick for this operation, status and example name. */
function select(doc: Json, op: Operation, status: number, exampleName: string | undefined): Selected {
  const response = op.responses[String(status)] ?? op.responses.default;
  if (!response) return problem(500, "NO_RESPONSE_DEFINED", "No response defined", `${op.operationId} declares no ${status} or default response`);
  const examples = examplesOf(doc, jsonMedia(response));
  const example = exampleName === undefined ? examples[0] : examples.find((e) => e.name === exampleName);
  if (!example) {
    return problem(404, "NOT_FOUND", "The server cannot find the requested content", `Response for contentType: application/json and exampleKey: ${exampleName} does not exist.`);
  }
  return { status, body: example.value, contentType: "application/json" };
}

/** Whether the request carries credentials of a scheme the operation accepts (Prism's check). */
function authorized(doc: Json, op: Operation, request: Request): boolean {
  if (!op.security.length || op.security.some((requirement) => Object.keys(requirement).length === 0)) return true;
  const authorization = request.headers.get("authorization") ?? "";
  return op.security.some((requirement) =>
    Object.keys(requirement).every((name) => {
      const scheme = deref<Json>(doc, doc.components?.securitySchemes?.[name]);
      if (scheme?.type === "http") return new RegExp(`^${scheme.scheme}\\s+\\S`, "i").test(authorization);
      if (scheme?.type === "apiKey" && scheme.in === "header") return request.headers.has(scheme.name);
      return true;
    }),
  );
}

/**
 * What Prism finds wrong with a request body: a required body missing, or a JSON body its schema
 * does not allow, in Prism's words (`Request body property name must be string`).
 */
function bodyViolations(doc: Json, validate: SchemaAt, op: Operation, contentType: string | null, text: string): Violation[] {
  const declared = doc.paths[op.path][op.method.toLowerCase()].requestBody;
  if (!declared) return [];
  if (!text) return op.requestBody?.required ? [{ location: ["request"], severity: "Error", code: "required", message: "Body parameter is required" }] : [];
  const pointer = jsonSchemaPointer(doc, `/paths/${pointerPart(op.path)}/${op.method.toLowerCase()}/requestBody`);
  // A JSON body: anything else is not checked (malformed JSON was answered before this).
  if (!pointer || !isJsonType(contentType)) return [];
  return validate(pointer, JSON.parse(text)).map((error) => {
    const path = error.instancePath.split("/").slice(1).map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"));
    const allowed = Array.isArray(error.params?.allowedValues) ? `: ${error.params.allowedValues.join(", ")}` : "";
    const message = `Request body ${path.length ? `property ${path.join(".")} ` : ""}${error.message ?? "is invalid"}${allowed}`;
    return { location: ["request", "body", ...path], severity: "Error", code: error.keyword, message };
  });
}

/** JSON pointer to the schema of `param` (one of `op.parameters`), where the document declares it. */
function parameterSchemaPointer(doc: Json, op: Operation, param: Json): string | undefined {
  const method = op.method.toLowerCase();
  const lists: [Json[] | undefined, string][] = [
    [op.operation.parameters, `/paths/${pointerPart(op.path)}/${method}/parameters`],
    [op.pathItem.parameters, `/paths/${pointerPart(op.path)}/parameters`],
  ];
  for (const [list, at] of lists) {
    const index = (list ?? []).findIndex((p) => deref<Json>(doc, p) === param);
    if (index < 0) continue;
    const declared = list![index]!;
    return `${typeof declared.$ref === "string" ? declared.$ref.slice(1) : `${at}/${index}`}/schema`;
  }
  return undefined;
}

/** A query or header value as Prism reads it for its schema's type: `"true"` is a boolean, `"7"` a number. */
function coerce(value: string, schema: Json | undefined): unknown {
  const type = schema?.type;
  if (type === "boolean") return value === "true" ? true : value === "false" ? false : value;
  if ((type === "integer" || type === "number") && value.trim() !== "" && Number.isFinite(Number(value))) return Number(value);
  return value;
}

/**
 * What Prism finds wrong with the query and header parameters: a required one missing (an empty
 * header counts as missing), or a value its schema does not allow, in Prism's words
 * (`Request query parameter revoked must be boolean`).
 */
function parameterViolations(doc: Json, validate: SchemaAt, op: Operation, url: URL, headers: Headers): Violation[] {
  const violations: Violation[] = [];
  for (const param of op.parameters) {
    if (param.in !== "query" && param.in !== "header") continue;
    const value = param.in === "query" ? url.searchParams.get(param.name) : headers.get(param.name) || null;
    if (value === null) {
      if (param.required) violations.push({ location: ["request", param.in], severity: "Error", code: "required", message: `Request ${param.in} must have required property '${param.name}'` });
      continue;
    }
    const pointer = parameterSchemaPointer(doc, op, param);
    if (!pointer) continue;
    const schema = deref<Json>(doc, param.schema);
    for (const error of validate(pointer, coerce(value, schema))) {
      const allowed = Array.isArray(error.params?.allowedValues) ? `: ${error.params.allowedValues.join(", ")}` : "";
      const message = `Request ${param.in === "query" ? "query" : "header"} parameter ${param.name} ${error.message ?? "is invalid"}${allowed}`;
      violations.push({ location: ["request", param.in, param.name], severity: "Error", code: error.keyword, message });
    }
  }
  return violations;
}

/** One handler per operation of the spec. */
export function createHandlers(options: HandlerOptions = {}): HttpHandler[] {
  const doc = options.spec ?? (bundledSpec as Json);
  const ops = operations(doc);
  const state = options.stateful ? new MockState(doc, ops, options.stateful === true ? {} : options.stateful) : undefined;
  const base = options.baseUrl?.replace(/\/$/, "");
  const validate = schemaValidator(doc);

  return ops.map((op) =>
    http[op.method.toLowerCase() as "get"](
      ({ request }) => {
        const url = new URL(request.url);
        if (base !== undefined && !request.url.startsWith(`${base}/`)) return false;
        const pathname = base === undefined ? url.pathname : url.pathname.slice(new URL(base).pathname.replace(/\/$/, "").length);
        return matchOperation(ops, request.method, pathname)?.operation === op;
      },
      async ({ request }) => {
        const url = new URL(request.url);
        const pathname = base === undefined ? url.pathname : url.pathname.slice(new URL(base).pathname.replace(/\/$/, "").length);
        const match = matchOperation(ops, request.method, pathname)!;
        const reply = (status: number, body: unknown, headers: Record<string, string> = {}) =>
          HttpResponse.json(body as never, { status, headers: { "content-type": "application/json", ...headers } });

        let fault;
        try {
          fault = requestedFault((name) => request.headers.get(name));
        } catch (err) {
          const answer = badMockHeader(doc, ops, op, pathname, (err as Error).message);
          return reply(answer.status, answer.body, answer.headers);
        }
        const wait = pickDelay(fault.delay ?? options.latency);
        if (wait > 0) await delay(wait);
        if (fault.drop) return HttpResponse.error();
        if (fault.status) {
          const answer = faultAnswer(doc, ops, op, pathname, { ...fault, status: fault.status });
          return reply(answer.status, answer.body, answer.headers);
        }

        const text = await request.text();
        const corrected = correctedAnswer(doc, ops, match, pathname, request.headers.get("content-type"), text);
        if (corrected) return reply(corrected.status, corrected.body, corrected.headers);

        const prefer = parsePrefer(request.headers.get("prefer"));
        if (!authorized(doc, op, request)) {
          const answer = select(doc, op, 401, undefined);
          return reply(answer.status, answer.body, { "content-type": answer.contentType });
        }
        // Headers and query parameters, and the body, are checked as Prism checks them, whatever
        // `Prefer` asks for: the operation's 400, else a 422, with `sl-violations`.
        const violations = [
          ...parameterViolations(doc, validate, op, url, request.headers),
          ...bodyViolations(doc, validate, op, request.headers.get("content-type"), text),
        ];
        if (violations.length) {
          const rejected = select(doc, op, op.responses["400"] ? 400 : 422, undefined);
          return reply(rejected.status, rejected.body, { "content-type": rejected.contentType, "sl-violations": JSON.stringify(violations) });
        }
        const answer = select(doc, op, prefer.code ?? Number(successStatus(op) ?? 200), prefer.example);
        if (state && !request.headers.has("prefer") && answer.status >= 200 && answer.status < 300) {
          let body: unknown;
          try {
            body = text ? JSON.parse(text) : undefined;
          } catch {
            body = undefined;
          }
          const stateful = state.answer(op, { params: match.params, query: url.searchParams, body }, { status: answer.status, body: answer.body });
          return reply(stateful.status, stateful.body);
        }
        return reply(answer.status, answer.body, { "content-type": answer.contentType });
      },
    ),
  );
}
