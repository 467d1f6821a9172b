// Checks a body against the schema the spec declares for an operation's response (schemas.ts).
// Fixture files are checked with it before the stateful mock starts; the tests check every
// stored object with it.
import type { ErrorObject } from "ajv";
import type { Operation as SpecOperation } from "@tokenkit/spec-model";
import { jsonSchemaPointer, pointerPart, schemaValidator } from "./schemas.js";
import { collections } from "./collections.js";
import type { Json, Operation } from "./spec.js";

export interface ResponseValidator {
  /** Problems of `body` against the schema of `op`'s response `status`, as readable lines; empty when valid. */
  check(op: SpecOperation, status: string, body: unknown): string[];
}

export function responseValidator(doc: Json): ResponseValidator {
  const validate = schemaValidator(doc);
  return {
    check(op, status, body) {
      if (!op.responses[status]) throw new Error(`${op.operationId} declares no ${status} response`);
      const pointer = jsonSchemaPointer(doc, `/paths/${pointerPart(op.path)}/${op.method.toLowerCase()}/responses/${status}`);
      if (!pointer) throw new Error(`${op.operationId} ${status} has no JSON body`);
      return validate(pointer, body).map((e: ErrorObject) => `${e.instancePath || "/"} ${e.message ?? "is invalid"}`);
    },
  };
}

/**
 * Checks fixtures for stateful mode against the response schemas of the operations that return
 * them (each collection's items as the operation reading one returns them, users as CreateGroup
 * returns them, …), naming the
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
  const stored = collections(doc, ops);
  const known = [...stored.map((c) => c.key), "resourceTokens", "users", "allowedRoles"];
  const extra = Object.keys(fixtures).find((k) => !known.includes(k));
  if (extra) throw new Error(`${source}: unknown key "${extra}" (known: ${known.join(", ")})`);
  // Each collection's items, as the operation that reads one returns it.
  for (const collection of stored) {
    const items = fixtures[collection.key];
    if (items === undefined) continue;
    if (!Array.isArray(items)) fail(`${collection.key} must be a list`);
    const reader = [...collection.roles].find(([, role]) => role === "get")![0];
    items.forEach((item, i) => {
      success(reader)(collection.wrapper ? { [collection.wrapper]: item } : item, `${collection.key}[${i}]`);
      if (typeof item?.id !== "string") fail(`${collection.key}[${i}] needs a string id`);
    });
  }
  const { users, allowedRoles, resourceTokens } = fixtures;
  if (resourceTokens !== undefined && !(Array.isArray(resourceTokens) && resourceTokens.every((t) => typeof t?.jti === "string"))) fail("resourceTokens must be a list of { jti, resource_id, resource_type, revoked }");
  if (users !== undefined) success("CreateGroup")({ group: { user_infos: users } }, "users");
  if (Array.isArray(users)) users.forEach((u, i) => typeof u?.id !== "string" && fail(`users[${i}] needs a string id`));
  if (allowedRoles !== undefined) success("ListAllowedTokenRoles")({ roleNames: allowedRoles }, "allowedRoles");

  function fail(message: string): never {
    throw new Error(`${source}: ${message}`);
  }
}
