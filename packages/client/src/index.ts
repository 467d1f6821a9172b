export { createClient, BLENDVISION_BASE_URL } from "./client.js";
export type { ApiFamily, ClientOptions, TokenkitClient } from "./client.js";
export { TokenkitError, InvalidArgumentError } from "./errors.js";
export type * from "@tokenkit/types";
