// The inline checker: the backend of the MSW handlers, answering what the engine (engine.ts)
// passes on as Prism answers it behind the server, without a server. It picks answers as Prism
// does: the first example of the lowest 2xx response; `Prefer: code=<status>` and `Prefer:
// example=<name>` pick another (an undeclared status gets the `default` response; an unknown
// example name a 404 problem document); a request without the credentials the operation needs
// gets its 401. Query and header values and the request body are checked against their schemas
// as Prism checks them: a request the spec does not allow gets the operation's 400 (else a 422)
// with Prism's `sl-violations`. What needs Prism stays on the server: `Prefer: dynamic=true`.
// The tests run one table of cases through this and through Prism and compare the answers.
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
      const path = error.instancePath.split("/").slice(1).map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"));
      violations.push(violation(`Request body${path.length ? ` property ${path.join(".")}` : ""}`, ["request", "body", ...path], error));
    }
  }
  return violations;
}

/** Prism's violation for a request without the credentials the operation needs. */
const MISSING_CREDENTIALS: Violation = { location: ["request"], severity: "Error", code: 401, message: "Invalid security scheme used" };

/** A backend answering from the spec alone, as Prism would. */
export function inlineChecker(doc: Json): Backend {
  const validate = schemaValidator(doc);
  const schemasOf = new Map(operations(doc).map((op) => [op.operationId, requestSchemas(doc, op)]));
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
    const violations = requestViolations(validate, schemasOf.get(op.operationId)!, url, headers, text, body);
    if (!authorized(doc, op, headers)) return send(select(doc, op, 401, undefined), { "sl-violations": JSON.stringify([MISSING_CREDENTIALS, ...violations]) });
    if (violations.length) return send(select(doc, op, op.responses["400"] ? 400 : 422, undefined), { "sl-violations": JSON.stringify(violations) });
    return send(select(doc, op, prefer.code ?? Number(successStatus(op) ?? 200), prefer.example));
  };
}
