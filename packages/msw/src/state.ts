// Stateful mode: the few answers that depend on earlier requests. A token made with
// GenerateToken shows up in GetAPITokens and GetAPIToken, RevokeToken revokes it, CreateGroup
// gives every group its own id, and every minted token is new. Everything else (validation,
// auth, `Prefer`, every other answer) stays Prism's: the state only rewrites a successful answer
// Prism already gave, or turns it into the error the real service would give.
//
// Errors follow the real services: StackRox Central's APITokenService answers an unknown id on
// GetAPIToken with 400 (code 3) and on RevokeToken with 500 (code 13), and phrases messages as
// "<what>: invalid arguments". Browser-safe: the MSW handlers use it too.
import { errorBody, grpc, type GrpcError } from "./errors.js";
import { examplesOf, jsonMedia, successStatus, type Json, type Operation } from "./spec.js";
import { mintToken, remintTokens } from "./tokens.js";

/** The data the state starts from; each list defaults to what the spec's examples show. */
export interface StateFixtures {
  /** API tokens (`TokenMetadata`), as GetAPITokens lists them. */
  tokens?: Json[];
  /** Groups (`Group`), as CreateGroup returns them. */
  groups?: Json[];
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
  users: Json[] = [];
  allowedRoles: string[] = [];
  private readonly initial: Required<StateFixtures>;

  constructor(
    private readonly doc: Json,
    private readonly ops: Operation[],
    fixtures: StateFixtures = {},
  ) {
    const fromSpec = specFixtures(doc, ops);
    this.initial = {
      tokens: fixtures.tokens ?? fromSpec.tokens,
      groups: fixtures.groups ?? fromSpec.groups,
      users: fixtures.users ?? [...fromSpec.users, ...(fixtures.groups ?? []).flatMap((g) => g.user_infos ?? [])],
      allowedRoles: fixtures.allowedRoles ?? fromSpec.allowedRoles,
    };
    this.reset();
  }

  /** Back to the data the state started from. */
  reset(): void {
    this.tokens = structuredClone(this.initial.tokens);
    this.groups = structuredClone(this.initial.groups);
    this.users = structuredClone(this.initial.users);
    this.allowedRoles = [...this.initial.allowedRoles];
  }

  snapshot(): Required<StateFixtures> {
    return structuredClone({ tokens: this.tokens, groups: this.groups, users: this.users, allowedRoles: this.allowedRoles });
  }

  /**
   * The stateful answer to a request Prism (or the MSW handlers) answered with `answer`, a 2xx.
   * Operations the state does not own keep their answer, with any token in it minted anew.
   */
  answer(op: Operation, request: StateRequest, answer: Answer): Answer {
    const handler = handlers[op.operationId];
    return handler ? handler(this, op, request, answer) : { status: answer.status, body: remintTokens(answer.body) };
  }

  error(op: Operation, error: GrpcError, message: string): Answer {
    return { status: error.status, body: errorBody(this.doc, op, error, message) ?? { code: error.code, message } };
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

  CreateGroup: (state, op, request, answer) => {
    const body = asObject(request.body);
    const ids: string[] = Array.isArray(body.user_ids) ? body.user_ids : [];
    const unknown = ids.filter((id) => !state.users.some((u) => u.id === id));
    if (unknown.length) return state.error(op, grpc.INVALID_ARGUMENT, `invalid argument: user_ids: no user with id ${unknown.join(", ")}`);
    const template = asObject(asObject(answer.body).group);
    const now = timestamp(Date.now());
    const group: Json = {
      ...template,
      id: crypto.randomUUID(),
      name: body.name,
      description: typeof body.description === "string" ? body.description : "",
      user_infos: ids.map((id) => structuredClone(state.users.find((u) => u.id === id))),
      members: ids.length,
      created_at: now,
      updated_at: now,
    };
    state.groups.push(group);
    return { status: answer.status, body: { ...asObject(answer.body), group: structuredClone(group) } };
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
};

/** The state the spec's examples describe: the listed tokens, the example group and its users, the allowed roles. */
function specFixtures(doc: Json, ops: Operation[]): Required<StateFixtures> {
  const successExamples = (operationId: string): Json[] => {
    const op = ops.find((o) => o.operationId === operationId);
    const status = op && successStatus(op);
    return status ? examplesOf(doc, jsonMedia(op.responses[status])).map((e) => asObject(e.value)) : [];
  };
  const byId = new Map<string, Json>();
  for (const list of successExamples("GetAPITokens")) for (const t of list.tokens ?? []) if (!byId.has(t.id)) byId.set(t.id, t);
  for (const t of successExamples("GetAPIToken")) if (t.id && !byId.has(t.id)) byId.set(t.id, t);
  const groups = successExamples("CreateGroup").flatMap((e) => (e.group ? [e.group] : []));
  const users = new Map<string, Json>();
  for (const g of groups) for (const u of g.user_infos ?? []) users.set(u.id, u);
  return {
    tokens: [...byId.values()],
    groups,
    users: [...users.values()],
    allowedRoles: successExamples("ListAllowedTokenRoles")[0]?.roleNames ?? [],
  };
}
