// This file is generated from spec/openapi.yaml by packages/client/scripts/generate.mjs. Do not edit it by hand.

/** The API families the client knows (the `x-api` of a tag), each with its own base URL. */
export type ApiFamily = "blendvision" | "stackrox";

/**
 * One operation: its method name on the client, HTTP method, path template, and whether it takes
 * the organization header: 1 when it does, 2 when it requires it, absent when it does not.
 */
export type OperationEntry = [name: string, method: string, path: string, orgHeader?: 1 | 2];

/** The operations of each tag, after the tag's API family. */
export const operationsByTag: Record<string, [ApiFamily, ...OperationEntry[]]> = {
  "chatroom": ["blendvision",
    ["createChatroomToken","POST","/bv/chatroom/v1/chatrooms/{id}/tokens"]],
  "cms": ["blendvision",
    ["createAdminResourceToken","POST","/bv/cms/v1/resources/tokens:admin",2],
    ["createLiveAdminInteractionToken","POST","/bv/cms/v1/lives/{id}/interaction/tokens:admin",2]],
  "org": ["blendvision",
    ["createGroup","POST","/bv/org/v1/groups",2]],
  "apitokens": ["stackrox",
    ["generateToken","POST","/v1/apitokens/generate"],
    ["getAPIToken","GET","/v1/apitokens/{id}"],
    ["getAPITokens","GET","/v1/apitokens"],
    ["listAllowedTokenRoles","GET","/v1/apitokens/generate/allowed-roles"],
    ["revokeToken","PATCH","/v1/apitokens/revoke/{id}"]],
};
