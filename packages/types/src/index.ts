// The generated types, plus nothing else: this package has no runtime code.
export type * from "./schema.js";
