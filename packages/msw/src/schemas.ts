// The spec's JSON schemas, checked with a real JSON Schema validator (Ajv, draft 2020-12 as
// OpenAPI 3.1 uses, with its formats). One Ajv holds the whole document, so a schema anywhere in
// it compiles by JSON pointer with its `$ref`s resolved. Browser-safe: the MSW handlers use it
// for request bodies, the server and the tests for response bodies and fixtures.
import * as ajv2020 from "ajv/dist/2020.js";
import * as ajvFormats from "ajv-formats";
import type { ErrorObject, ValidateFunction } from "ajv";
import { jsonMediaType, type Json } from "./spec.js";

// Both are CommonJS modules with an `exports.default`: Node's loader and the bundlers expose that
// default at different depths, so the constructor is taken where it is.
const callable = <T>(m: unknown): T => {
  const module = m as { default?: unknown };
  return (typeof module.default === "function" ? module.default : (module.default as { default: unknown }).default) as T;
};
const Ajv2020 = callable<typeof import("ajv/dist/2020.js").default>(ajv2020);
const addFormats = callable<typeof import("ajv-formats").default>(ajvFormats);

const SPEC_ID = "urn:tokenkit:spec";

/** A JSON pointer segment. */
export const pointerPart = (s: string) => s.replace(/~/g, "~0").replace(/\//g, "~1");

/** Validates a value against the schema at a JSON pointer of the document (compiled once). */
export type SchemaAt = (pointer: string, value: unknown) => ErrorObject[];

export function schemaValidator(doc: Json): SchemaAt {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ ...doc, $id: SPEC_ID });
  const compiled = new Map<string, ValidateFunction>();
  return (pointer, value) => {
    const ref = `${SPEC_ID}#${pointer}`;
    const validate = compiled.get(ref) ?? ajv.compile({ $ref: ref });
    compiled.set(ref, validate);
    return validate(value) ? [] : [...(validate.errors ?? [])];
  };
}

/**
 * JSON pointer to a JSON schema under `content` of the request body or response at `at` (a path
 * into the document, e.g. `/paths/~1v1~1x/get/responses/200`), following a `$ref`'d request body
 * or response to where it lives; undefined when it has no JSON content.
 */
export function jsonSchemaPointer(doc: Json, at: string): string | undefined {
  let pointer = at;
  let node = resolvePointer(doc, at);
  if (typeof node?.$ref === "string" && node.$ref.startsWith("#/")) {
    pointer = node.$ref.slice(1);
    node = resolvePointer(doc, pointer);
  }
  const type = jsonMediaType(node);
  return type === undefined ? undefined : `${pointer}/content/${pointerPart(type)}/schema`;
}

function resolvePointer(doc: Json, pointer: string): Json | undefined {
  let node: Json | undefined = doc;
  for (const part of pointer.split("/").slice(1)) node = node?.[part.replace(/~1/g, "/").replace(/~0/g, "~")];
  return node;
}
