// Checks of the caller's options and arguments. Each refuses a bad value with an
// InvalidArgumentError naming the field, before anything is sent, so no TypeError from
// `Headers`, `URL` or `setTimeout` ever reaches the caller (and none can quote a header value).
import { InvalidArgumentError } from "../errors.js";

/** The longest delay a timer can hold (about 24.8 days); a longer one fires at once. */
export const MAX_DELAY = 2_147_483_647;

const describe = (value: unknown) =>
  value === null ? "null" : Array.isArray(value) ? "an array" : typeof value === "string" ? JSON.stringify(value) : typeof value === "number" ? String(value) : `a ${typeof value}`;

/** A duration in ms: undefined takes `fallback`; anything but a number from 0 to MAX_DELAY is refused. */
export function milliseconds(field: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !(value >= 0 && value <= MAX_DELAY)) {
    throw new InvalidArgumentError(field, `option "${field}" must be a number of milliseconds from 0 to ${MAX_DELAY}, got ${describe(value)}`);
  }
  return value;
}

/** A count: undefined takes `fallback`; anything but a whole number >= 0 is refused. */
export function count(field: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) {
    throw new InvalidArgumentError(field, `option "${field}" must be a whole number >= 0, got ${describe(value)}`);
  }
  return value;
}

// RFC 9110: a field name is a token; a value is visible ASCII, obs-text, spaces and tabs (no
// CR, LF, NUL or other control characters, nothing above U+00FF).
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

/** A header value; the value itself is never quoted (it may be a credential). */
export function headerValue(field: string, value: unknown): string {
  const text = typeof value === "number" || typeof value === "boolean" ? String(value) : value;
  if (typeof text !== "string" || !HEADER_VALUE.test(text)) {
    throw new InvalidArgumentError(field, `"${field}" must be a header value without control characters, got ${typeof text === "string" ? "one with them" : describe(value)}`);
  }
  return text;
}

type HeaderItem = string | number | boolean;
export type HeaderRecord = Record<string, HeaderItem | HeaderItem[] | null | undefined>;

/**
 * Headers given as a plain object or a `Headers` (copied into an object). Every name and value
 * is checked; `null` and `undefined` values are kept (openapi-fetch drops them).
 */
export function headers(field: string, value: unknown): HeaderRecord | undefined {
  if (value === undefined) return undefined;
  if (value instanceof Headers) {
    const copy: HeaderRecord = {};
    value.forEach((item, name) => (copy[name] = item));
    return copy;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new InvalidArgumentError(field, `"${field}" must be an object of header names and values, got ${describe(value)}`);
  }
  for (const [name, item] of Object.entries(value)) {
    if (!HEADER_NAME.test(name)) throw new InvalidArgumentError(`${field}.${name}`, `"${field}" has an invalid header name ${JSON.stringify(name)}`);
    for (const one of Array.isArray(item) ? item : [item]) if (one !== null && one !== undefined) headerValue(`${field}.${name}`, one);
  }
  return value as HeaderRecord;
}

/** True when `headers` sets `name` (lower case) to a value. */
export function hasHeader(headers: HeaderRecord | undefined, name: string): boolean {
  for (const key in headers) if (key.toLowerCase() === name && headers[key] != null) return true;
  return false;
}

/** A base URL, absolute or relative to the page in a browser, returned without a trailing slash. */
export function baseUrl(field: string, value: unknown): string {
  const base = (globalThis as { location?: { href?: string } }).location?.href;
  if (typeof value === "string" && URL.canParse(value, base)) return value.replace(/\/+$/, "");
  throw new InvalidArgumentError(field, `option "${field}" must be an absolute URL, got ${describe(value)}`);
}

/** A function option, or undefined. */
export function optionalFunction<T>(field: string, value: T | undefined): T | undefined {
  if (value === undefined || typeof value === "function") return value;
  throw new InvalidArgumentError(field, `option "${field}" must be a function, got ${describe(value)}`);
}

/** An AbortSignal, or undefined. */
export function optionalSignal(field: string, value: unknown): AbortSignal | undefined {
  if (value === undefined || value instanceof AbortSignal) return value;
  throw new InvalidArgumentError(field, `option "${field}" must be an AbortSignal, got ${describe(value)}`);
}

/** An options object, or undefined. */
export function optionalObject<T extends object>(field: string, value: T | undefined): T | undefined {
  if (value === undefined || (typeof value === "object" && value !== null && !Array.isArray(value))) return value;
  throw new InvalidArgumentError(field, `"${field}" must be an object, got ${describe(value)}`);
}

// In a `u` regex a well-formed surrogate pair is one code point; only a lone half matches.
const LONE_SURROGATE = /\p{Cs}/u;

/** True when `text` is not well-formed UTF-16 (`encodeURIComponent` would throw a URIError). */
export const hasLoneSurrogate = (text: string) => LONE_SURROGATE.test(text);
