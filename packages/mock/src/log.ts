// Prism logs about ten lines per request. Someone wiring a frontend to the mock needs three
// facts from them: which request came in, which status went out and, when the request was
// rejected, which field was wrong. This turns Prism's log into exactly that:
//
//   POST /bv/org/v1/groups → 400
//     ✖ request.body: Request body must have required property 'name'

// "[4:11:40 PM] › [HTTP SERVER] post /bv/org/v1/groups ℹ  info      Request received"
const RECEIVED = /\[HTTP SERVER\] (\w+) (\S+) .*Request received/;
// "[NEGOTIATOR] ℹ  info      > Responding with "400""
const RESPONDING = /> Responding with "(\d{3})"/;
// "[VALIDATOR] ✖  error     Violation: request.body.resource_type Request body property ..."
const VIOLATION = /Violation: (\S+) (.*)$/;
// "[HTTP SERVER] get /v1/nope ✖  error     Request terminated with error: https://...#NO_PATH_MATCHED_ERROR: Route not resolved, ..."
const TERMINATED = /\[HTTP SERVER\] (\w+) (\S+) .*Request terminated with error: \S+: (.*)$/;

/** Returns a function that maps one Prism log line to a line to print, or `undefined` to skip it. */
export function requestLog(): (line: string) => string | undefined {
  // Prism handles one request at a time per log sequence; the last one received is the current one.
  let current = "";
  return (line) => {
    let m = TERMINATED.exec(line);
    if (m) return `${m[1]!.toUpperCase()} ${m[2]} → failed: ${m[3]}`;
    m = RECEIVED.exec(line);
    if (m) {
      current = `${m[1]!.toUpperCase()} ${m[2]}`;
      return undefined;
    }
    m = RESPONDING.exec(line);
    if (m) return `${current} → ${m[1]}`;
    m = VIOLATION.exec(line);
    if (m) return `  ✖ ${m[1]}: ${m[2]}`;
    return undefined;
  };
}
