// `locate` on a spec split over files as ours is: a pointer into the bundled document becomes
// the file and line where that part is written, across `$ref`s to other files.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { locate } from "../src/files.js";

const dir = mkdtempSync(join(tmpdir(), "spec-model-locate-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const write = (file: string, text: string) => {
  mkdirSync(join(dir, file, ".."), { recursive: true });
  writeFileSync(join(dir, file), text);
};
write(
  "openapi.yaml",
  `openapi: 3.1.0
tags:
  - name: widgets
    x-api: stackrox
  - name: orgs
paths:
  /widgets/{id}:
    $ref: paths/widgets.yaml
`,
);
write(
  "paths/widgets.yaml",
  `parameters:
  - $ref: ../components/parameters/Id.yaml
get:
  operationId: get-widget
  tags: [widgets]
`,
);
write("components/parameters/Id.yaml", "name: id\nin: path\nrequired: true\n");
const root = join(dir, "openapi.yaml");
const where = (file: string, line: number, column: number) => `${relative(process.cwd(), join(dir, file))}:${line}:${column}`;

describe("locate", () => {
  it("finds keys and list items in the root file", () => {
    expect(locate(root, ["tags", 1])).toBe(where("openapi.yaml", 5, 5));
    expect(locate(root, ["paths", "/widgets/{id}"])).toBe(where("openapi.yaml", 7, 3));
  });

  it("follows a $ref into the file it names, and on into the next", () => {
    expect(locate(root, ["paths", "/widgets/{id}", "get", "operationId"])).toBe(where("paths/widgets.yaml", 4, 3));
    expect(locate(root, ["paths", "/widgets/{id}", "parameters", 0, "required"])).toBe(where("components/parameters/Id.yaml", 3, 1));
  });

  it("stops at the deepest part the source has: a missing key points at what should hold it", () => {
    expect(locate(root, ["tags", 1, "x-api"])).toBe(where("openapi.yaml", 5, 5));
    expect(locate(root, ["paths", "/widgets/{id}", "post"])).toBe(where("paths/widgets.yaml", 1, 1));
  });

  it("names the file from the folder it is given, whatever the working directory", () => {
    expect(locate(root, ["paths", "/widgets/{id}", "get", "operationId"], dir)).toBe("paths/widgets.yaml:4:3");
    expect(locate(root, ["tags", 1], join(dir, "paths"))).toBe("../openapi.yaml:5:5");
  });
});
