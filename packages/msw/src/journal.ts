// The journal: every request the mock received and what it answered, so an end-to-end test can
// assert what the app sent (`GET /__mock/requests`, `mock.requests()`). Credentials are masked
// before anything is stored.

export interface Violation {
  location: string[];
  severity?: string;
  code?: string | number;
  message: string;
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
  /** Query parameters; a repeated one is a list. */
  query: Record<string, string | string[]>;
  /** Request headers, lower-case names; `authorization`, `proxy-authorization` and `cookie` masked. */
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

/** A body as the journal keeps it: JSON parsed, text as is, both within `JOURNAL_BODY_LIMIT`. */
export function journalBody(text: string): unknown {
  if (!text) return null;
  const bytes = new TextEncoder().encode(text);
  if (bytes.length > JOURNAL_BODY_LIMIT) {
    const kept = new TextDecoder().decode(bytes.subarray(0, JOURNAL_BODY_LIMIT)).replace(/\uFFFD$/, "");
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

export function maskHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const text = Array.isArray(value) ? value.join(", ") : value;
    const key = name.toLowerCase();
    out[key] = MASKED.has(key) ? (key === "cookie" ? "***" : maskCredential(text)) : text;
  }
  return out;
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
