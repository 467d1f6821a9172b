// The response the mock must send for the operation every consumer calls: the named example of
// its 200 response, read from the spec inside the installed @tokenkit/types tarball.
import { createRequire } from "node:module";
import { join } from "node:path";

export const OPERATION = "/v1/apitokens/generate/allowed-roles";

type Spec = {
  paths: Record<string, { get: { responses: Record<string, { content: Record<string, { examples: Record<string, { value: unknown }> }> }> } }>;
};

export function expectedBody(app: string): unknown {
  const spec = createRequire(join(app, "package.json"))("@tokenkit/types/openapi.json") as Spec;
  const examples = spec.paths[OPERATION]!.get.responses["200"]!.content["application/json"]!.examples;
  return Object.values(examples)[0]!.value;
}
