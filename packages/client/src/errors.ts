// Every error the client throws is a TokenkitError, so one `instanceof` catches them all.

/** Base class of every error thrown by this package. */
export class TokenkitError extends Error {
  override name = "TokenkitError";
}

/**
 * A call was refused before anything was sent: a path parameter is missing or unsafe, or a
 * required option is absent. `field` names the offending argument.
 */
export class InvalidArgumentError extends TokenkitError {
  override name = "InvalidArgumentError";
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}
