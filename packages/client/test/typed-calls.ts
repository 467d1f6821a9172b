// Compile-time tests, checked by `tsc` in the typecheck task: every `@ts-expect-error` below must
// be an error, or the build fails with "Unused '@ts-expect-error' directive".
import { createClient, type ChatroomToken, type TokenMetadata } from "../src/index.js";

const client = createClient({ token: "t", baseUrl: "http://127.0.0.1:4010" });

export async function wellTyped() {
  const { data } = await client.POST("/bv/chatroom/v1/chatrooms/{id}/tokens", {
    params: { path: { id: "room" } },
    body: { role: "ROLE_ADMIN" },
  });
  const token: ChatroomToken | undefined = data;
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
