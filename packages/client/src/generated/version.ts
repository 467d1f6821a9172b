// This file is generated from packages/client/package.json by packages/client/scripts/generate.mjs. Do not edit it by hand.

/** This package's version. */
export const VERSION = "0.0.0";
