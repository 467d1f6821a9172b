// Stateful mode: the answers that depend on earlier requests. The collections the spec's paths
// describe (collections.ts: groups, account API tokens, StackRox tokens) are created, listed page
// by page, read, changed and deleted; a token made with GenerateToken shows up in GetAPITokens and
// GetAPIToken, RevokeToken revokes it; RevokeResourceTokens revokes what CreateResourceToken made;
// and every minted token is new. Everything else (validation,
// auth, `Prefer`, every other answer) stays Prism's: the state only rewrites a successful answer
// Prism already gave, or turns it into the error the real service would give.
//
// Errors follow the real services: StackRox Central's APITokenService answers an unknown id on
// GetAPIToken with 400 (code 3) and on RevokeToken with 500 (code 13), and phrases messages as
// "<what>: invalid arguments". Browser-safe: the MSW handlers use it too.
import { collections, DEFAULT_PAGE_SIZE, FILTER_PREFIX, PAGE_NUMBER, PAGE_TOKEN, pagingOf, type Collection, type Role } from "./collections.js";
import { errorBody, grpc, type GrpcError } from "./errors.js";
import { deref, examplesOf, jsonMedia, successStatus, type Json, type Operation } from "./spec.js";
import { jwtClaims, mintToken, remintTokens } from "./tokens.js";

/** The data the state starts from; each list defaults to what the spec's examples show. */
export interface StateFixtures {
  /** API tokens (`TokenMetadata`), as GetAPITokens lists them. */
  tokens?: Json[];
  /** Groups (`Group`), as CreateGroup returns them. */
  groups?: Json[];
  /** The account's API tokens (`AccountApiToken`), as ListAccountAPITokens lists them. */
  api_tokens?: Json[];
  /** Resource tokens CreateResourceToken made (`{ jti, resource_id, resource_type, revoked }`: the token's id, never the token). */
  resourceTokens?: Json[];
  /** Users (`GroupUserInfo`) that CreateGroup's `user_ids` may name. */
  users?: Json[];
  /** Role names GenerateToken accepts, as ListAllowedTokenRoles lists them. */
  allowedRoles?: string[];
}

export interface StateRequest {
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
}

export interface Answer {
  status: number;
  body: unknown;
}

const DAY_MS = 86_400_000;
/** Central's lifetime for a token generated without `expiration`. */
const DEFAULT_TOKEN_LIFETIME_MS = 365 * DAY_MS;

/** RFC 3339 in whole seconds, as the examples (and protobuf Timestamps without nanos) are written. */
const timestamp = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");

type Handler = (state: MockState, op: Operation, request: StateRequest, answer: Answer) => Answer;

export class MockState {
  tokens: Json[] = [];
  groups: Json[] = [];
  api_tokens: Json[] = [];
  resourceTokens: Json[] = [];
  users: Json[] = [];
  allowedRoles: string[] = [];
  private readonly initial: Required<StateFixtures>;
  /** The collections, and each operation's place in one. */
  private readonly roles = new Map<string, { collection: Collection; role: Role }>();

  constructor(
    private readonly doc: Json,
    private readonly ops: Operation[],
    fixtures: StateFixtures = {},
  ) {
    for (const collection of collections(doc, ops)) for (const [operationId, role] of collection.roles) this.roles.set(operationId, { collection, role });
    const fromSpec = specFixtures(doc, ops, [...new Set([...this.roles.values()].map((r) => r.collection))]);
    this.initial = {
      tokens: fixtures.tokens ?? fromSpec.tokens,
      groups: fixtures.groups ?? fromSpec.groups,
      api_tokens: fixtures.api_tokens ?? fromSpec.api_tokens,
      resourceTokens: fixtures.resourceTokens ?? [],
      users: fixtures.users ?? [...fromSpec.users, ...(fixtures.groups ?? []).flatMap((g) => g.user_infos ?? [])],
      allowedRoles: fixtures.allowedRoles ?? fromSpec.allowedRoles,
    };
    this.reset();
  }

  /** Back to the data the state started from. */
  reset(): void {
    this.tokens = structuredClone(this.initial.tokens);
    this.groups = structuredClone(this.initial.groups);
    this.api_tokens = structuredClone(this.initial.api_tokens);
    this.resourceTokens = structuredClone(this.initial.resourceTokens);
    this.users = structuredClone(this.initial.users);
    this.allowedRoles = [...this.initial.allowedRoles];
  }

  snapshot(): Required<StateFixtures> {
    const { tokens, groups, api_tokens, resourceTokens, users, allowedRoles } = this;
    return structuredClone({ tokens, groups, api_tokens, resourceTokens, users, allowedRoles });
  }

  /**
   * The stateful answer to a request Prism (or the MSW handlers) answered with `answer`, a 2xx.
   * Operations the state does not own keep their answer, with any token in it minted anew.
   */
  answer(op: Operation, request: StateRequest, answer: Answer): Answer {
    const handler = handlers[op.operationId];
    if (handler) return handler(this, op, request, answer);
    const place = this.roles.get(op.operationId);
    if (place) return collectionHandlers[place.role](this, op, request, answer, place.collection);
    return { status: answer.status, body: remintTokens(answer.body) };
  }

  error(op: Operation, error: GrpcError, message: string): Answer {
    return { status: error.status, body: errorBody(this.doc, op, error, message) ?? { code: error.code, message } };
  }

  /** The stored items of a collection. */
  items(collection: Collection): Json[] {
    return (this as unknown as Record<string, Json[]>)[collection.key] ?? [];
  }

  /** The answer to an id the collection does not hold: the operation's 404 when it declares one, else its 400. */
  unknownId(op: Operation, collection: Collection, id: string): Answer {
    const noun = collection.wrapper ?? collection.key;
    return op.responses["404"] ? this.error(op, grpc.NOT_FOUND, `not found: no ${noun} with id '${id}'`) : this.error(op, grpc.INVALID_ARGUMENT, `invalid argument: no ${noun} with id '${id}'`);
  }

  /** The first item the collection started with: what a new item's service-set fields look like. */
  template(collection: Collection): Json {
    return asObject((this.initial as unknown as Record<string, Json[]>)[collection.key]?.[0]);
  }

  /** A property's schema, resolved. */
  schema(property: Json | undefined): Json | undefined {
    return property ? deref(this.doc, property) : undefined;
  }

  /** The first example body of another operation's success response (a template for minting). */
  exampleOf(operationId: string): Json | undefined {
    const op = this.ops.find((o) => o.operationId === operationId);
    const status = op && successStatus(op);
    return status ? (examplesOf(this.doc, jsonMedia(op.responses[status]))[0]?.value as Json | undefined) : undefined;
  }
}

const invalid = (what: string) => `${what}: invalid arguments`;
const asObject = (body: unknown): Json => (body && typeof body === "object" && !Array.isArray(body) ? (body as Json) : {});

const handlers: Record<string, Handler> = {
  ListAllowedTokenRoles: (state, _op, _request, answer) => ({ status: answer.status, body: { ...asObject(answer.body), roleNames: [...state.allowedRoles] } }),

  GenerateToken: (state, op, request, answer) => {
    const body = asObject(request.body);
    const name = typeof body.name === "string" ? body.name : "";
    if (!name) return state.error(op, grpc.INVALID_ARGUMENT, invalid("token name cannot be empty"));
    const role = typeof body.role === "string" ? body.role : "";
    const requested: string[] = Array.isArray(body.roles) ? body.roles : [];
    if (role && requested.length) return state.error(op, grpc.INVALID_ARGUMENT, invalid("must use either role or roles, but not both"));
    const roles = role ? [role] : requested;
    if (!roles.length) return state.error(op, grpc.INVALID_ARGUMENT, invalid("no roles specified"));
    const missing = roles.filter((r) => !state.allowedRoles.includes(r));
    if (missing.length) return state.error(op, grpc.INVALID_ARGUMENT, invalid(`role(s) ${missing.join(",")} don't exist`));
    const now = Date.now();
    const expiration = typeof body.expiration === "string" ? Date.parse(body.expiration) : now + DEFAULT_TOKEN_LIFETIME_MS;
    if (Number.isNaN(expiration)) return state.error(op, grpc.INVALID_ARGUMENT, invalid(`expiration "${body.expiration}" is not a timestamp`));
    if (expiration < now) return state.error(op, grpc.INVALID_ARGUMENT, invalid("expiration date cannot be in the past"));

    const metadata: Json = { id: crypto.randomUUID(), name, roles, issuedAt: timestamp(now), expiration: timestamp(expiration), revoked: false };
    state.tokens.push(metadata);
    const template = asObject(answer.body);
    const token =
      typeof template.token === "string"
        ? mintToken(template.token, { jti: metadata.id, name, roles, iat: Math.floor(now / 1000), exp: Math.floor(expiration / 1000) })
        : crypto.randomUUID();
    return { status: answer.status, body: { ...template, token, metadata: structuredClone(metadata) } };
  },

  GetAPITokens: (state, _op, request, answer) => {
    const revoked = request.query.get("revoked");
    const tokens = state.tokens.filter((t) => revoked === null || String(t.revoked === true) === revoked);
    return { status: answer.status, body: { ...asObject(answer.body), tokens: structuredClone(tokens) } };
  },

  GetAPIToken: (state, op, request, answer) => {
    const id = request.params.id ?? "";
    const token = state.tokens.find((t) => t.id === id);
    if (!token) return state.error(op, grpc.INVALID_ARGUMENT, invalid(`token with id '${id}' does not exist`));
    return { status: answer.status, body: structuredClone(token) };
  },

  RevokeToken: (state, op, request, answer) => {
    const id = request.params.id ?? "";
    const token = state.tokens.find((t) => t.id === id);
    if (!token) return state.error(op, grpc.INTERNAL, `token with id '${id}' does not exist`);
    token.revoked = true;
    return answer;
  },

  CreateAdminResourceToken: (_state, _op, request, answer) => {
    const body = asObject(request.body);
    const template = asObject(answer.body);
    const seconds = typeof body.expires_in === "string" ? Number.parseFloat(body.expires_in) : Number.NaN;
    const expiresAt =
      typeof body.expired_at === "string" ? Date.parse(body.expired_at) : Number.isFinite(seconds) ? Date.now() + seconds * 1000 : undefined;
    const claims = { jti: crypto.randomUUID(), iat: Math.floor(Date.now() / 1000), exp: expiresAt === undefined ? undefined : Math.floor(expiresAt / 1000), resource_id: body.resource_id, resource_type: body.resource_type };
    return {
      status: answer.status,
      body: {
        ...template,
        token: typeof template.token === "string" ? mintToken(template.token, claims) : crypto.randomUUID(),
        expired_at: expiresAt === undefined ? null : timestamp(expiresAt),
      },
    };
  },

  CreateResourceToken: (state, _op, request, answer) => {
    const body = asObject(request.body);
    const minted = asObject(remintTokens(answer.body));
    const jti = typeof minted.token === "string" ? jwtClaims(minted.token)?.jti : undefined;
    if (typeof jti === "string") state.resourceTokens.push({ jti, resource_id: body.resource_id, resource_type: body.resource_type, revoked: false });
    return { status: answer.status, body: minted };
  },

  RevokeResourceTokens: (state, op, request, answer) => {
    const given: unknown[] = Array.isArray(asObject(request.body).tokens) ? asObject(request.body).tokens : [];
    const found = given.map((token) => {
      const jti = typeof token === "string" ? jwtClaims(token)?.jti : undefined;
      return state.resourceTokens.find((t) => t.jti === jti);
    });
    // The index only: a token is a credential, and never goes into a message.
    const unknown = found.findIndex((t) => !t);
    if (unknown >= 0) return state.error(op, grpc.INVALID_ARGUMENT, invalid(`tokens[${unknown}] is not a token CreateResourceToken made`));
    for (const t of found) t!.revoked = true;
    return answer;
  },
};

type CollectionHandler = (state: MockState, op: Operation, request: StateRequest, answer: Answer, collection: Collection) => Answer;

/** Fields of a timestamp the service sets when an item is created or changed. */
const STAMPED = /^(created|updated)_at$/;

/** The value a field has when nobody set it: null where the schema allows it, else the type's zero. */
function unset(schema: Json | undefined): unknown {
  const types = [schema?.type].flat();
  if (types.includes("null")) return null;
  return { array: [], string: "", integer: 0, number: 0, boolean: false, object: {} }[String(types[0])] ?? null;
}

/** The request body's properties an operation accepts. */
const accepted = (state: MockState, op: Operation): Record<string, Json> => state.schema(jsonMedia(op.requestBody)?.schema)?.properties ?? {};

/** An answer holding one item: in its wrapper field, or as the body itself. */
const holding = (collection: Collection, answer: Answer, item: Json): Answer => ({
  status: answer.status,
  body: collection.wrapper ? { ...asObject(answer.body), [collection.wrapper]: structuredClone(item) } : structuredClone(item),
});

/**
 * Members named by id (`user_ids` on create, `after_user_ids` on update) become the item's
 * `user_infos` and `members`; on update, `before_user_ids` must be the members as they are.
 */
function membership(state: MockState, op: Operation, body: Json, item: Json, role: "create" | "update"): Answer | undefined {
  if (!("user_infos" in item)) return undefined;
  const ids: unknown = role === "create" ? (body.user_ids ?? []) : body.after_user_ids;
  if (!Array.isArray(ids)) return undefined;
  const field = role === "create" ? "user_ids" : "after_user_ids";
  const unknown = ids.filter((id) => !state.users.some((u) => u.id === id));
  if (unknown.length) return state.error(op, grpc.INVALID_ARGUMENT, `invalid argument: ${field}: no user with id ${unknown.join(", ")}`);
  if (role === "update") {
    const current = (item.user_infos as Json[]).map((u) => u.id).sort();
    const before = Array.isArray(body.before_user_ids) ? [...body.before_user_ids].sort() : [];
    if (JSON.stringify(before) !== JSON.stringify(current)) return state.error(op, grpc.ABORTED, "conflict: the members changed since before_user_ids was read; read the group again");
  }
  item.user_infos = ids.map((id) => structuredClone(state.users.find((u) => u.id === id)));
  item.members = ids.length;
  return undefined;
}

/** A page of items as the list operation answers it, with its `pagination` or `next_page_token`. */
function page(state: MockState, op: Operation, request: StateRequest, items: Json[]): { items: Json[]; extra: Json } | Answer {
  const query = request.query;
  const count = (name: string) => (query.has(name) ? Number(query.get(name)) : DEFAULT_PAGE_SIZE[name as keyof typeof DEFAULT_PAGE_SIZE]);
  if (query.get(`${FILTER_PREFIX}all`) === "true") {
    return { items, extra: pagingOf(op) === "number" ? { [PAGE_NUMBER.answer]: { total_items: items.length, items_per_page: items.length, current_page: 1 } } : {} };
  }
  if (pagingOf(op) === "number") {
    const size = count(PAGE_NUMBER.size);
    const current = query.has(PAGE_NUMBER.page) ? Number(query.get(PAGE_NUMBER.page)) : 1;
    const shown = items.slice((current - 1) * size, current * size);
    return { items: shown, extra: { [PAGE_NUMBER.answer]: { total_items: items.length, items_per_page: size, current_page: current } } };
  }
  if (pagingOf(op) === "token") {
    const size = count(PAGE_TOKEN.size);
    const token = query.get(PAGE_TOKEN.token) ?? "";
    const start = token ? pageTokenOffset(token) : 0;
    if (start === undefined || start > items.length) return state.error(op, grpc.INVALID_ARGUMENT, invalid(`${PAGE_TOKEN.token} is not one this list gave`));
    const end = start + size;
    return { items: items.slice(start, end), extra: { [PAGE_TOKEN.next]: end < items.length ? pageToken(end) : "" } };
  }
  return { items, extra: {} };
}

/** A page token: the offset of the page's first item, opaque to the client as the service's are. */
const pageToken = (offset: number) => btoa(`offset:${offset}`).replace(/=+$/, "");
function pageTokenOffset(token: string): number | undefined {
  try {
    const m = /^offset:(\d+)$/.exec(atob(token));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

const collectionHandlers: Record<Role, CollectionHandler> = {
  list: (state, op, request, answer, collection) => {
    const filters = [...request.query].filter(([name]) => name.startsWith(FILTER_PREFIX) && name.slice(FILTER_PREFIX.length) in collection.properties);
    const matching = state.items(collection).filter((item) => filters.every(([name, value]) => String(item[name.slice(FILTER_PREFIX.length)]) === value));
    const paged = page(state, op, request, matching);
    if ("status" in paged) return paged;
    const shown = collection.listed.get(op.operationId) ?? Object.keys(collection.properties);
    const items = paged.items.map((item) => Object.fromEntries(shown.filter((name) => name in item).map((name) => [name, structuredClone(item[name])])));
    return { status: answer.status, body: { ...asObject(answer.body), [collection.key]: items, ...paged.extra } };
  },

  create: (state, op, request, answer, collection) => {
    const body = asObject(request.body);
    const takes = accepted(state, op);
    const template = asObject((collection.wrapper && asObject(answer.body)[collection.wrapper]) ?? state.template(collection));
    const now = timestamp(Date.now());
    const item: Json = {};
    for (const [name, property] of Object.entries(collection.properties)) {
      const schema = state.schema(property);
      if (name === "id") item[name] = crypto.randomUUID();
      else if (name in takes && name in body) item[name] = structuredClone(body[name]);
      else if (STAMPED.test(name)) item[name] = now;
      else if (name in takes) item[name] = unset(schema);
      else if ([schema?.type].flat().includes("null")) item[name] = null;
      else item[name] = name in template ? structuredClone(template[name]) : unset(schema);
    }
    const refused = membership(state, op, body, item, "create");
    if (refused) return refused;
    state.items(collection).push(item);
    if (collection.wrapper && collection.wrapper in asObject(answer.body)) return holding(collection, answer, item);
    // An answer of its own shape (a new token with its secret): the item's id and the fields the request set.
    const minted = asObject(remintTokens(answer.body));
    for (const name of Object.keys(minted)) if (name === "id" || name in takes) minted[name] = structuredClone(item[name]);
    return { status: answer.status, body: minted };
  },

  get: (state, op, request, answer, collection) => {
    const id = request.params.id ?? Object.values(request.params)[0] ?? "";
    const item = state.items(collection).find((i) => i.id === id);
    return item ? holding(collection, answer, item) : state.unknownId(op, collection, id);
  },

  update: (state, op, request, answer, collection) => {
    const id = Object.values(request.params)[0] ?? "";
    const item = state.items(collection).find((i) => i.id === id);
    if (!item) return state.unknownId(op, collection, id);
    const body = asObject(request.body);
    const changed = structuredClone(item);
    for (const name of Object.keys(accepted(state, op))) if (name in collection.properties && name in body) changed[name] = structuredClone(body[name]);
    const refused = membership(state, op, body, changed, "update");
    if (refused) return refused;
    if ("updated_at" in changed) changed.updated_at = timestamp(Date.now());
    Object.assign(item, changed);
    return holding(collection, answer, item);
  },

  delete: (state, op, request, answer, collection) => {
    const id = Object.values(request.params)[0] ?? "";
    const items = state.items(collection);
    const index = items.findIndex((i) => i.id === id);
    if (index < 0) return state.unknownId(op, collection, id);
    items.splice(index, 1);
    return answer;
  },
};

/**
 * The state the spec's examples describe: each collection's items as its operations' examples
 * show them (by id, the first seen kept), the users of the example groups, the allowed roles.
 */
function specFixtures(doc: Json, ops: Operation[], found: Collection[]): Required<StateFixtures> {
  const successExamples = (operationId: string): Json[] => {
    const op = ops.find((o) => o.operationId === operationId);
    const status = op && successStatus(op);
    return status ? examplesOf(doc, jsonMedia(op.responses[status])).map((e) => asObject(e.value)) : [];
  };
  const items: Record<string, Json[]> = {};
  const users = new Map<string, Json>();
  for (const collection of found) {
    const byId = new Map<string, Json>();
    const order: Role[] = ["list", "get", "create", "update"];
    for (const role of order) {
      for (const [operationId, r] of collection.roles) {
        if (r !== role) continue;
        for (const example of successExamples(operationId)) {
          const candidates: unknown[] = role === "list" ? (example[collection.key] ?? []) : [collection.wrapper ? example[collection.wrapper] : example];
          for (const candidate of candidates) {
            const item = asObject(candidate);
            for (const u of item.user_infos ?? []) if (!users.has(u.id)) users.set(u.id, u);
            // Only whole items: a list that shows less of each (GroupSummary) or an answer of its own shape does not seed.
            const whole = Object.keys(collection.properties).every((name) => name in item);
            if (role !== "create" && role !== "update" && whole && typeof item.id === "string" && !byId.has(item.id)) byId.set(item.id, item);
          }
        }
      }
    }
    items[collection.key] = [...byId.values()];
  }
  return {
    tokens: items.tokens ?? [],
    groups: items.groups ?? [],
    api_tokens: items.api_tokens ?? [],
    resourceTokens: [],
    users: [...users.values()],
    allowedRoles: successExamples("ListAllowedTokenRoles")[0]?.roleNames ?? [],
  };
}
