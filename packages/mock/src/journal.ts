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
  /** Increases by one per request, from 1 (also after a clear). */
  seq: number;
  /** When the request arrived (ISO 8601). */
  time: string;
  method: string;
  /** The path, without the query. */
  path: string;
  /** Query parameters; a repeated one is a list. */
  query: Record<string, string | string[]>;
  /** Request headers, lower-case names; `authorization`, `proxy-authorization` and `cookie` masked. */
  headers: Record<string, string>;
  /** The body: parsed JSON when it is JSON, else the text; absent when empty. */
  body?: unknown;
  /** The operation the request was for, when it matched one. */
  operationId?: string;
  /** The status answered; `null` when the connection was dropped on purpose or the client had gone. */
  status: number | null;
  /** Present when the client closed the connection before the answer (e.g. its timeout ran out). */
  closedByClient?: true;
  /** What was wrong with the request (Prism's `sl-violations`, or the mock's own checks). */
  violations: Violation[];
  /** The fault applied on cue, if any: `"429"`, `"drop"`, `"delay 300ms"`… */
  fault?: string;
  /** From arrival to the last byte of the answer, in ms. */
  durationMs: number;
}

/** How many entries are kept; older ones are dropped first. */
export const JOURNAL_LIMIT = 1000;

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
