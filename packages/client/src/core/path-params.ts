import { InvalidArgumentError } from "../errors.js";
import { PATH_TEMPLATE_PARAM as PATH_PARAM } from "../generated/operations.js";
import { hasLoneSurrogate } from "./options.js";

/**
 * Checks one path parameter value. Values that are missing, empty, blank, `.` or `..` are
 * refused: even percent-encoded, `.` and `..` are dot-segments that URL parsers remove, so they
 * would silently call a different route. A string that is not well-formed Unicode (a lone
 * surrogate) cannot be percent-encoded at all.
 */
function checkPathParam(name: string, value: unknown): string {
  const text = String(value);
  if ((typeof value !== "string" && !Number.isFinite(value)) || !text.trim() || text === "." || text === "..") {
    throw new InvalidArgumentError(name, `path parameter "${name}" must be a non-blank string other than "." and "..", got ${typeof value === "string" ? JSON.stringify(value) : text}`);
  }
  if (hasLoneSurrogate(text)) throw new InvalidArgumentError(name, `path parameter "${name}" is not well-formed Unicode (a lone surrogate)`);
  return text;
}

/**
 * Fills `{name}` placeholders, checking each value and percent-encoding it, so no value can
 * change the route.
 */
export const fillPath = (url: string, params: Record<string, unknown> | undefined): string =>
  url.replace(PATH_PARAM, (_, name: string) => encodeURIComponent(checkPathParam(name, params?.[name])));
