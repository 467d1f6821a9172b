// The journal: every request the mock received and what it answered, so an end-to-end test can
// assert what the app sent (`GET /__mock/requests`, `mock.requests()`). Credentials are masked
// before anything is stored, wherever the request repeats them (`maskEntry`).

export interface Violation {
  location: string[];
  severity?: string;
  code?: string | number;
  message: string;
  /**
   * The JSON pointer of the value at fault in the answer's body (`/tokens/0/revoked`; `""` for
   * the status, a header or the body as a whole). Set on what the proxy finds in answers.
   */
  pointer?: string;
}

export interface JournalEntry {
  /** Increases by one per entry, from 1 (also after a clear). */
  seq: number;
  /** When the request arrived (ISO 8601). */
  time: string;
  /**
   * `null` for a request. Otherwise something the mock did by itself (e.g. `Prism exited (signal
   * SIGKILL) and was restarted`); such an entry has an empty method and path.
   */
  event: string | null;
  method: string;
  /** The path, without the query. */
  path: string;
  /** Query parameters; a repeated one is a list. A credential's (`access_token`, `api_key`…: CREDENTIAL_PARAMS) is `***`. */
  query: Record<string, string | string[]>;
  /** Request headers, lower-case names; `authorization`, `proxy-authorization`, `cookie`, `x-api-key`, `api-key` and `x-auth-token` masked. */
  headers: Record<string, string>;
  /**
   * The body: parsed JSON when it is JSON, else the text; `null` when empty. A body longer than
   * `JOURNAL_BODY_LIMIT` (16 KiB) is kept as its first 16 KiB of text followed by
   * `… [N more bytes cut]`.
   */
  body: unknown;
  /** The operation the request was for; `null` when it matched none. */
  operationId: string | null;
  /** The status the app received; `null` when the connection was dropped on purpose or the client had gone. */
  status: number | null;
  /** `true` when the client closed the connection before the answer (e.g. its timeout ran out). */
  closedByClient: boolean;
  /** What was wrong with the request (Prism's `sl-violations`, or the mock's own checks); empty when nothing. */
  violations: Violation[];
  /** The fault applied on cue: `"429"`, `"drop"`, `"delay 300ms"`…; `null` when none. */
  fault: string | null;
  /** From arrival to the last byte of the answer, in ms. */
  durationMs: number;
}

/** JSON with everything outside printable ASCII escaped, fit for a header value (`sl-violations`). */
export const asciiJson = (value: unknown) => JSON.stringify(value).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);

/** How many entries are kept; older ones are dropped first. */
export const JOURNAL_LIMIT = 1000;
/** How many bytes of a request body an entry keeps; the rest is cut, and the cut is marked. */
export const JOURNAL_BODY_LIMIT = 16 * 1024;

/** `text` with every one of `credentials` (longest first, as `credentialsOf` gives them) replaced by `***`. */
export const maskAll = (text: string, credentials: readonly string[]): string =>
  credentials.reduce((masked, secret) => (masked.includes(secret) ? masked.replaceAll(secret, "***") : masked), text);

/** A body as the journal keeps it: JSON parsed, text as is, both within `JOURNAL_BODY_LIMIT`; `credentials` as `credentialsOf` gives them. */
export function journalBody(text: string, credentials: readonly string[] = []): unknown {
  if (!text) return null;
  const bytes = new TextEncoder().encode(text);
  if (bytes.length > JOURNAL_BODY_LIMIT) {
    // The request's credentials (longest first) masked before the cut, so none is cut in two
    // with its start kept; only the text the cut keeps, and a credential's length past it.
    const head = credentials.length
      ? new TextEncoder().encode(maskAll(text.slice(0, JOURNAL_BODY_LIMIT + credentials[0]!.length), credentials))
      : bytes;
    const kept = new TextDecoder().decode(head.subarray(0, JOURNAL_BODY_LIMIT)).replace(/\uFFFD$/, "");
    return `${kept}… [${bytes.length - JOURNAL_BODY_LIMIT} more bytes cut]`;
  }
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * The terminal line of an entry: what the app received, and the violations under it.
 *
 *   POST /bv/org/v1/groups → 400
 *     ✖ request.body: Request body must have required property 'name'
 */
export function formatEntry(entry: JournalEntry): string {
  if (entry.event) return `mock: ${entry.event}`;
  const outcome =
    entry.fault === "drop"
      ? "dropped (x-mock-fault: drop)"
      : entry.closedByClient
        ? "not answered: the client closed the connection"
        : `${entry.status}${entry.fault && entry.fault !== "drop" ? ` (fault ${entry.fault})` : ""}`;
  const lines = [`${entry.method} ${entry.path} → ${outcome}`];
  for (const v of entry.violations) lines.push(`  ✖ ${v.location.join(".")}: ${v.message}`);
  return lines.join("\n");
}

/** `Bearer abc.def` → `Bearer ***`; a scheme-less secret → `***`. */
export function maskCredential(value: string): string {
  const m = /^(\S+)\s+\S/.exec(value);
  return m ? `${m[1]} ***` : "***";
}

const MASKED = new Set(["authorization", "proxy-authorization", "cookie"]);
/** Headers that carry an API key by convention: their value is `***` whole. */
const KEY_HEADERS = new Set(["x-api-key", "api-key", "x-auth-token"]);

export function maskHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const text = Array.isArray(value) ? value.join(", ") : value;
    const key = name.toLowerCase();
    out[key] = MASKED.has(key) ? (key === "cookie" ? "***" : maskCredential(text)) : KEY_HEADERS.has(key) ? "***" : text;
  }
  return out;
}

/**
 * Query parameters that carry a credential: `access_token` (RFC 6750, section 2.3) and the usual
 * names of a token, an API key or a password. Their values are `***` in the journal.
 */
export const CREDENTIAL_PARAMS: ReadonlySet<string> = new Set(["access_token", "token", "id_token", "refresh_token", "api_key", "apikey", "api-key", "client_secret", "password", "secret"]);

/** Shorter values are left alone where they show elsewhere: hiding one letter would blank every word that has it. */
const MIN_SECRET = 4;

/**
 * The credentials a request carries, longest first: the `authorization` and
 * `proxy-authorization` values and their credential part, an API key header's value (for Basic, decoded too: `user:password`
 * and the password), every `cookie` value, and the values of the CREDENTIAL_PARAMS in the query;
 * each also percent-encoded, as a path shows it.
 * `maskEntry` hides them wherever else the request repeats them (its path, body, other headers,
 * and the violations quoting them).
 */
export function credentialsOf(headers: Record<string, string>, query: URLSearchParams): string[] {
  const found: string[] = [];
  for (const [name, raw] of Object.entries(headers)) {
    const key = name.toLowerCase();
    const value = raw.trim();
    if (key === "authorization" || key === "proxy-authorization") {
      found.push(value);
      // A header sent twice arrives as one value, the two joined with ", ".
      for (const one of value.split(/,\s*/)) {
        const m = /^(\S+)\s+(.+)$/.exec(one);
        const credential = m ? m[2]!.trim() : one;
        found.push(one, credential);
        if (m && /^basic$/i.test(m[1]!)) {
          try {
            const decoded = atob(credential);
            found.push(decoded, decoded.slice(decoded.indexOf(":") + 1));
          } catch {
            // not Base64: the value itself is masked
          }
        }
      }
    } else if (KEY_HEADERS.has(key)) {
      found.push(value);
    } else if (key === "cookie") {
      found.push(value);
      for (const pair of value.split(";")) found.push(pair.trim(), pair.slice(pair.indexOf("=") + 1).trim());
    }
  }
  for (const [name, value] of query) if (CREDENTIAL_PARAMS.has(name.toLowerCase())) found.push(value);
  // A path shows a credential percent-encoded (a Base64 token's `/`, `+`, `=`).
  for (const secret of [...found]) found.push(encodeURIComponent(secret));
  return [...new Set(found.filter((s) => s.length >= MIN_SECRET))].sort((a, b) => b.length - a.length);
}

/**
 * Hides a request's `credentials` (see `credentialsOf`) wherever its entry shows them: the path,
 * the query (a CREDENTIAL_PARAMS value is `***` whole), the headers, the body and the violations.
 * Run on an entry before it is recorded, so the journal, the violation counts and `onRequest`
 * never get them.
 */
export function maskEntry(entry: JournalEntry, credentials: readonly string[]): void {
  const mask = (text: string) => maskAll(text, credentials);
  const deep = (value: unknown): unknown =>
    typeof value === "string"
      ? mask(value)
      : Array.isArray(value)
        ? value.map(deep)
        : value && typeof value === "object"
          ? Object.fromEntries(Object.entries(value).map(([key, item]) => [mask(key), deep(item)]))
          : value;
  entry.query = Object.fromEntries(Object.entries(entry.query).map(([name, value]) => [name, CREDENTIAL_PARAMS.has(name.toLowerCase()) ? (Array.isArray(value) ? value.map(() => "***") : "***") : (deep(value) as string)]));
  if (!credentials.length) return;
  entry.path = mask(entry.path);
  entry.headers = deep(entry.headers) as Record<string, string>;
  entry.body = deep(entry.body);
  entry.violations = entry.violations.map((v) => ({ ...v, location: v.location.map(mask), message: mask(v.message) }));
}

export function queryObject(params: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(params.keys())) {
    const all = params.getAll(key);
    out[key] = all.length === 1 ? all[0]! : all;
  }
  return out;
}

export class Journal {
  private entries: JournalEntry[] = [];
  private seq = 0;

  nextSeq(): number {
    return ++this.seq;
  }

  add(entry: JournalEntry): void {
    this.entries.push(entry);
    if (this.entries.length > JOURNAL_LIMIT) this.entries.splice(0, this.entries.length - JOURNAL_LIMIT);
  }

  list(): JournalEntry[] {
    return structuredClone(this.entries);
  }

  clear(): void {
    this.entries = [];
  }
}

/** One kind of disagreement seen for an operation: where, how often, and the last message. */
export interface ViolationCount {
  code: string | number | null;
  /** Where, as in the journal, with array indices shown as `*` (`response.body.tokens.*.revoked`). */
  location: string;
  count: number;
  /** The last message, and the journal `seq` of the last request it came with. */
  message: string;
  lastSeq: number;
}

/** What `GET /__mock/violations` answers for one operation. */
export interface OperationViolations {
  /** `null` for the requests that matched no operation of the spec. */
  operationId: string | null;
  /** Requests received for it, and how many of them came with a violation. */
  requests: number;
  withViolations: number;
  /** Most frequent first. */
  violations: ViolationCount[];
}

/** How many kinds of violation are counted per operation; further kinds are only counted in `withViolations`. */
export const VIOLATION_KINDS_LIMIT = 200;

/**
 * The violations of every request, counted per operation and kind, kept apart from the journal
 * (which keeps only the last entries), so a day of traffic through the proxy adds up.
 */
export class ViolationSummary {
  private byOperation = new Map<string | null, { requests: number; withViolations: number; kinds: Map<string, ViolationCount> }>();

  constructor(private readonly operationIds: string[]) {
    this.clear();
  }

  add(entry: JournalEntry): void {
    if (entry.event) return;
    let op = this.byOperation.get(entry.operationId);
    if (!op) this.byOperation.set(entry.operationId, (op = { requests: 0, withViolations: 0, kinds: new Map() }));
    op.requests++;
    if (entry.violations.length) op.withViolations++;
    for (const v of entry.violations) {
      const location = v.location.map((part) => (/^\d+$/.test(part) ? "*" : part)).join(".");
      const key = `${v.code ?? ""} ${location}`;
      const kind = op.kinds.get(key);
      if (kind) Object.assign(kind, { count: kind.count + 1, message: v.message, lastSeq: entry.seq });
      else if (op.kinds.size < VIOLATION_KINDS_LIMIT) op.kinds.set(key, { code: v.code ?? null, location, count: 1, message: v.message, lastSeq: entry.seq });
    }
  }

  /** Every operation of the spec (in spec order, with none requested too), then the unmatched requests if any. */
  list(): OperationViolations[] {
    return [...this.byOperation]
      .filter(([operationId, op]) => operationId !== null || op.requests > 0)
      .map(([operationId, op]) => ({ operationId, requests: op.requests, withViolations: op.withViolations, violations: [...op.kinds.values()].sort((a, b) => b.count - a.count).map((k) => ({ ...k })) }));
  }

  clear(): void {
    this.byOperation = new Map([...this.operationIds, null].map((id) => [id, { requests: 0, withViolations: 0, kinds: new Map() }]));
  }
}
