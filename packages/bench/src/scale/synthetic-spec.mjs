// Synthetic specs of any size, made from ours: the bundled spec's operations repeated, each copy
// under its own path prefix, operationId suffix and tags, so the result is a valid description
// that lints clean with the project's rules and has the shape of a large real API (many tags,
// a few to a few dozen operations per tag, shared components).
//
//   syntheticSpec(document, 2000)   -> a document with exactly 2000 operations
//
// Copy 0 is our spec unchanged; copy c > 0 prefixes its paths with `/c<c>`, suffixes its
// operationIds with `<c>`, and files its operations under tags `<tag><g>`, g = floor(c / COPIES_PER_TAG).

import { HTTP_METHODS, operations as specOperations } from "@tokenkit/spec-model";

/** Copies of the spec that share one set of tags: with ours, a tag then holds 4 to 20 operations. */
export const COPIES_PER_TAG = 4;

/**
 * @param {any} document the bundled spec (refs internal to the document)
 * @param {number} count operations wanted, at least as many as the spec has
 * @returns {any} a new document with `count` operations
 */
export function syntheticSpec(document, count) {
  const operations = specOperations(document);
  // Fewer would leave components unused, which the linter rightly refuses.
  if (!Number.isInteger(count) || count < operations.length) {
    throw new Error(`operation count must be an integer >= ${operations.length} (the spec's own operations), got ${count}`);
  }
  const tagsByName = new Map(document.tags.map((/** @type {any} */ tag) => [tag.name, tag]));
  /** @type {Record<string, any>} */
  const paths = {};
  /** @type {any[]} */
  const tags = [];
  const seenTags = new Set();
  for (let i = 0; i < count; i++) {
    const copy = Math.floor(i / operations.length);
    const { path, method: upper } = /** @type {import("@tokenkit/spec-model").Operation} */ (operations[i % operations.length]);
    const method = upper.toLowerCase();
    const source = document.paths[path];
    const target = copy === 0 ? path : `/c${copy}${path}`;
    // Path-level fields (servers, parameters) come with the first operation of the path.
    const item = (paths[target] ??= Object.fromEntries(Object.entries(source).filter(([key]) => !HTTP_METHODS.includes(/** @type {any} */ (key)))));
    const group = Math.floor(copy / COPIES_PER_TAG);
    const suffix = (/** @type {string} */ name) => (copy === 0 ? name : `${name}${copy}`);
    const op = structuredClone(source[method]);
    op.operationId = suffix(op.operationId);
    op.tags = op.tags.map((/** @type {string} */ name) => {
      const tagName = group === 0 ? name : `${name}${group}`;
      if (!seenTags.has(tagName)) {
        seenTags.add(tagName);
        const tag = tagsByName.get(name);
        tags.push(group === 0 ? tag : { ...tag, name: tagName, description: `${tag.description} (group ${group})` });
      }
      return tagName;
    });
    item[method] = op;
  }
  // Keep the spec's own tag order first (group 0), then each group's tags in order of appearance.
  return { ...document, tags, paths };
}
