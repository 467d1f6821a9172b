// @ts-check
// What `pnpm pack` and `pnpm publish` (so `npm run release`) put in a published package.json:
// the manifest without what only this repository uses. devDependencies name private workspace
// packages that no registry has, and the scripts run this repository's own tools.
/** @type {{ hooks: { beforePacking(manifest: Record<string, unknown>): Record<string, unknown> } }} */
module.exports = {
  hooks: {
    beforePacking(manifest) {
      delete manifest.devDependencies;
      delete manifest.scripts;
      return manifest;
    },
  },
};
