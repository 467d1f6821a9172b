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
import { correctedAnswer, faultAnswer, badMockHeader } from "./answers.js";
import { pickDelay, requestedFault, type Latency } from "./faults.js";
import { deref, examplesOf, isJsonType, jsonMedia, matchOperation, operations, successStatus, type Json, type Match, type Operation } from "./spec.js";
import { MockState, type StateFixtures } from "./state.js";
import type { ErrorObject } from "ajv";
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

/** Where an operation's request is checked: each query and header parameter's schema, and the body's. */
interface RequestSchemas {
  parameters: { param: Json; pointer: string | undefined; schema: Json | undefined }[];
  /** Undefined when the operation takes no body. */
  body: { required: boolean; pointer: string | undefined } | undefined;
}

/** The schemas of `op`'s request, by JSON pointer into the document (worked out once per operation). */
function requestSchemas(doc: Json, op: Operation): RequestSchemas {
  const at = `/paths/${pointerPart(op.path)}`;
  const method = op.method.toLowerCase();
  /** Where the document declares `param`: in the operation's list, else the path item's. */
  const pointer = (param: Json) => {
    for (const [list, listAt] of [[op.operation.parameters, `${at}/${method}/parameters`], [op.pathItem.parameters, `${at}/parameters`]] as const) {
      const index = ((list as Json[] | undefined) ?? []).findIndex((p) => deref<Json>(doc, p) === param);
      if (index < 0) continue;
      const declared = (list as Json[])[index]!;
      return `${typeof declared.$ref === "string" ? declared.$ref.slice(1) : `${listAt}/${index}`}/schema`;
    }
    return undefined;
  };
  return {
    parameters: op.parameters.filter((p) => p.in === "query" || p.in === "header").map((param) => ({ param, pointer: pointer(param), schema: deref<Json>(doc, param.schema) })),
    body: op.requestBody && { required: !!op.requestBody.required, pointer: jsonSchemaPointer(doc, `${at}/${method}/requestBody`) },
  };
}

/** A schema violation in Prism's words: `Request body property name must be string`. */
function violation(subject: string, location: string[], error: ErrorObject): Violation {
  const allowed = Array.isArray(error.params?.allowedValues) ? `: ${error.params.allowedValues.join(", ")}` : "";
  return { location, severity: "Error", code: error.keyword, message: `${subject} ${error.message ?? "is invalid"}${allowed}` };
}

/** A query or header value as Prism reads it for its schema's type: `"true"` is a boolean, `"7"` a number. */
function coerce(value: string, schema: Json | undefined): unknown {
  const type = schema?.type;
  if (type === "boolean") return value === "true" ? true : value === "false" ? false : value;
  if ((type === "integer" || type === "number") && value.trim() !== "" && Number.isFinite(Number(value))) return Number(value);
  return value;
}

/**
 * What Prism finds wrong with a request: a required query or header parameter missing (an empty
 * header counts as missing), a value its schema does not allow, a required body missing, or a
 * JSON body its schema does not allow (`body` is the parsed JSON; malformed JSON was answered
 * before this).
 */
function requestViolations(validate: SchemaAt, schemas: RequestSchemas, url: URL, request: Request, text: string, body: unknown): Violation[] {
  const violations: Violation[] = [];
  for (const { param, pointer, schema } of schemas.parameters) {
    const value = param.in === "query" ? url.searchParams.get(param.name) : request.headers.get(param.name) || null;
    if (value === null) {
      if (param.required) violations.push({ location: ["request", param.in], severity: "Error", code: "required", message: `Request ${param.in} must have required property '${param.name}'` });
    } else if (pointer) {
      for (const error of validate(pointer, coerce(value, schema))) violations.push(violation(`Request ${param.in} parameter ${param.name}`, ["request", param.in, param.name], error));
    }
  }
  if (!schemas.body) return violations;
  if (!text) {
    if (schemas.body.required) violations.push({ location: ["request"], severity: "Error", code: "required", message: "Body parameter is required" });
  } else if (schemas.body.pointer && isJsonType(request.headers.get("content-type"))) {
    for (const error of validate(schemas.body.pointer, body)) {
      const path = error.instancePath.split("/").slice(1).map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"));
      violations.push(violation(`Request body${path.length ? ` property ${path.join(".")}` : ""}`, ["request", "body", ...path], error));
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
  const basePath = base === undefined ? "" : new URL(base).pathname.replace(/\/$/, "");
  const validate = schemaValidator(doc);
  // Every handler's predicate asks which operation a request is for: the answer is worked out once.
  const matches = new WeakMap<Request, { pathname: string; match: Match | undefined } | null>();
  const matchOf = (request: Request) => {
    let found = matches.get(request);
    if (found === undefined) {
      const pathname = new URL(request.url).pathname.slice(basePath.length);
      found = base !== undefined && !request.url.startsWith(`${base}/`) ? null : { pathname, match: matchOperation(ops, request.method, pathname) };
      matches.set(request, found);
    }
    return found;
  };

  return ops.map((op) => {
    const schemas = requestSchemas(doc, op);
    return http[op.method.toLowerCase() as "get"](
      ({ request }) => matchOf(request)?.match?.operation === op,
      async ({ request }) => {
        const url = new URL(request.url);
        const { pathname, match } = matchOf(request) as { pathname: string; match: Match };
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
        const body = parseJson(text);
        const violations = requestViolations(validate, schemas, url, request, text, body);
        if (violations.length) {
          const rejected = select(doc, op, op.responses["400"] ? 400 : 422, undefined);
          return reply(rejected.status, rejected.body, { "content-type": rejected.contentType, "sl-violations": JSON.stringify(violations) });
        }
        const answer = select(doc, op, prefer.code ?? Number(successStatus(op) ?? 200), prefer.example);
        if (state && !request.headers.has("prefer") && answer.status >= 200 && answer.status < 300) {
          const stateful = state.answer(op, { params: match.params, query: url.searchParams, body }, { status: answer.status, body: answer.body });
          return reply(stateful.status, stateful.body);
        }
        return reply(answer.status, answer.body, { "content-type": answer.contentType });
      },
    );
  });
}

/** The body as JSON, or undefined when there is none or it is not JSON. */
function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}
