// @ts-check
// Loaded into every Prism process the mock starts (`node --require`): Prism exits as soon as the
// process that started it is gone, however that one ended (a crash, SIGKILL, a test runner
// tearing down its worker), so no Prism outlives its mock and keeps a port.
"use strict";
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) process.exit(0);
}, 250).unref();

// Node writes the compiled code it keeps in NODE_COMPILE_CACHE when a process exits on its own,
// and Prism is ended by a signal: so write it once Prism listens (its modules all loaded), and the
// next Prism on this machine starts from it instead of compiling its thousand modules again.
const { flushCompileCache } = require("node:module");
const diagnostics = require("node:diagnostics_channel");
const LISTENING = "tracing:net.server.listen:asyncEnd";
const flush = () => {
  diagnostics.unsubscribe(LISTENING, flush);
  // Absent from a Node older than 22.10 (`node` option), which keeps no such cache either.
  flushCompileCache?.();
};
diagnostics.subscribe(LISTENING, flush);
