// Which operations page, recognised from their shape: both query parameters of a style, the
// style's marker in the 200 response, and exactly one array of items.
import { describe, expect, it } from "vitest";
import { operations, PAGING_STYLES, paging } from "../src/index.js";

type Json = Record<string, any>;
const numbers = PAGING_STYLES["page-number"];
const tokens = PAGING_STYLES["page-token"];

const query = (name: string, schema: Json = { type: "integer" }) => ({ name, in: "query", schema });
const ok = (schema: Json) => ({ "200": { description: "ok", content: { "application/json": { schema } } } });
const pageNumberResponse = (extra: Json = {}) => ({
  type: "object",
  properties: { widgets: { type: "array", items: { type: "string" } }, [numbers.position]: { $ref: "#/components/schemas/Position" }, ...extra },
});
const doc = (parameters: Json[], responses: Json) => ({
  openapi: "3.1.0",
  tags: [{ name: "widgets", "x-api": "stackrox" }],
  paths: { "/widgets": { get: { operationId: "ListWidgets", tags: ["widgets"], parameters, responses } } },
  components: { schemas: { Position: { type: "object", properties: { [numbers.total]: { type: "integer" } } } } },
});
const pagingOf = (d: Json) => operations(d)[0]!.paging;

describe("paging", () => {
  it("recognises page numbers: both parameters and a position object with the total, through $refs", () => {
    const d = doc([query(numbers.page), query(numbers.size, { type: "integer", maximum: 50 })], ok(pageNumberResponse()));
    expect(pagingOf(d)).toEqual({ style: "page-number", items: "widgets", maxSize: 50 });
  });

  it("recognises page tokens: both parameters and a next token string; no maximum gives none", () => {
    const d = doc([query(tokens.page, { type: "string" }), query(tokens.size)], ok({ type: "object", properties: { things: { type: "array" }, [tokens.next]: { type: "string" } } }));
    expect(pagingOf(d)).toEqual({ style: "page-token", items: "things", maxSize: undefined });
  });

  it("is the same whether read through operations() or called directly", () => {
    const d = doc([query(numbers.page), query(numbers.size)], ok(pageNumberResponse()));
    const op = operations(d)[0]!;
    expect(paging(d, op.parameters, op.responses)).toEqual(op.paging);
  });

  it.each([
    ["the size parameter is missing", [query(numbers.page)], ok(pageNumberResponse())],
    ["the page parameter is missing", [query(numbers.size)], ok(pageNumberResponse())],
    ["the parameters are headers, not query", [{ ...query(numbers.page), in: "header" }, { ...query(numbers.size), in: "header" }], ok(pageNumberResponse())],
    ["the response has no position object", [query(numbers.page), query(numbers.size)], ok({ type: "object", properties: { widgets: { type: "array" } } })],
    ["the response has two arrays", [query(numbers.page), query(numbers.size)], ok(pageNumberResponse({ more: { type: "array" } }))],
    ["the response has no array", [query(numbers.page), query(numbers.size)], ok({ type: "object", properties: { [numbers.position]: { $ref: "#/components/schemas/Position" } } })],
    ["there is no 200 response", [query(numbers.page), query(numbers.size)], { "201": ok(pageNumberResponse())["200"] }],
    ["the page token parameters come with a position object instead of a next token", [query(tokens.page), query(tokens.size)], ok(pageNumberResponse())],
  ])("does not take an operation for paged when %s", (_, parameters, responses) => {
    expect(pagingOf(doc(parameters as Json[], responses))).toBeUndefined();
  });
});
