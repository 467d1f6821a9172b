import { InvalidArgumentError } from "../errors.js";

const PATH_PARAM = /\{([^{}]+)\}/g;

/**
 * Checks one path parameter value. Values that are empty, blank, `.` or `..` are refused:
 * even percent-encoded, `.` and `..` are dot-segments that URL parsers remove, so they would
 * silently call a different route.
 */
export function checkPathParam(name: string, value: unknown): string {
  if (value === undefined || value === null) {
    throw new InvalidArgumentError(name, `path parameter "${name}" is required but was ${value}`);
  }
  if (typeof value !== "string" && typeof value !== "number") {
    throw new InvalidArgumentError(name, `path parameter "${name}" must be a string, got ${typeof value}`);
  }
  const text = String(value);
  if (text.trim() === "") {
    throw new InvalidArgumentError(name, `path parameter "${name}" must not be empty or blank`);
  }
  if (text === "." || text === "..") {
    throw new InvalidArgumentError(name, `path parameter "${name}" must not be "${text}"`);
  }
  return text;
}

/** Fills `{name}` placeholders, percent-encoding every value so no value can change the route. */
export function serializePath(url: string, params: Record<string, unknown>): string {
  return url.replace(PATH_PARAM, (_, name: string) => encodeURIComponent(checkPathParam(name, params[name])));
}
