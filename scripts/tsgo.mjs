// @ts-check
// The native TypeScript 7 compiler's executable, for the declaration step of the tsdown builds
// (rolldown-plugin-dts's `tsgo` generator). It writes the same declarations as TypeScript 5.9's
// API did for these packages, byte for byte, with a third of the CPU. The plugin prints a notice
// that TypeScript 7 "does not yet have a stable API": it concerns the JavaScript API, which this
// path does not use (the plugin runs the compiler's command line).
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";

/**
 * @param {string} from the URL of the importing module: its package's `typescript-7` is used
 * @returns {Promise<string>}
 */
export async function tsgoExecutable(from) {
  const typescript7 = dirname(createRequire(from).resolve("typescript-7/package.json"));
  /** @type {{ default: () => string }} */
  const { default: getExePath } = await import(pathToFileURL(join(typescript7, "lib/getExePath.js")).href);
  return getExePath();
}
