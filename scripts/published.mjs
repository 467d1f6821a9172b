// @ts-check
// The packages this repository publishes: the one `fixed` group of .changeset/config.json, which
// releases them together at one version. Read from there so the list is written down once.
import { readFileSync } from "node:fs";

const { fixed } = JSON.parse(readFileSync(new URL("../.changeset/config.json", import.meta.url), "utf8"));

/** Package names, in release order: `["@tokenkit/types", "@tokenkit/client"]`. */
export const PUBLISHED = /** @type {string[]} */ (fixed[0]);

/** Their folders under packages/: `["types", "client"]`. */
export const PUBLISHED_DIRS = PUBLISHED.map((name) => name.replace(/^@tokenkit\//, ""));
