// Users write `ChatroomToken`, not components["schemas"]["ChatroomToken"]: every schema needs its alias.
import { readFileSync } from "node:fs";
import { operations } from "@tokenkit/spec-model";
import { describe, expect, it } from "vitest";

const spec = JSON.parse(readFileSync(new URL("../openapi.json", import.meta.url), "utf8"));
const source = readFileSync(new URL("../src/schema.ts", import.meta.url), "utf8");

describe("generated types", () => {
  it.each(Object.keys(spec.components.schemas))("export an alias for schema %s", (name) => {
    expect(source).toContain(`export type ${name} = components['schemas']['${name}'];`);
  });

  it("describe every operation of the spec", () => {
    const ids = operations(spec).map((op) => op.operationId);
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) expect(source).toMatch(new RegExp(`^    ${id}: \\{$`, "m"));
  });
});
