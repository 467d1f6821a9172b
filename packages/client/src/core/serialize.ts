// What a request is made of, written here rather than imported from openapi-fetch's runtime:
// its query serializer handles the path styles too (label, matrix, simple) and is most of the
// 2.3 kB its runtime adds to a bundle, while a query needs only the styles below. The output
// is openapi-fetch's, byte for byte, for every option it accepts (test/serialize.test.ts
// compares the two).
import type { QuerySerializerOptions } from "openapi-fetch";
import { InvalidArgumentError } from "../errors.js";
import { hasLoneSurrogate, type HeaderRecord } from "./options.js";

/** What joins the items of an array that is not exploded, by style. */
const ARRAY_JOINERS: Record<string, string> = { spaceDelimited: "%20", pipeDelimited: "|" };

/**
 * A query serializer: arrays `form` exploded (`a=1&a=2`) and objects `deepObject`
 * (`a[b]=1`) unless `options` says otherwise. A nested value, and a string that is not
 * well-formed Unicode (it cannot be percent-encoded), are refused, naming the parameter.
 */
export const querySerializer =
  ({ array, object, allowReserved }: QuerySerializerOptions = {}) =>
  (query: Record<string, unknown>): string => {
    const parts: string[] = [];
    for (const name in query) {
      const value = query[name];
      if (value == null || (Array.isArray(value) && !value.length)) continue;
      // Checked before encoding: encodeURIComponent throws on a lone surrogate, and a key or an
      // allowReserved value would reach the URL as is.
      const raw = (text: string) => {
        if (hasLoneSurrogate(text)) throw new InvalidArgumentError(name, `query parameter "${name}" is not well-formed Unicode (a lone surrogate)`);
        return text;
      };
      const encode = (item: unknown): string => {
        if (typeof item === "object" && item) throw new InvalidArgumentError(name, `query parameter "${name}" cannot hold nested arrays or objects`);
        // As openapi-fetch: a null item of an unexploded array is "null" when encoded, "" when not.
        return allowReserved ? raw(String(item ?? "")) : encodeURIComponent(raw(String(item)));
      };
      const pair = (key: string, item: unknown) => (item == null ? "" : `${raw(key)}=${encode(item)}`);
      if (Array.isArray(value)) {
        parts.push(array?.explode === false ? `${name}=${value.map(encode).join(ARRAY_JOINERS[array.style] ?? ",")}` : value.map((item) => pair(name, item)).join("&"));
      } else if (typeof value === "object") {
        const keys = Object.keys(value) as (keyof typeof value)[];
        parts.push(
          object?.style !== "form"
            ? keys.map((key) => pair(`${name}[${key}]`, value[key])).join("&")
            : object.explode === false
              ? `${name}=${keys.flatMap((key) => [raw(key), encode(value[key])]).join(",")}`
              : keys.map((key) => pair(key, value[key])).join("&"),
        );
      } else parts.push(pair(name, value));
    }
    return parts.join("&");
  };

/**
 * A body as openapi-fetch sends it: FormData as is, URL-encoded when the headers say
 * `application/x-www-form-urlencoded`, otherwise JSON.
 */
export const serializeBody = (body: unknown, headers?: Headers): unknown =>
  body instanceof FormData
    ? body
    : headers?.get("content-type") === "application/x-www-form-urlencoded"
      ? String(new URLSearchParams(body as Record<string, string>))
      : JSON.stringify(body);

/**
 * Headers from records, later ones winning, as openapi-fetch merges them: `null` removes a
 * header, an array sends each value, `undefined` is skipped.
 */
export function mergeHeaders(records: (HeaderRecord | undefined)[]): Headers {
  const headers = new Headers();
  for (const record of records) {
    for (const name in record) {
      const value = record[name];
      if (value === null) headers.delete(name);
      else if (Array.isArray(value)) for (const item of value) headers.append(name, String(item));
      else if (value !== undefined) headers.set(name, String(value));
    }
  }
  return headers;
}
