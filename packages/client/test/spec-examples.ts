// The bundled spec and its operations, read through the same model the client is generated
// from, so the tests assert what the spec promises rather than copies of it.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { operations, type Operation } from "@tokenkit/spec-model";

const require = createRequire(import.meta.url);
export const spec: Record<string, any> = JSON.parse(readFileSync(require.resolve("@tokenkit/types/openapi.json"), "utf8"));

export const specOperations: Operation[] = operations(spec);
