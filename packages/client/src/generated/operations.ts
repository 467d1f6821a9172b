// This file is generated from spec/openapi.yaml by packages/client/scripts/generate.mjs. Do not edit it by hand.

/** The API families the client knows (the `x-api` of a tag), each with its own base URL: the keys `baseUrl` takes. */
export const API_FAMILIES = ["blendvision","stackrox"] as const;
export type ApiFamily = (typeof API_FAMILIES)[number];

/** The HTTP methods of a path item, as the path-style methods are named. */
export const HTTP_METHODS = ["GET","PUT","POST","DELETE","OPTIONS","HEAD","PATCH","TRACE"] as const;

/** The header that carries the organization id. */
export const ORG_HEADER = "x-bv-org-id";

/** How an operation takes the organization header, when it does. */
export type OrgHeaderRule = "optional" | "required";

/** The `{name}` placeholders of a path template. */
export const PATH_TEMPLATE_PARAM = /\{([^{}]+)\}/g;

/**
 * One operation: its method name on the client, HTTP method, path template, and how it takes the
 * organization header (absent when it does not).
 */
export type OperationEntry = [name: string, method: string, path: string, orgHeader?: OrgHeaderRule];

/** The operations of each tag, after the tag's API family. */
export const operationsByTag: Record<string, [ApiFamily, ...OperationEntry[]]> = {
  "chatroom": ["blendvision",
    ["createChatroomToken","POST","/bv/chatroom/v1/chatrooms/{id}/tokens"],
    ["createDictionaryToken","POST","/bv/chatroom/v1/dictionaries/tokens"],
    ["createStickerPackToken","POST","/bv/chatroom/v1/stickerpacks/tokens"],
    ["refreshChatroomToken","POST","/bv/chatroom/v1/chatrooms/tokens:refresh"]],
  "cms": ["blendvision",
    ["createAdminPlaybackToken","POST","/bv/cms/v1/admin/tokens","required"],
    ["createAdminResourceToken","POST","/bv/cms/v1/resources/tokens:admin","required"],
    ["createLiveAdminInteractionToken","POST","/bv/cms/v1/lives/{id}/interaction/tokens:admin","required"],
    ["createPlaybackToken","POST","/bv/cms/v1/tokens","required"],
    ["createResourceToken","POST","/bv/cms/v1/resources/tokens","required"],
    ["revokeResourceTokens","POST","/bv/cms/v1/resources/tokens:revoke","required"]],
  "org": ["blendvision",
    ["createGroup","POST","/bv/org/v1/groups","required"],
    ["deleteGroup","DELETE","/bv/org/v1/groups/{id}","required"],
    ["getGroup","GET","/bv/org/v1/groups/{id}","required"],
    ["listGroups","GET","/bv/org/v1/groups","required"],
    ["listGroupsWithPageToken","GET","/bv/org/v1/groups:pagetoken","required"],
    ["updateGroup","PUT","/bv/org/v1/groups/{id}","required"]],
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

/**
 * How a list operation pages: `page` is the query parameter that picks a page, `size` the one
 * that sets its length; a `page-number` response tells in its `position` object how many items
 * there are in all (`total`); a `page-token` response gives the next
 * page's `page` in `next`, empty or absent on the last page.
 */
export const PAGING_STYLES = {"page-number":{"page":"current_page","size":"items_per_page","position":"pagination","total":"total_items"},"page-token":{"page":"page_token","size":"page_size","next":"next_page_token"}} as const;

/** A paged operation: how it pages, the response's array of items, and the largest page the spec allows, when it says. */
export type PagingEntry = [style: keyof typeof PAGING_STYLES, items: string, maxSize?: number];

/** The paged operations of each tag, by method name. */
export const pagedOperations: Record<string, Record<string, PagingEntry>> = {
  "org": { listGroups: ["page-number","groups",100], listGroupsWithPageToken: ["page-token","groups",100] },
  "account": { listAccountAPITokens: ["page-number","api_tokens"] },
};
