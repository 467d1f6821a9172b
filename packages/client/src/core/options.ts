// Checks of the caller's options and arguments. Each refuses a bad value with an
// InvalidArgumentError naming the field, before anything is sent, so no TypeError from
// `Headers`, `URL` or `setTimeout` ever reaches the caller (and none can quote a header value).
import { InvalidArgumentError } from "../errors.js";

/** The longest delay a timer can hold (about 24.8 days); a longer one fires at once. */
export const MAX_DELAY = 2_147_483_647;

/** The longest string a refusal quotes: a longer one may be a credential given in the wrong place. */
const QUOTED = 12;

/** The refusal of every check: `"<field>" must be <expected>, got <what was given>`. */
const refuse = (field: string, expected: string, value: unknown, got?: string) =>
  new InvalidArgumentError(
    field,
    `"${field}" must be ${expected}, got ${got ?? (value === null ? "null" : Array.isArray(value) ? "an array" : typeof value === "string" ? (value.length > QUOTED ? `a string of ${value.length} characters` : JSON.stringify(value)) : typeof value === "number" ? value : typeof value === "object" ? "an object" : `a ${typeof value}`)}`,
  );

/** `value`, unless it is present and fails `test`; undefined takes `fallback`. */
function checked<T>(field: string, value: unknown, test: (value: unknown) => boolean, expected: string, fallback?: T): T {
  if (value === undefined) return fallback as T;
  if (!test(value)) throw refuse(field, expected, value);
  return value as T;
}

// The tests are made once, not per check: several checks run on every call.
const isDelay = (value: unknown) => typeof value === "number" && value >= 0 && value <= MAX_DELAY;
const isCount = (value: unknown) => Number.isSafeInteger(value) && (value as number) >= 0;
const isFunction = (value: unknown) => typeof value === "function";
const isSignal = (value: unknown) => value instanceof AbortSignal;

// Its description is written here rather than kept in a module-level template literal, which
// bundlers keep even in a bundle that never checks a duration (an app importing only an error class).
/** A duration in ms from 0 to MAX_DELAY; undefined takes `fallback`. */
export const milliseconds = (field: string, value: unknown, fallback: number): number =>
  checked(field, value, isDelay, `a number of milliseconds from 0 to ${MAX_DELAY}`, fallback);

/** A whole number >= 0; undefined takes `fallback`. */
export const count = (field: string, value: unknown, fallback: number): number => checked(field, value, isCount, "a whole number >= 0", fallback);

/** A function, or undefined. */
export const optionalFunction = <T>(field: string, value: T | undefined): T | undefined => checked(field, value, isFunction, "a function");

/** An AbortSignal, or undefined. */
export const optionalSignal = (field: string, value: unknown): AbortSignal | undefined => checked(field, value, isSignal, "an AbortSignal");

const isObject = (value: unknown) => typeof value === "object" && value !== null && !Array.isArray(value);

/** An options object, or undefined. */
export const optionalObject = <T extends object>(field: string, value: T | undefined): T | undefined => checked(field, value, isObject, "an object");

// RFC 9110: a field name is a token; a value is visible ASCII, obs-text, spaces and tabs (no
// CR, LF, NUL or other control characters, nothing above U+00FF).
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

/** A header value; the value itself is never quoted (it may be a credential). */
export function headerValue(field: string, value: unknown): string {
  const text = typeof value === "number" || typeof value === "boolean" ? String(value) : value;
  if (typeof text === "string" && HEADER_VALUE.test(text)) return text;
  throw refuse(field, "a header value without control characters", value, typeof text === "string" ? "one with them" : undefined);
}

type HeaderItem = string | number | boolean;
export type HeaderRecord = Record<string, HeaderItem | HeaderItem[] | null | undefined>;

/**
 * Headers given as a plain object or a `Headers` (copied into an object). Every name and value
 * is checked; `null` and `undefined` values are kept (they remove a header, or are skipped).
 */
export function headers(field: string, value: unknown): HeaderRecord | undefined {
  if (value instanceof Headers) {
    const copy: HeaderRecord = {};
    value.forEach((item, name) => (copy[name] = item));
    return copy;
  }
  for (const [name, item] of Object.entries(checked<object>(field, value, isObject, "an object of header names and values") ?? {})) {
    // Not named in the field: a name that is not one may hold a credential (`Authorization: Bearer …`).
    if (!HEADER_NAME.test(name)) throw refuse(field, "an object of valid header names", name);
    for (const one of [item].flat()) if (one != null) headerValue(`${field}.${name}`, one);
  }
  return value as HeaderRecord | undefined;
}

/** True when `headers` sets `name` (lower case) to a value. */
export function hasHeader(headers: HeaderRecord | undefined, name: string): boolean {
  for (const key in headers) if (key.toLowerCase() === name && headers[key] != null) return true;
  return false;
}

/**
 * A base URL, absolute or relative to the page in a browser, returned without a trailing slash.
 * One with credentials (`https://user:password@host`) is refused (`fetch` refuses it too): they
 * would show in every error's `METHOD url`. Read as the URL parser reads them, as `fetch` does
 * (`http:user:password@host`, backslashes for slashes).
 */
export function baseUrl(field: string, value: unknown): string {
  const base = (globalThis as { location?: { href?: string } }).location?.href;
  return checked<string>(field, value, (v) => typeof v === "string" && URL.canParse(v, base) && ((url) => !url.username && !url.password)(new URL(v, base)), "an absolute URL without user:password@", "").replace(/\/+$/, "");
}

// In a `u` regex a well-formed surrogate pair is one code point; only a lone half matches.
const LONE_SURROGATE = /\p{Cs}/u;

/** True when `text` is not well-formed UTF-16 (`encodeURIComponent` would throw a URIError). */
export const hasLoneSurrogate = (text: string) => LONE_SURROGATE.test(text);
