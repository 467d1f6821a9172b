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
    ["createChatroomToken","POST","/bv/chatroom/v1/chatrooms/{id}/tokens"],
    ["createDictionaryToken","POST","/bv/chatroom/v1/dictionaries/tokens"],
    ["createStickerPackToken","POST","/bv/chatroom/v1/stickerpacks/tokens"],
    ["refreshChatroomToken","POST","/bv/chatroom/v1/chatrooms/tokens:refresh"]],
  "cms": ["blendvision",
    ["createAdminPlaybackToken","POST","/bv/cms/v1/admin/tokens",2],
    ["createAdminResourceToken","POST","/bv/cms/v1/resources/tokens:admin",2],
    ["createLiveAdminInteractionToken","POST","/bv/cms/v1/lives/{id}/interaction/tokens:admin",2],
    ["createPlaybackToken","POST","/bv/cms/v1/tokens",2],
    ["createResourceToken","POST","/bv/cms/v1/resources/tokens",2],
    ["revokeResourceTokens","POST","/bv/cms/v1/resources/tokens:revoke",2]],
  "org": ["blendvision",
    ["createGroup","POST","/bv/org/v1/groups",2],
    ["deleteGroup","DELETE","/bv/org/v1/groups/{id}",2],
    ["getGroup","GET","/bv/org/v1/groups/{id}",2],
    ["listGroups","GET","/bv/org/v1/groups",2],
    ["listGroupsWithPageToken","GET","/bv/org/v1/groups:pagetoken",2],
    ["updateGroup","PUT","/bv/org/v1/groups/{id}",2]],
  "account": ["blendvision",
    ["createAccountAPIToken","POST","/bv/account/v1/accounts/api-tokens"],
    ["createAccountAPITokenLegacy","POST","/bv/account/v1/accounts/api-token"],
    ["deleteAccountAPIToken","DELETE","/bv/account/v1/accounts/api-tokens/{id}"],
    ["getAccountAPIToken","GET","/bv/account/v1/accounts/api-tokens/{id}"],
    ["listAccountAPITokens","GET","/bv/account/v1/accounts/api-tokens"]],
  "apitokens": ["stackrox",
    ["generateToken","POST","/v1/apitokens/generate"],
    ["getAPIToken","GET","/v1/apitokens/{id}"],
    ["getAPITokens","GET","/v1/apitokens"],
    ["listAllowedTokenRoles","GET","/v1/apitokens/generate/allowed-roles"],
    ["revokeToken","PATCH","/v1/apitokens/revoke/{id}"]],
};
