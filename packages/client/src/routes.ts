// The operation of each path template and method, looked up by the path-style methods. Built from
// the generated table on the first call, not at import time: importing the package does no work,
// and a bundle that never calls the client (an app importing only an error class) drops the table.
import { operationsByTag, type ApiFamily, type OrgHeaderRule } from "./generated/operations.js";

/** What a call needs to know about its operation. */
export interface Route {
  /** The API family, which decides the base URL. */
  api: ApiFamily;
  /** How the operation takes the organization header, or undefined when it does not. */
  orgHeader: OrgHeaderRule | undefined;
}

let routes: Map<string, Record<string, Route>> | undefined;

/** The operation at `path` (a template from the spec) with `method` (upper case), if the spec has one. */
export function findRoute(method: string, path: string): Route | undefined {
  return (routes ??= buildRoutes()).get(path)?.[method];
}

function buildRoutes(): Map<string, Record<string, Route>> {
  const byPath = new Map<string, Record<string, Route>>();
  for (const tag in operationsByTag) {
    const [api, ...entries] = operationsByTag[tag]!;
    for (const [, method, path, orgHeader] of entries) {
      let methods = byPath.get(path);
      if (!methods) byPath.set(path, (methods = {}));
      methods[method] = { api, orgHeader };
    }
  }
  return byPath;
}
