#!/usr/bin/env node
// @ts-check
// Generates this package's files from the bundled spec of @tokenkit/types:
//   src/generated/operations.ts        the runtime operation table, packed (routes and named operations are built from it)
//   src/generated/named-operations.ts  the types of the named operations: one interface per tag
//   src/generated/paths.ts             the spec's paths as the path-style methods take them
//   src/generated/version.ts           this package's version (from package.json)
//   OPERATIONS.md                      the named operations, by tag, for readers (linked from the README)
//
//   node scripts/generate.mjs [--check] [--spec path/to/bundled/openapi.json] [--out dir]
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { API_FAMILIES, deref, HTTP_METHODS, ORG_HEADER, ORG_HEADER_RULES, operations, PAGING_STYLES, PATH_TEMPLATE_PARAM, validate } from "@tokenkit/spec-model";
import { generatedHeader, runGenerator } from "@tokenkit/spec-model/files";
import { namedArguments } from "@tokenkit/spec-model/markdown";

const require = createRequire(import.meta.url);
const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const GENERATOR = "packages/client/scripts/generate.mjs";
const HEADER = generatedHeader(GENERATOR, "spec/openapi.yaml");

/** @typedef {ReturnType<typeof operations>[number]} Operation */
/** @typedef {Operation & { summary?: string, description?: string, deprecated?: boolean }} Row */

/**
 * The operations grouped by tag, tags in the spec's order; each operation in operationId order.
 * @param {any} document @param {Operation[]} ops
 * @returns {[string, Row[]][]}
 */
function byTag(document, ops) {
  /** @type {Map<string, Row[]>} */
  const groups = new Map((document.tags ?? []).map((/** @type {{ name: string }} */ t) => [t.name, []]));
  for (const op of [...ops].sort((a, b) => a.operationId.localeCompare(b.operationId))) {
    const tag = /** @type {string} */ (op.tag);
    const { summary, description, deprecated } = op.operation;
    if (!groups.has(tag)) groups.set(tag, []);
    groups.get(tag)?.push({ ...op, summary, description, deprecated });
  }
  return [...groups].filter(([, group]) => group.length);
}

/**
 * The runtime operation table, packed: per tag, its API family and one short tuple per operation.
 * Nothing is derived at import time, so a bundle that never calls createClient (an app importing
 * only an error class) drops the table altogether.
 * @param {[string, Row[]][]} tags
 */
function operationsModule(tags) {
  const lines = tags.map(([tag, group]) => {
    const entries = group.map((r) => JSON.stringify([r.name, r.method, r.path, ...(r.orgHeader ? [r.orgHeader] : [])]));
    return `  ${JSON.stringify(tag)}: [${JSON.stringify(group[0]?.api)},\n    ${entries.join(",\n    ")}],`;
  });
  const paged = tags.flatMap(([tag, group]) => {
    const entries = group.flatMap(({ name, paging: p }) => (p ? [`${key(name)}: ${JSON.stringify([p.style, p.items, ...(p.maxSize === undefined ? [] : [p.maxSize])])}`] : []));
    return entries.length ? [`  ${JSON.stringify(tag)}: { ${entries.join(", ")} },`] : [];
  });
  return `// ${HEADER}

/** The API families the client knows (the \`x-api\` of a tag), each with its own base URL: the keys \`baseUrl\` takes. */
export const API_FAMILIES = ${JSON.stringify(API_FAMILIES)} as const;
export type ApiFamily = (typeof API_FAMILIES)[number];

/** The HTTP methods of a path item, as the path-style methods are named. */
export const HTTP_METHODS = ${JSON.stringify(HTTP_METHODS.map((m) => m.toUpperCase()))} as const;

/** The header that carries the organization id. */
export const ORG_HEADER = ${JSON.stringify(ORG_HEADER)};

/** How an operation takes the organization header, when it does. */
export type OrgHeaderRule = ${union(ORG_HEADER_RULES)};

/** The \`{name}\` placeholders of a path template. */
export const PATH_TEMPLATE_PARAM = ${PATH_TEMPLATE_PARAM};

/**
 * One operation: its method name on the client, HTTP method, path template, and how it takes the
 * organization header (absent when it does not).
 */
export type OperationEntry = [name: string, method: string, path: string, orgHeader?: OrgHeaderRule];

/** The operations of each tag, after the tag's API family. */
export const operationsByTag: Record<string, [ApiFamily, ...OperationEntry[]]> = {
${lines.join("\n")}
};

/**
 * How a list operation pages: \`page\` is the query parameter that picks a page, \`size\` the one
 * that sets its length; a \`page-number\` response tells in its \`position\` object how many items
 * there are in all (\`total\`); a \`page-token\` response gives the next
 * page's \`page\` in \`next\`, empty or absent on the last page.
 */
export const PAGING_STYLES = ${JSON.stringify(PAGING_STYLES)} as const;

/** A paged operation: how it pages, the response's array of items, and the largest page the spec allows, when it says. */
export type PagingEntry = [style: keyof typeof PAGING_STYLES, items: string, maxSize?: number];

/** The paged operations of each tag, by method name. */
export const pagedOperations: Record<string, Record<string, PagingEntry>> = {
${paged.join("\n")}
};
`;
}

/** A union type of string literals. @param {readonly string[]} values */
const union = (values) => values.map((v) => JSON.stringify(v)).join(" | ");

/**
 * A JSDoc comment of paragraphs, safe to embed.
 * @param {string} indent @param {(string | undefined | false)[]} paragraphs
 */
function jsdoc(indent, paragraphs) {
  const lines = paragraphs.filter(Boolean).join("\n\n").replaceAll("*/", "*\\/").trimEnd().split("\n");
  return `${indent}/**\n${lines.map((l) => `${indent} *${l ? ` ${l}` : ""}`).join("\n")}\n${indent} */\n`;
}

/** A TypeScript identifier made of a tag name: `api-tokens` -> `ApiTokens`. @param {string} name */
const pascal = (name) =>
  name
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]?.toUpperCase() + w.slice(1))
    .join("")
    .replace(/^(?=\d)/, "_");

/** A property key: bare when it is an identifier. @param {string} name */
const key = (name) => (/^[A-Za-z_$][\w$]*$/.test(name) ? name : JSON.stringify(name));

/**
 * The types of the named operations: one interface per tag listing its operations, so a call
 * costs the type checker a property lookup or two, whatever the size of the spec.
 * @param {any} document @param {[string, Row[]][]} tags
 */
function namedOperationsModule(document, tags) {
  const descriptions = new Map((document.tags ?? []).map((/** @type {{ name: string, description?: string }} */ t) => [t.name, t.description]));
  const used = new Set(["NamedOperations"]);
  const named = tags.map(([tag, group]) => {
    const base = `${pascal(tag) || "Tag"}Operations`;
    let name = base;
    for (let n = 2; used.has(name); n++) name = `${base}${n}`;
    used.add(name);
    return { tag, name, group, doc: descriptions.get(tag) ?? `Operations tagged \`${tag}\`.` };
  });
  /** The type of a named operation: a paged one takes the items' array and the query parameters `.all` sets. @param {Row} r */
  const type = (r) => {
    const op = `operations[${JSON.stringify(r.operationId)}]`;
    const p = r.paging;
    if (!p) return `NamedOperation<${op}>`;
    const { page, size } = PAGING_STYLES[p.style];
    return `PagedOperation<${op}, ${JSON.stringify(p.items)}, ${union([page, size])}>`;
  };
  /** @param {Row} r */
  const member = (r) =>
    `${jsdoc("  ", [r.summary, r.description, `\`${r.method} ${r.path}\``, r.paging && "`.all(args, { pageSize, limit })` iterates over the items of every page.", r.deprecated && "@deprecated"])}  ${key(r.name)}: ${type(r)};\n`;
  const paged = tags.some(([, group]) => group.some((r) => r.paging));
  return `// ${HEADER}

import type { operations } from "@tokenkit/types";
import type { NamedOperation${paged ? ", PagedOperation" : ""} } from "../named-operations.js";

/** The named operations, by tag: \`client.<tag>.<operation>(args, options)\`. */
export interface NamedOperations {
${named.map(({ tag, name, doc }) => `${jsdoc("  ", [doc])}  ${key(tag)}: ${name};\n`).join("")}}
${named.map(({ name, group, doc }) => `\n${jsdoc("", [doc])}export interface ${name} {\n${group.map(member).join("")}}\n`).join("")}`;
}

/**
 * The spec's `paths` as the path-style methods take them: the same, except that the operations
 * requiring the organization header take it as optional (the client sends it from `orgId`).
 * Every path is listed, and those operations are written out in full, as openapi-typescript
 * writes an operation: the type checker then resolves a call as it does for bare openapi-fetch,
 * with no type computed over the spec's paths (a generic "make the header optional" type costs
 * half as much again at a thousand operations, since tsc evaluates it for every such path).
 * @param {any} document @param {Operation[]} ops
 */
function pathsModule(document, ops) {
  const q = JSON.stringify;
  /** @type {Map<string, Map<string, Operation>>} operations requiring the header, by path and method */
  const relaxed = new Map();
  for (const op of ops) {
    if (op.orgHeader !== "required") continue;
    if (!relaxed.has(op.path)) relaxed.set(op.path, new Map());
    relaxed.get(op.path)?.set(op.method.toLowerCase(), op);
  }
  /** @param {Operation} op */
  const operationType = (op) => {
    const spec = `operations[${q(op.operationId)}]`;
    const isOrg = (/** @type {any} */ p) => p.in === "header" && String(p.name).toLowerCase() === ORG_HEADER;
    /** @param {string} where */
    const location = (where) => {
      const params = op.parameters.filter((p) => p.in === where);
      if (!params.length) return `${where}?: never;`;
      const optional = params.some((p) => p.required && !isOrg(p)) ? "" : "?";
      if (where !== "header") return `${where}${optional}: ${spec}["parameters"][${q(where)}];`;
      const members = params.map((p) => `${q(p.name)}${p.required && !isOrg(p) ? "" : "?"}: ${spec}["parameters"]["header"][${q(p.name)}];`);
      return `header${optional}: { ${members.join(" ")} };`;
    };
    const body = op.requestBody ? `requestBody${op.requestBody.required ? "" : "?"}: ${spec}["requestBody"];` : "requestBody?: never;";
    const parameters = ["query", "header", "path", "cookie"].map((where) => `        ${location(where)}\n`).join("");
    return `{\n      parameters: {\n${parameters}      };\n      ${body}\n      responses: ${spec}["responses"];\n    };`;
  };
  const members = Object.keys(document.paths ?? {}).map((path) => {
    const methods = relaxed.get(path);
    if (!methods) return `  ${q(path)}: SpecPaths[${q(path)}];\n`;
    const item = deref(document, document.paths[path]);
    const lines = HTTP_METHODS.map((m) => {
      const op = methods.get(m);
      if (op) return `    ${m}: ${operationType(op)}\n`;
      return item[m] ? `    ${m}: SpecPaths[${q(path)}][${q(m)}];\n` : `    ${m}?: never;\n`;
    });
    return `  ${q(path)}: {\n    parameters: SpecPaths[${q(path)}]["parameters"];\n${lines.join("")}  };\n`;
  });
  return `// ${HEADER}

import type { operations, paths as SpecPaths } from "@tokenkit/types";

/**
 * The spec's paths as the path-style methods take them: the organization header, which the spec
 * requires on ${relaxed.size} path${relaxed.size === 1 ? "" : "s"}, is optional in a call, since the client sends it from \`orgId\`.
 */
export interface ClientPaths {
${members.join("")}}
`;
}

// A constant rather than a JSON import, so every bundler and runtime can load it.
function versionModule() {
  const { version } = JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8"));
  return `// ${generatedHeader(GENERATOR, "packages/client/package.json")}\n\n/** This package's version. */\nexport const VERSION = ${JSON.stringify(version)};\n`;
}

/** The reader's list of named operations: one table per tag, in the spec's order. */
function operationsPage(/** @type {Record<string, any>} */ document, /** @type {Operation[]} */ ops) {
  const tags = (document.tags ?? []).filter((/** @type {{ name: string }} */ t) => ops.some((op) => op.tag === t.name));
  const sections = tags.map((/** @type {{ name: string, description?: string }} */ tag) => {
    const rows = ops
      .filter((op) => op.tag === tag.name)
      .map((op) => {
        const summary = `${op.operation.summary ?? ""}${op.operation.deprecated ? " (deprecated)" : ""}`;
        const all = op.paging ? ` and \`.all()\` over its \`${op.paging.items}\`` : "";
        return `| \`${op.name}(${namedArguments(op)})\`${all} | \`${op.method} ${op.path}\` | ${summary.replace(/\|/g, "\\|")} |`;
      });
    const about = tag.description ? `${tag.description.trim()}\n\n` : "";
    return `## \`client.${tag.name}\`\n\n${about}| method | request | summary |\n|---|---|---|\n${rows.join("\n")}\n`;
  });
  return `<!-- ${HEADER} -->

# Named operations

${ops.length} operations in ${tags.length} groups, one method per operation of the spec. Each
\`client.<group>.<method>(args, options?)\` resolves to the data of the success response or throws
an \`APIError\` subclass; \`.withResponse(args, options?)\` resolves to \`{ data, response }\`. Path
and query parameters are flat keys of \`args\`, the request body is \`body\`, and \`?\` marks what may
be left out. The same operations are reachable path-style: \`client.GET("/v1/apitokens")\`.
A paged list also has \`.all(args?, { pageSize?, limit? })\`, an async iterator over the items of
every page (README, "Paged lists").

${sections.join("\n")}`;
}

/** The files of this package, from a bundled spec (JSON). */
export function generate(specPath = require.resolve("@tokenkit/types/openapi.json")) {
  const document = JSON.parse(readFileSync(specPath, "utf8"));
  // The types generator has refused such a spec already, naming the file and line; a bundled spec
  // given here directly gets the same rules.
  const problems = validate(document);
  if (problems.length) throw new Error(`the spec is invalid:\n${problems.map((p) => `  ${p.message}`).join("\n")}`);
  const ops = operations(document);
  const tags = byTag(document, ops);
  return {
    "src/generated/operations.ts": operationsModule(tags),
    "src/generated/named-operations.ts": namedOperationsModule(document, tags),
    "src/generated/paths.ts": pathsModule(document, ops),
    "src/generated/version.ts": versionModule(),
    "OPERATIONS.md": operationsPage(document, ops),
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await runGenerator({ name: "@tokenkit/client", packageDir, defaultSpec: require.resolve("@tokenkit/types/openapi.json"), generate });
}
