// @ts-check
// Verdaccio on 127.0.0.1 and a port the OS picks (no race for a free port), in its own process so
// the tests stop it by its PID. Prints {"url": ...} once it listens.
//   node verdaccio.mjs <config.yaml>
import { runServer } from "verdaccio";

const server = await runServer(process.argv[2]);
server.listen(0, "127.0.0.1", () => {
  const { port } = /** @type {import("node:net").AddressInfo} */ (server.address());
  console.log(JSON.stringify({ url: `http://127.0.0.1:${port}/` }));
});
for (const signal of ["SIGTERM", "SIGINT"]) {
  process.on(signal, () => {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  });
}
