// Compile-time tests, checked by `tsc` in the typecheck task: every `@ts-expect-error` below must
// be an error, or the build fails with "Unused '@ts-expect-error' directive".
import {
  createClient,
  type ChatroomToken,
  type CreateGroupResponse,
  type ProtobufAny,
  type RuntimeError,
  type TokenMetadata,
} from "../src/index.js";
import type { ClientPaths } from "../src/generated/paths.js";
import type { paths } from "@tokenkit/types";

const client = createClient({ token: "t", baseUrl: "http://127.0.0.1:4010" });

export async function wellTyped() {
  const { data } = await client.POST("/bv/chatroom/v1/chatrooms/{id}/tokens", {
    params: { path: { id: "room" } },
    body: { role: "ROLE_ADMIN" },
  });
  const token: ChatroomToken | undefined = data;
  // @ts-expect-error: data is typed from the spec, not any
  void data?.no_such_field;
  const meta = await client.GET("/v1/apitokens/{id}", { params: { path: { id: "x" } } });
  const roles: TokenMetadata["roles"] | undefined = meta.data?.roles;
  return { token, roles };
}

export async function wrongCalls() {
  // @ts-expect-error: no such path
  await client.GET("/v1/apitoken");
  // @ts-expect-error: wrong method for the path (RevokeToken is PATCH)
  await client.POST("/v1/apitokens/revoke/{id}", { params: { path: { id: "x" } } });
  // @ts-expect-error: enum value outside the spec
  await client.POST("/bv/chatroom/v1/chatrooms/{id}/tokens", { params: { path: { id: "r" } }, body: { role: "ROLE_OWNER" } });
  // @ts-expect-error: required field resource_type missing
  await client.POST("/bv/cms/v1/resources/tokens:admin", { body: { resource_id: "r" } });
  // @ts-expect-error: required field name missing
  await client.POST("/bv/org/v1/groups", { body: { description: "no name" } });
  // @ts-expect-error: required path parameter missing
  await client.GET("/v1/apitokens/{id}", { params: { path: {} } });
  // @ts-expect-error: params (and the path parameter) missing altogether
  await client.PATCH("/v1/apitokens/revoke/{id}");
  // @ts-expect-error: required body missing
  await client.POST("/bv/org/v1/groups", {});
  // @ts-expect-error: query parameter of the wrong type
  await client.GET("/v1/apitokens", { params: { query: { revoked: "yes" } } });
}

export async function namedOperations() {
  const group: CreateGroupResponse = await client.org.createGroup({ body: { name: "Editors" } });
  const token: TokenMetadata = await client.apitokens.getAPIToken({ id: "x" });
  const all = await client.apitokens.getAPITokens();
  // @ts-expect-error: named results are typed from the spec, not any
  void all.no_such_field;
  const revoked = await client.apitokens.getAPITokens({ revoked: true });
  const { data, response } = await client.apitokens.revokeToken.withResponse({ id: "x" }, { timeout: 1000 });
  const status: number = response.status;
  return { group, token, all, revoked, data, status };
}

export async function wrongNamedCalls() {
  // @ts-expect-error: no such operation
  await client.apitokens.deleteToken({ id: "x" });
  // @ts-expect-error: operation under the wrong tag
  await client.org.getAPIToken({ id: "x" });
  // @ts-expect-error: required path parameter missing
  await client.apitokens.getAPIToken({});
  // @ts-expect-error: arguments missing altogether
  await client.apitokens.revokeToken();
  // @ts-expect-error: required body missing
  await client.org.createGroup({});
  // @ts-expect-error: required field name missing
  await client.org.createGroup({ body: { description: "no name" } });
  // @ts-expect-error: enum value outside the spec
  await client.chatroom.createChatroomToken({ id: "r", body: { role: "ROLE_OWNER" } });
  // @ts-expect-error: query parameter of the wrong type
  await client.apitokens.getAPITokens({ revoked: "yes" });
  // @ts-expect-error: unknown per-call option
  await client.apitokens.getAPITokens({}, { retries: 3 });
}

export async function typedErrors() {
  const { error } = await client.POST("/bv/org/v1/groups", { body: { name: "g" } });
  if (error) {
    const status: number = error.status;
    const grpc: number | undefined = error.body?.code;
    // @ts-expect-error: BlendVision errors are google.rpc.Status, which has no `error` field
    const notThere = error.body?.error;
    return { status, grpc, notThere };
  }
  const list = await client.GET("/v1/apitokens");
  const text: string | undefined = list.error?.body?.message;
  // error details are google.protobuf.Any in JSON form: `@type` plus the message's own fields
  const detail: ProtobufAny | undefined = list.error?.body?.details?.[0];
  const typeUrl: string | undefined = detail?.["@type"];
  const retryDelay: unknown = detail?.retryDelay;
  // @ts-expect-error: the `{typeUrl, value}` Go struct is not what goes over the wire
  const notOnTheWire: string | undefined = detail?.typeUrl;
  const deprecatedCopy: RuntimeError["error"] = list.error?.body?.error;
  return { text, typeUrl, retryDelay, notOnTheWire, deprecatedCopy };
}

export async function organizationHeader() {
  // Required by the spec, optional in a call: the client fills it from `orgId`.
  await client.POST("/bv/org/v1/groups", { body: { name: "g" } });
  await client.POST("/bv/org/v1/groups", { body: { name: "g" }, params: { header: { "x-bv-org-id": "org-9" } } });
  await client.POST("/bv/cms/v1/lives/{id}/interaction/tokens:admin", { params: { path: { id: "l" } }, body: {} });
  await client.cms.createAdminResourceToken({ body: { resource_id: "r", resource_type: "RESOURCE_TYPE_VOD_EVENT" } });
  // @ts-expect-error: the header is still a string when given
  await client.POST("/bv/org/v1/groups", { body: { name: "g" }, params: { header: { "x-bv-org-id": 7 } } });
}

export function timestamps(meta: TokenMetadata) {
  // Central sends an unset Timestamp as null.
  const expiration: string | null | undefined = meta.expiration;
  // @ts-expect-error: so it is not a plain string
  const asString: string | undefined = meta.issuedAt;
  return { expiration, asString };
}

// The generated ClientPaths is the spec's `paths` but for the organization header's optionality:
// the same paths and methods, request bodies and responses, and every call the spec allows.
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Field<Op, K extends string> = Op extends { [Key in K]?: infer X } ? X : never;
type Differences = {
  [P in keyof paths]: {
    [M in keyof paths[P]]-?: Equal<keyof ClientPaths[P], keyof paths[P]> extends false
      ? `${P} ${M & string}: methods`
      : Equal<Field<ClientPaths[P][M & keyof ClientPaths[P]], "requestBody">, Field<paths[P][M], "requestBody">> extends false
        ? `${P} ${M & string}: requestBody`
        : Equal<Field<ClientPaths[P][M & keyof ClientPaths[P]], "responses">, Field<paths[P][M], "responses">> extends false
          ? `${P} ${M & string}: responses`
          : never;
  }[keyof paths[P]];
}[keyof paths];
export const sameAsSpec: [Differences] extends [never] ? Equal<keyof ClientPaths, keyof paths> : Differences = true;
export const specCallsCompile = (spec: paths): ClientPaths => spec;
