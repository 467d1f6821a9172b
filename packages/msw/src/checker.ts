// The inline checker: the backend of the MSW handlers, answering what the engine (engine.ts)
// passes on as Prism answers it behind the server, without a server. It picks answers as Prism
// does: the first example of the lowest 2xx response; `Prefer: code=<status>` and `Prefer:
// example=<name>` pick another (an undeclared status gets the `default` response; an unknown
// example name a 404 problem document); a request without the credentials the operation needs
// gets its 401. Query and header values and the request body are checked against their schemas
// as Prism checks them: a request the spec does not allow gets the operation's 400 (else a 422)
// with Prism's `sl-violations`. What needs Prism stays on the server: `Prefer: dynamic=true`.
// The tests run one table of cases through this and through Prism and compare the answers.
// The same checks, with answers checked too (`specChecker`), are what the proxy records.
import type { ErrorObject } from "ajv";
import type { Backend, Reply } from "./engine.js";
import type { Violation } from "./journal.js";
import { jsonSchemaPointer, pointerPart, schemaValidator, type SchemaAt } from "./schemas.js";
import { deref, examplesOf, isJsonType, jsonMedia, operations, successStatus, type Json, type Operation } from "./spec.js";

interface Selected {
  status: number;
  body: unknown;
  contentType: string;
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
function authorized(doc: Json, op: Operation, headers: Headers): boolean {
  if (!op.authenticated) return true;
  const authorization = headers.get("authorization") ?? "";
  return op.security.some((requirement) =>
    Object.keys(requirement).every((name) => {
      const scheme = deref<Json>(doc, doc.components?.securitySchemes?.[name]);
      if (scheme?.type === "http") return new RegExp(`^${scheme.scheme}\\s+\\S`, "i").test(authorization);
      if (scheme?.type === "apiKey" && scheme.in === "header") return headers.has(scheme.name);
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

/** The decoded segments of where in the value an Ajv error is. */
const instanceParts = (error: ErrorObject) => error.instancePath.split("/").slice(1).map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"));

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
function requestViolations(validate: SchemaAt, schemas: RequestSchemas, url: URL, headers: Headers, text: string, body: unknown): Violation[] {
  const violations: Violation[] = [];
  for (const { param, pointer, schema } of schemas.parameters) {
    const value = param.in === "query" ? url.searchParams.get(param.name) : headers.get(param.name) || null;
    if (value === null) {
      if (param.required) violations.push({ location: ["request", param.in], severity: "Error", code: "required", message: `Request ${param.in} must have required property '${param.name}'` });
    } else if (pointer) {
      for (const error of validate(pointer, coerce(value, schema))) violations.push(violation(`Request ${param.in} parameter ${param.name}`, ["request", param.in, param.name], error));
    }
  }
  if (!schemas.body) return violations;
  if (!text) {
    if (schemas.body.required) violations.push({ location: ["request"], severity: "Error", code: "required", message: "Body parameter is required" });
  } else if (schemas.body.pointer && isJsonType(headers.get("content-type"))) {
    for (const error of validate(schemas.body.pointer, body)) {
      const path = instanceParts(error);
      violations.push(violation(`Request body${path.length ? ` property ${path.join(".")}` : ""}`, ["request", "body", ...path], error));
    }
  }
  return violations;
}

/** Prism's violation for a request without the credentials the operation needs. */
export const MISSING_CREDENTIALS: Violation = { location: ["request"], severity: "Error", code: 401, message: "Invalid security scheme used" };

/** An answer as the proxy checks it: its status, headers (lower-case names) and body text. */
export interface Answer {
  status: number;
  headers: Record<string, string>;
  text: string;
}

/** Checks requests and answers against the spec: the mock's backends and the proxy share it. */
export interface SpecChecker {
  /** What a request gets wrong (as Prism finds it), and whether it carries credentials the operation accepts. */
  request(op: Operation, url: URL, headers: Headers, text: string, body: unknown): { violations: Violation[]; authorized: boolean };
  /**
   * What an answer gets wrong: a status the operation does not declare, a body its schema does
   * not allow (an undocumented field, a wrong type, a missing required field), a required
   * header absent. Each violation carries the JSON pointer of the value at fault.
   */
  response(op: Operation, answer: Answer): Violation[];
}

/** A JSON pointer from its decoded segments. */
const pointerOf = (parts: string[]) => parts.map((p) => `/${pointerPart(p)}`).join("");

/** The kind of disagreement an Ajv error is, by keyword. */
const KIND: Record<string, string> = { unevaluatedProperties: "undocumented_field", required: "missing_field", type: "wrong_type" };

/** An answer's body against its schema: each problem with the pointer of the value at fault. */
function bodyViolations(validate: SchemaAt, pointer: string, body: unknown, status: string): Violation[] {
  return validate(pointer, body).map((error) => {
    const at = instanceParts(error);
    const field = (error.params as { unevaluatedProperty?: string; missingProperty?: string }).unevaluatedProperty ?? (error.params as { missingProperty?: string }).missingProperty;
    const parts = field === undefined ? at : [...at, field];
    const where = pointerOf(parts) || "the body";
    const message =
      error.keyword === "unevaluatedProperties"
        ? `${where} is not in the spec (${status} response)`
        : error.keyword === "required"
          ? `${where} is required by the spec but missing (${status} response)`
          : `${where} ${error.message ?? "is invalid"}${Array.isArray(error.params?.allowedValues) ? `: ${error.params.allowedValues.join(", ")}` : ""} (${status} response)`;
    return { location: ["response", "body", ...parts], severity: "Error", code: KIND[error.keyword] ?? error.keyword, message, pointer: pointerOf(parts) };
  });
}

export function specChecker(doc: Json): SpecChecker {
  const validate = schemaValidator(doc);
  const schemasOf = new Map(operations(doc).map((op) => [op.operationId, requestSchemas(doc, op)]));
  // Answers are checked against closed schemas (an undocumented field is reported); compiled
  // only when an answer is checked, which the MSW handlers never do.
  let closed: SchemaAt | undefined;
  return {
    request: (op, url, headers, text, body) => ({ violations: requestViolations(validate, schemasOf.get(op.operationId)!, url, headers, text, body), authorized: authorized(doc, op, headers) }),
    response(op, answer) {
      closed ??= schemaValidator(doc, { closed: true });
      const violations: Violation[] = [];
      const declared = Object.keys(op.responses);
      const status = [String(answer.status), `${String(answer.status)[0]}XX`].find((s) => op.responses[s]) ?? (op.responses.default ? "default" : undefined);
      if (status !== String(answer.status) && !status?.endsWith("XX")) {
        violations.push({ location: ["response", "status"], severity: "Error", code: "undocumented_status", message: `status ${answer.status} is not in the spec (it declares ${declared.join(", ")})`, pointer: "" });
      }
      if (status === undefined) return violations;
      const at = `/paths/${pointerPart(op.path)}/${op.method.toLowerCase()}/responses/${pointerPart(status)}`;
      const response = deref<Json>(doc, op.responses[status]);
      for (const [name, header] of Object.entries<Json>(response?.headers ?? {})) {
        if (deref<Json>(doc, header)?.required && answer.headers[name.toLowerCase()] === undefined) {
          violations.push({ location: ["response", "header", name], severity: "Error", code: "missing_header", message: `header ${name} is required by the spec but missing (${status} response)`, pointer: "" });
        }
      }
      const schema = jsonSchemaPointer(doc, at);
      const contentType = answer.headers["content-type"];
      if (!schema) {
        if (answer.text) violations.push({ location: ["response", "body"], severity: "Error", code: "undocumented_body", message: `the spec declares no JSON body for ${status}, got ${answer.text.length} characters of ${contentType ?? "unknown type"}`, pointer: "" });
      } else if (!isJsonType(contentType)) {
        violations.push({ location: ["response", "header", "content-type"], severity: "Error", code: "content_type", message: `content-type is ${contentType ?? "missing"}, the spec declares JSON (${status} response)`, pointer: "" });
      } else {
        let body: unknown;
        try {
          body = JSON.parse(answer.text);
        } catch (err) {
          violations.push({ location: ["response", "body"], severity: "Error", code: "invalid_json", message: `the body is not valid JSON (${(err as Error).message})`, pointer: "" });
          return violations;
        }
        violations.push(...bodyViolations(closed, schema, body, status));
      }
      return violations;
    },
  };
}

/** A backend answering from the spec alone, as Prism would. */
export function inlineChecker(doc: Json): Backend {
  const checker = specChecker(doc);
  const send = (answer: Selected, headers: Record<string, string> = {}): Reply => ({
    status: answer.status,
    headers: { "content-type": answer.contentType, ...headers },
    body: JSON.stringify(answer.body),
  });
  return async ({ url, headers, text, body, match, prefer }) => {
    if (!match) return send(problem(404, "NO_PATH_MATCHED_ERROR", "Route not resolved, no path matched", `The route ${url.pathname} hasn't been found in the specification file`));
    const op = match.operation;
    // Headers, query parameters and the body are checked as Prism checks them, whatever `Prefer`
    // asks for: the operation's 400, else a 422, with `sl-violations`. Without credentials the
    // answer is the 401, and the violations come with it.
    const { violations, authorized } = checker.request(op, url, headers, text, body);
    if (!authorized) return send(select(doc, op, 401, undefined), { "sl-violations": JSON.stringify([MISSING_CREDENTIALS, ...violations]) });
    if (violations.length) return send(select(doc, op, op.responses["400"] ? 400 : 422, undefined), { "sl-violations": JSON.stringify(violations) });
    return send(select(doc, op, prefer.code ?? Number(successStatus(op) ?? 200), prefer.example));
  };
}
