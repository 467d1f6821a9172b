#!/usr/bin/env node
// @ts-check
// Generates this package's OPERATIONS.md from the bundled spec of @tokenkit/types: for every
// operation, a curl line per declared status and named example, each with the answer the mock
// gives (`# → <status>, <field> == <value>`). test/readme.test.ts replays every line.
//
//   node scripts/generate.mjs [--check] [--spec path/to/bundled/openapi.json] [--out dir]
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { declaredStatuses, exampleRequest, operations, ORG_HEADER, responseExamples } from "@tokenkit/spec-model";
import { generatedHeader, runGenerator } from "@tokenkit/spec-model/files";
import { curlCommand, telltale } from "@tokenkit/spec-model/markdown";

const require = createRequire(import.meta.url);
const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
/** Where `pnpm mock` listens by default, and the credentials the page uses. */
const MOCK_URL = "http://127.0.0.1:4010";
const AUTHORIZATION = "Authorization: Bearer dev";

/** `# → 200, .a.b == "value"`: the status, and a field that tells the body from the others. */
function answer(/** @type {number} */ status, /** @type {unknown} */ body, /** @type {unknown[]} */ others = []) {
  if (body === undefined) return `# → ${status}`;
  const [path, value] = telltale(body, others);
  return `# → ${status}, ${path} == ${JSON.stringify(value)}`;
}

function operationSection(/** @type {Record<string, any>} */ doc, /** @type {import("@tokenkit/spec-model").Operation} */ op) {
  const request = exampleRequest(doc, op);
  const headers = [AUTHORIZATION, ...(op.orgHeader ? [`${ORG_HEADER}: dev-org`] : [])];
  const curl = (/** @type {string[]} */ extra, auth = headers) =>
    curlCommand({ method: op.method, url: `${MOCK_URL}${request.url}`, headers: [...auth, ...extra], body: request.body });
  const statuses = declaredStatuses(op);
  const success = Math.min(...statuses.filter((s) => s < 300));
  const lines = [];
  for (const status of statuses) {
    const examples = responseExamples(doc, op, status);
    examples.forEach(({ name, value }, index) => {
      const others = examples.filter((_, i) => i !== index).map((e) => e.value);
      // The first success example is what the mock answers unasked.
      const prefer = status === success ? (index === 0 ? undefined : `example=${name}`) : `code=${status}${name ? `, example=${name}` : ""}`;
      lines.push(curl(prefer ? [`Prefer: ${prefer}`] : []), answer(status, value, others));
    });
  }
  // Without a token: what an app sees before it has signed in (an operation that needs no
  // credentials answers as with one).
  const anonymous = op.authenticated ? { status: 401, value: responseExamples(doc, op, 401)[0]?.value } : { status: success, value: responseExamples(doc, op, success)[0]?.value };
  lines.push(curl([], headers.filter((h) => h !== AUTHORIZATION)), answer(anonymous.status, anonymous.value));
  const deprecated = op.operation.deprecated ? " (deprecated)" : "";
  return `## ${op.operationId} — \`${op.method} ${op.path}\`${deprecated}\n\n${op.operation.summary ?? ""}\n\n\`\`\`sh\n${lines.join("\n")}\n\`\`\`\n`;
}

function operationsPage(/** @type {Record<string, any>} */ doc) {
  const ops = operations(doc);
  return `<!-- ${generatedHeader("packages/mock/scripts/generate.mjs", "spec/openapi.yaml")} -->

# Every operation of the mock

${ops.length} operations, each with one command per documented answer. Copy any line into a
terminal while the mock runs (\`pnpm mock\`). The \`# →\` comment under each command is what it
answers: the status and the first field of the body. \`Prefer: example=<name>\` picks a named
example, \`Prefer: code=<status>\` another declared status. A test replays every command here
against a real mock. How \`Prefer\` works, and what a request that breaks the spec gets:
[README.md](README.md#frontend-guide).

${ops.map((op) => operationSection(doc, op)).join("\n")}`;
}

/** The files of this package, from a bundled spec (JSON). */
export function generate(specPath = require.resolve("@tokenkit/types/openapi.json")) {
  return { "OPERATIONS.md": operationsPage(JSON.parse(readFileSync(specPath, "utf8"))) };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await runGenerator({ name: "@tokenkit/mock", packageDir, defaultSpec: require.resolve("@tokenkit/types/openapi.json"), generate });
}
