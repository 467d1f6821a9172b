// Checks a body against the schema the spec declares for an operation's response, with a real
// JSON Schema validator (Ajv, draft 2020-12 as OpenAPI 3.1 uses). Fixture files are checked with
// it before the stateful mock starts; the tests check every stored object with it.
import { createRequire } from "node:module";
import type { ErrorObject, ValidateFunction } from "ajv";
import type { Operation as SpecOperation } from "@tokenkit/spec-model";
import type { Json, Operation } from "./spec.js";

// Ajv and ajv-formats are CommonJS; `require` gets their classes without ESM interop guesswork.
const require = createRequire(import.meta.url);
const Ajv2020 = require("ajv/dist/2020") as typeof import("ajv/dist/2020.js").default;
const addFormats = require("ajv-formats") as typeof import("ajv-formats").default;

const SPEC_ID = "urn:tokenkit:spec";

const pointerPart = (s: string) => s.replace(/~/g, "~0").replace(/\//g, "~1");

export interface ResponseValidator {
  /** Problems of `body` against the schema of `op`'s response `status`, as readable lines; empty when valid. */
  check(op: SpecOperation, status: string, body: unknown): string[];
}

export function responseValidator(doc: Json): ResponseValidator {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ ...doc, $id: SPEC_ID });
  const compiled = new Map<string, ValidateFunction>();

  /** JSON pointer to the response's JSON schema, following a `$ref`'d response to where it lives. */
  function pointer(op: SpecOperation, status: string): string {
    const raw = doc.paths[op.path][op.method.toLowerCase()].responses[status];
    if (!raw) throw new Error(`${op.operationId} declares no ${status} response`);
    const base = typeof raw.$ref === "string" ? raw.$ref.slice(1) : `/paths/${pointerPart(op.path)}/${op.method.toLowerCase()}/responses/${status}`;
    const content = op.responses[status]?.content;
    const type = Object.keys(content ?? {}).find((t) => /json/.test(t));
    if (!type) throw new Error(`${op.operationId} ${status} has no JSON body`);
    return `${base}/content/${pointerPart(type)}/schema`;
  }

  return {
    check(op, status, body) {
      const ref = `${SPEC_ID}#${pointer(op, status)}`;
      const validate = compiled.get(ref) ?? ajv.compile({ $ref: ref });
      compiled.set(ref, validate);
      if (validate(body)) return [];
      return (validate.errors ?? []).map((e: ErrorObject) => `${e.instancePath || "/"} ${e.message ?? "is invalid"}`);
    },
  };
}

/**
 * Checks fixtures for stateful mode against the response schemas of the operations that return
 * them (tokens as GetAPITokens lists them, groups as CreateGroup returns them, …), naming the
 * source and the field at fault.
 */
export function checkFixtures(doc: Json, ops: Operation[], fixtures: Record<string, unknown>, source: string): void {
  const validator = responseValidator(doc);
  const success = (operationId: string) => {
    const op = ops.find((o) => o.operationId === operationId);
    const status = op && Object.keys(op.responses).find((s) => /^2\d\d$/.test(s));
    if (!op || !status) throw new Error(`${source}: the spec has no ${operationId} operation to check fixtures against`);
    return (body: unknown, where: string) => {
      const problems = validator.check(op, status, body);
      if (problems.length) throw new Error(`${source}: ${where} does not match the spec (as ${operationId} returns it): ${problems.join("; ")}`);
    };
  };
  const known = ["tokens", "groups", "users", "allowedRoles"];
  const extra = Object.keys(fixtures).find((k) => !known.includes(k));
  if (extra) throw new Error(`${source}: unknown key "${extra}" (known: ${known.join(", ")})`);
  const { tokens, groups, users, allowedRoles } = fixtures;
  if (tokens !== undefined) success("GetAPITokens")({ tokens }, "tokens");
  if (Array.isArray(tokens)) tokens.forEach((t, i) => typeof t?.id !== "string" && fail(`tokens[${i}] needs a string id`));
  if (Array.isArray(groups)) groups.forEach((group, i) => success("CreateGroup")({ group }, `groups[${i}]`));
  else if (groups !== undefined) fail("groups must be a list");
  if (users !== undefined) success("CreateGroup")({ group: { user_infos: users } }, "users");
  if (Array.isArray(users)) users.forEach((u, i) => typeof u?.id !== "string" && fail(`users[${i}] needs a string id`));
  if (allowedRoles !== undefined) success("ListAllowedTokenRoles")({ roleNames: allowedRoles }, "allowedRoles");

  function fail(message: string): never {
    throw new Error(`${source}: ${message}`);
  }
}
