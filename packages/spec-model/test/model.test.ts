// The model on small made-up documents: what each reader relies on, including the edge cases
// the real spec does not (yet) have.
import { describe, expect, it } from "vitest";
import {
  declaredStatuses,
  deref,
  exampleRequest,
  examplesOf,
  HTTP_METHODS,
  operations,
  operationTable,
  responseExamples,
  validate,
} from "../src/index.js";

const doc = {
  openapi: "3.1.0",
  servers: [{ url: "https://{host}/api", variables: { host: { default: "widgets.example.com" } } }],
  tags: [
    { name: "widgets", "x-api": "stackrox" },
    { name: "orgs", "x-api": "blendvision" },
  ],
  paths: {
    "/widgets/{widgetId}/spin": {
      parameters: [
        { $ref: "#/components/parameters/WidgetId" },
        { name: "speed", in: "query", schema: { type: "integer", examples: [3] } },
      ],
      // Methods in a deliberately odd order: the model lists them in HTTP_METHODS order.
      patch: {
        operationId: "SpinWidget",
        tags: ["widgets"],
        parameters: [{ name: "speed", in: "query", example: 11 }],
        requestBody: { $ref: "#/components/requestBodies/Spin" },
        responses: {
          "200": { $ref: "#/components/responses/Spun" },
          "404": { description: "no widget", content: { "application/json": { example: { code: 5 } } } },
          default: { description: "error" },
        },
      },
      get: { operationId: "GetWidgetSpin", tags: ["widgets"], responses: { "200": { description: "ok" } } },
    },
    "/orgs": {
      servers: [{ url: "https://orgs.example.com" }],
      post: {
        operationId: "CreateOrg",
        tags: ["orgs"],
        parameters: [{ name: "X-BV-Org-Id", in: "header", schema: { type: "string" } }],
        requestBody: { content: { "application/json": { schema: { type: "object" } } } },
        responses: { "200": { description: "ok" } },
      },
    },
  },
  components: {
    parameters: { WidgetId: { name: "widgetId", in: "path", required: true, examples: { first: { $ref: "#/components/examples/Id" } } } },
    examples: { Id: { value: "w 1/2" } },
    requestBodies: { Spin: { content: { "application/json": { examples: { fast: { value: { turns: 9 } } } } } } },
    responses: {
      Spun: {
        description: "spun",
        content: { "application/json": { examples: { once: { value: { turns: 1 } }, twice: { value: { turns: 2 } } } } },
      },
    },
  },
};

describe("operations", () => {
  const ops = operations(doc);
  const byId = Object.fromEntries(ops.map((o) => [o.operationId, o]));

  it("lists every operation in path order, methods in HTTP_METHODS order", () => {
    expect(ops.map((o) => `${o.method} ${o.path}`)).toEqual(["GET /widgets/{widgetId}/spin", "PATCH /widgets/{widgetId}/spin", "POST /orgs"]);
    expect(HTTP_METHODS.indexOf("get")).toBeLessThan(HTTP_METHODS.indexOf("patch"));
  });

  it("names the method, the tag's API family and the base URL", () => {
    expect(byId.SpinWidget).toMatchObject({ name: "spinWidget", tag: "widgets", api: "stackrox", baseUrl: "https://widgets.example.com/api" });
    expect(byId.CreateOrg).toMatchObject({ name: "createOrg", api: "blendvision", baseUrl: "https://orgs.example.com" });
  });

  it("resolves parameters, lets the operation's override the path item's, and finds the org header in any case", () => {
    const spin = byId.SpinWidget!;
    expect(spin.pathParams).toEqual(["widgetId"]);
    expect(spin.parameters.map((p) => `${p.in}:${p.name}`)).toEqual(["path:widgetId", "query:speed"]);
    expect(spin.parameters.find((p) => p.name === "speed")!.example).toBe(11);
    expect(spin.orgHeader).toBe(false);
    expect(byId.CreateOrg!.orgHeader).toBe("optional");
    const required = structuredClone(doc) as any;
    required.paths["/orgs"].post.parameters[0].required = true;
    expect(operations(required).find((o) => o.operationId === "CreateOrg")!.orgHeader).toBe("required");
  });

  it("resolves request bodies and responses, and keeps the operation object itself", () => {
    const spin = byId.SpinWidget!;
    expect(spin.requestBody!.content["application/json"].examples.fast.value).toEqual({ turns: 9 });
    expect(spin.responses["200"]!.description).toBe("spun");
    expect(spin.operation).toBe(doc.paths["/widgets/{widgetId}/spin"].patch);
    expect(declaredStatuses(spin)).toEqual([200, 404]);
  });
});

describe("examples", () => {
  const [getSpin, spin, createOrg] = operations(doc);

  it("lists named examples in order, a lone example without a name, and falls back to the schema's", () => {
    expect(responseExamples(doc, spin!, 200)).toEqual([
      { name: "once", value: { turns: 1 } },
      { name: "twice", value: { turns: 2 } },
    ]);
    expect(responseExamples(doc, spin!, "404")).toEqual([{ name: undefined, value: { code: 5 } }]);
    expect(responseExamples(doc, spin!, "default")).toEqual([]);
    expect(examplesOf(doc, { schema: { examples: [1, 2] } })).toEqual([
      { name: undefined, value: 1 },
      { name: undefined, value: 2 },
    ]);
  });

  it("builds a request from the first examples: encoded path, query, body", () => {
    expect(exampleRequest(doc, spin!)).toEqual({
      path: { widgetId: "w 1/2" },
      query: { speed: 11 },
      header: {},
      body: { turns: 9 },
      url: "/widgets/w%201%2F2/spin?speed=11",
    });
    expect(exampleRequest(doc, createOrg!).body).toEqual({}); // a body without examples
    expect(exampleRequest(doc, getSpin!).body).toBeUndefined(); // no body at all
    const withHeader = structuredClone(doc) as any;
    withHeader.paths["/orgs"].post.parameters[0].example = "org-1";
    expect(exampleRequest(withHeader, operations(withHeader)[2]!).header).toEqual({ "X-BV-Org-Id": "org-1" });
  });
});

describe("deref", () => {
  it("follows chains of references and escaped keys", () => {
    const chained = { a: { "x/y": { $ref: "#/b" } }, b: { value: 1 } };
    expect(deref(chained, { $ref: "#/a/x~1y" })).toEqual({ value: 1 });
  });

  it("refuses what it cannot resolve, naming the reference", () => {
    expect(() => deref(doc, { $ref: "#/components/schemas/Nope" })).toThrow("#/components/schemas/Nope");
    expect(() => deref(doc, { $ref: "other.yaml#/x" })).toThrow("bundle the spec first");
    const loop = { a: { $ref: "#/a" } };
    expect(() => deref(loop, loop.a)).toThrow("refers to itself");
  });
});

describe("operationTable", () => {
  it("has one row per operation, sorted by operationId", () => {
    expect(operationTable(doc)).toEqual([
      { operationId: "CreateOrg", method: "POST", path: "/orgs", tag: "orgs", api: "blendvision", orgHeader: "optional" },
      { operationId: "GetWidgetSpin", method: "GET", path: "/widgets/{widgetId}/spin", tag: "widgets", api: "stackrox", orgHeader: false },
      { operationId: "SpinWidget", method: "PATCH", path: "/widgets/{widgetId}/spin", tag: "widgets", api: "stackrox", orgHeader: false },
    ]);
  });
});

describe("validate", () => {
  it("accepts a document with everything the client needs", () => {
    expect(validate(doc)).toEqual([]);
  });

  it("names each operation and what is wrong with it", () => {
    const broken = structuredClone(doc) as any;
    broken.paths["/orgs"].post.operationId = "create-org";
    broken.paths["/widgets/{widgetId}/spin"].get.operationId = "spinWidget"; // same method name as SpinWidget
    broken.paths["/widgets/{widgetId}/spin"].get.tags = ["gadgets"];
    broken.paths["/orgs"].post.parameters.push({ name: "orgId", in: "path", required: true });
    broken.paths["/nameless/{x}"] = { delete: { tags: ["orgs"], responses: {} } };
    expect(validate(broken)).toEqual([
      { message: 'GET /widgets/{widgetId}/spin (spinWidget): tag "gadgets" needs x-api, one of blendvision, stackrox', pointer: ["paths", "/widgets/{widgetId}/spin", "get", "tags"] },
      { message: "POST /orgs (create-org): operationId must be an identifier (letters, digits, _ or $)", pointer: ["paths", "/orgs", "post", "operationId"] },
      { message: 'POST /orgs (create-org): path parameter "orgId" is declared but not in the path', pointer: ["paths", "/orgs", "post", "parameters", 1] },
      { message: "DELETE /nameless/{x}: operationId is missing", pointer: ["paths", "/nameless/{x}", "delete"] },
      { message: 'DELETE /nameless/{x}: path parameter "x" is in the path but not declared', pointer: ["paths", "/nameless/{x}"] },
    ]);
    broken.paths["/widgets/{widgetId}/spin"].get.tags = ["widgets"];
    expect(validate(broken)[0]).toEqual({
      message: "PATCH /widgets/{widgetId}/spin (SpinWidget): operationId gives the method widgets.spinWidget, as GET /widgets/{widgetId}/spin (spinWidget) does",
      pointer: ["paths", "/widgets/{widgetId}/spin", "patch", "operationId"],
    });
  });

  it.each(["use", "then", "GET", "constructor"])("refuses a tag named %s, which would hide a member of the client, pointing at its name", (name) => {
    const broken = structuredClone(doc) as any;
    broken.tags[1].name = name;
    broken.paths["/orgs"].post.tags = [name];
    expect(validate(broken)).toEqual([{ message: `POST /orgs (CreateOrg): tag "${name}" would hide the client's own ${name}: rename the tag`, pointer: ["tags", 1, "name"] }]);
  });

  it("points at a declared tag's own entry when it lacks x-api", () => {
    const broken = structuredClone(doc) as any;
    delete broken.tags[1]["x-api"];
    expect(validate(broken).map((p) => p.pointer)).toEqual([["tags", 1, "x-api"]]);
  });
});
