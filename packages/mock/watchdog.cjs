// @ts-check
// Loaded into every Prism process the mock starts (`node --require`): Prism exits as soon as the
// process that started it is gone, however that one ended (a crash, SIGKILL, a test runner
// tearing down its worker), so no Prism outlives its mock and keeps a port.
"use strict";
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) process.exit(0);
}, 250).unref();
