// The client's own request parts against openapi-fetch's runtime, which they replace: the same
// query string for every query style openapi-fetch accepts, the same body, the same headers.
import { createQuerySerializer, defaultBodySerializer, mergeHeaders as openapiMergeHeaders, type QuerySerializerOptions } from "openapi-fetch";
import { describe, expect, it } from "vitest";
import { mergeHeaders, querySerializer, serializeBody } from "../src/core/serialize.js";
import { InvalidArgumentError } from "../src/errors.js";

const queries: Record<string, unknown>[] = [
  {},
  { a: "x y/z?&=#", b: 0, c: false, d: null, e: undefined, f: [] },
  { list: ["1", "two words", "ü"], n: 5 },
  { list: ["a", null, "b"] },
  { filter: { name: "a b", "key/x": "v&w" }, empty: {} },
  { "filter.all": true, page_token: "abc==", tags: ["x,y", "z|w"] },
];
const options: (QuerySerializerOptions | undefined)[] = [undefined, { allowReserved: true }];
for (const style of ["form", "spaceDelimited", "pipeDelimited"] as const) {
  for (const explode of [true, false]) options.push({ array: { style, explode } }, { array: { style, explode }, allowReserved: true });
}
for (const style of ["form", "deepObject"] as const) {
  for (const explode of [true, false]) options.push({ object: { style, explode } }, { object: { style, explode }, allowReserved: true });
}

describe("the query serializer", () => {
  it.each(options.map((o) => [JSON.stringify(o) ?? "default", o] as const))("writes what openapi-fetch writes, options %s", (_, option) => {
    const ours = querySerializer(option);
    const theirs = createQuerySerializer(option);
    for (const query of queries) expect(ours(query), JSON.stringify(query)).toBe(theirs(query));
  });

  it("refuses a nested value and a lone surrogate, naming the parameter", () => {
    expect(() => querySerializer()({ deep: [[1]] })).toThrow(expect.objectContaining({ field: "deep" }));
    expect(() => querySerializer()({ q: "a\ud800" })).toThrow(InvalidArgumentError);
    expect(() => querySerializer({ allowReserved: true })({ q: "a\ud800" })).toThrow(expect.objectContaining({ field: "q" }));
    expect(() => querySerializer()({ filter: { "k\udc00": "v" } })).toThrow(expect.objectContaining({ field: "filter" }));
  });
});

describe("the body and the headers", () => {
  it("serializes a body as openapi-fetch does: JSON, URL-encoded when the headers say so, FormData as is", () => {
    const form = new FormData();
    const urlencoded = new Headers({ "Content-Type": "application/x-www-form-urlencoded" });
    for (const [body, headers] of [[{ a: 1, b: ["x"] }, new Headers()], [{ a: "1 2", b: "&" }, urlencoded], [form, new Headers()]] as const) {
      expect(serializeBody(body, headers)).toEqual((defaultBodySerializer as (...all: unknown[]) => unknown)(body, headers));
    }
  });

  it("merges headers as openapi-fetch does: later wins, null removes, arrays append", () => {
    const records = [{ a: "1", b: "2", c: "3" }, { A: "one", b: null, d: ["x", "y"], e: undefined }, { c: 4, f: true }];
    expect([...mergeHeaders(records)]).toEqual([...(openapiMergeHeaders as (...all: unknown[]) => Headers)(...records)]);
  });
});
