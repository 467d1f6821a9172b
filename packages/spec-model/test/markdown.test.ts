// The pieces of the generated operation pages, on made-up values.
import { describe, expect, it } from "vitest";
import { operations } from "../src/index.js";
import { curlCommand, leaves, namedArguments, shellQuote, telltale } from "../src/markdown.js";

describe("namedArguments", () => {
  const doc = {
    tags: [{ name: "t", "x-api": "stackrox" }],
    paths: {
      "/a/{id}": {
        post: {
          operationId: "A",
          tags: ["t"],
          parameters: [
            { name: "id", in: "path", required: true },
            { name: "page", in: "query" },
            { name: "x-trace", in: "header", required: true },
          ],
          requestBody: { required: true, content: {} },
          responses: {},
        },
        get: { operationId: "B", tags: ["t"], requestBody: { content: {} }, responses: {} },
      },
      "/b": { get: { operationId: "C", tags: ["t"], responses: {} } },
    },
  };
  it("lists path and query parameters, then the body, marking what may be left out", () => {
    expect(operations(doc).map(namedArguments)).toEqual(["{ body? }", "{ id, page?, body }", ""]);
  });
});

describe("curlCommand", () => {
  it("quotes what the shell would split, and sends JSON bodies", () => {
    expect(curlCommand({ method: "GET", url: "http://h/x?a=1&b=2", headers: ["Authorization: Bearer t"] })).toBe(
      "curl -s 'http://h/x?a=1&b=2' -H 'Authorization: Bearer t'",
    );
    expect(curlCommand({ method: "POST", url: "http://h/x", body: { name: "O'Brien" } })).toBe(
      `curl -s -X POST http://h/x -H 'Content-Type: application/json' -d '{"name":"O'\\''Brien"}'`,
    );
    expect(shellQuote("plain/word:1")).toBe("plain/word:1");
  });

  it("breaks a long command before its first header", () => {
    const long = curlCommand({ method: "PATCH", url: `http://h/${"x".repeat(80)}`, headers: ["A: 1"] });
    expect(long).toBe(`curl -s -X PATCH http://h/${"x".repeat(80)} \\\n  -H 'A: 1'`);
  });
});

describe("telltale", () => {
  it("lists scalar leaves with paths the README test can follow", () => {
    expect(leaves({ a: { b: [1, null] }, "odd key": 2, c: "x" })).toEqual([
      [".a.b[0]", 1],
      [".a.b[1]", null],
      [".c", "x"],
    ]);
    expect(leaves(3)).toEqual([[".", 3]]);
  });

  it("picks a short field that tells the value from the others", () => {
    const long = "y".repeat(60);
    expect(telltale({ token: long, kind: "a", n: 1 }, [{ token: long, kind: "a", n: 2 }])).toEqual([".n", 1]);
    expect(telltale({ token: long, n: 1 }, [])).toEqual([".n", 1]);
    expect(telltale({ token: long })).toEqual([".token", long]);
    expect(telltale({ tokens: [] })).toEqual([".", { tokens: [] }]);
  });
});
