// This file is generated from spec/openapi.yaml by packages/client/scripts/generate.mjs. Do not edit it by hand.

import type { operations } from "@tokenkit/types";
import type { NamedOperation, PagedOperation } from "../named-operations.js";

/** The named operations, by tag: `client.<tag>.<operation>(args, options)`. */
export interface NamedOperations {
  /**
   * BlendVision One chatroom tokens, used to connect to a chatroom and to call the chatroom APIs.
   */
  chatroom: ChatroomOperations;
  /**
   * BlendVision One tokens for lives and VODs (playback, admin preview, showroom embedding and interactive features), and their revocation.
   */
  cms: CmsOperations;
  /**
   * BlendVision One organization management, such as groups of users.
   */
  org: OrgOperations;
  /**
   * The API tokens of the caller's BlendVision One account, which the other operations take as their bearer token.
   */
  account: AccountOperations;
  /**
   * The StackRox Central APITokenService, which generates, lists, inspects and revokes API tokens.
   */
  apitokens: ApitokensOperations;
}

/**
 * BlendVision One chatroom tokens, used to connect to a chatroom and to call the chatroom APIs.
 */
export interface ChatroomOperations {
  /**
   * Create chatroom token
   *
   * Generates a chatroom token, which is required to access and manage the chatroom-related APIs.
   * Managing a chatroom needs a token with the role `ROLE_ADMIN`.
   *
   * `POST /bv/chatroom/v1/chatrooms/{id}/tokens`
   */
  createChatroomToken: NamedOperation<operations["CreateChatroomToken"]>;
  /**
   * Create dictionary token
   *
   * Generates a token for the dictionary (word filter) APIs, which manage the words a chatroom filters out.
   *
   * `POST /bv/chatroom/v1/dictionaries/tokens`
   */
  createDictionaryToken: NamedOperation<operations["CreateDictionaryToken"]>;
  /**
   * Create sticker token
   *
   * Generates a token for the sticker APIs, which manage the sticker packs a chatroom offers.
   *
   * `POST /bv/chatroom/v1/stickerpacks/tokens`
   */
  createStickerPackToken: NamedOperation<operations["CreateStickerPackToken"]>;
  /**
   * Refresh chatroom token
   *
   * Exchanges a refresh token for a new chatroom token, to go on using the chatroom after the
   * original token has expired. Each call issues a new token.
   *
   * It takes no `Authorization` header: the refresh token in the body is the credential, and the
   * service answers `401` when it is invalid or has expired.
   *
   * `POST /bv/chatroom/v1/chatrooms/tokens:refresh`
   */
  refreshChatroomToken: NamedOperation<operations["RefreshChatroomToken"]>;
}

/**
 * BlendVision One tokens for lives and VODs (playback, admin preview, showroom embedding and interactive features), and their revocation.
 */
export interface CmsOperations {
  /**
   * Create admin playback token
   *
   * Creates an admin token to access a live or VOD and request its DRM license before it is
   * published, so that it can be previewed.
   *
   * Set at most one of `expired_at` and `expires_in`; if neither is set, the service's default
   * lifetime applies.
   *
   * Returns a `404` / `NotFound` error if the requested resource is not found.
   *
   * `POST /bv/cms/v1/admin/tokens`
   */
  createAdminPlaybackToken: NamedOperation<operations["CreateAdminPlaybackToken"]>;
  /**
   * Create admin resource token
   *
   * Creates an access token that can be embedded in the showroom iframe to access an unpublished live
   * or VOD.
   *
   * `resource_type` takes the values of the shared `ResourceType` enum, but this operation accepts
   * only `RESOURCE_TYPE_LIVE_EVENT` and `RESOURCE_TYPE_VOD_EVENT` (BlendVision One's API definition
   * lists them as the available values).
   *
   * Set at most one of `expired_at` and `expires_in`; if neither is set, the token never expires.
   *
   * Returns a `404` / `NotFound` error if the requested resource is not found.
   *
   * `POST /bv/cms/v1/resources/tokens:admin`
   */
  createAdminResourceToken: NamedOperation<operations["CreateAdminResourceToken"]>;
  /**
   * Create admin interaction token
   *
   * Provides admin tokens for managing the chatroom and polls of a specific live. If the chatroom and
   * polls are disabled, empty tokens are returned.
   *
   * Returns a `404` / `NotFound` error if the requested live is not found.
   *
   * **Deprecated:** use `CreateChatroomToken` (`POST /bv/chatroom/v1/chatrooms/{id}/tokens`) with the
   * role `ROLE_ADMIN` instead.
   *
   * `POST /bv/cms/v1/lives/{id}/interaction/tokens:admin`
   *
   * @deprecated
   */
  createLiveAdminInteractionToken: NamedOperation<operations["CreateLiveAdminInteractionToken"]>;
  /**
   * Create playback token
   *
   * Creates a token to access a published live or VOD and request its DRM license, for the customer
   * named by `customer_id`.
   *
   * Set at most one of `expired_at` and `expires_in`; if neither is set, the service's default
   * lifetime applies.
   *
   * Returns a `404` / `NotFound` error if the requested resource is not found.
   *
   * `POST /bv/cms/v1/tokens`
   */
  createPlaybackToken: NamedOperation<operations["CreatePlaybackToken"]>;
  /**
   * Create resource token
   *
   * Creates an access token to embed in the showroom or an iframe to access a live or VOD.
   * RevokeResourceTokens revokes it.
   *
   * `customer_id` is required when the resource's privacy is `SECURITY_PRIVACY_TYPE_TOKEN`. Set at
   * most one of `expired_at` and `expires_in`; if neither is set, the token never expires.
   *
   * Returns a `404` / `NotFound` error if the requested resource is not found.
   *
   * `POST /bv/cms/v1/resources/tokens`
   */
  createResourceToken: NamedOperation<operations["CreateResourceToken"]>;
  /**
   * Revoke resource tokens
   *
   * Revokes access tokens that CreateResourceToken created: from then on they no longer give access
   * to the live or VOD they were made for.
   *
   * `POST /bv/cms/v1/resources/tokens:revoke`
   */
  revokeResourceTokens: NamedOperation<operations["RevokeResourceTokens"]>;
}

/**
 * BlendVision One organization management, such as groups of users.
 */
export interface OrgOperations {
  /**
   * Create group
   *
   * Creates a new group within the organization. Every field of the returned group is output only.
   *
   * Required field: `name`.
   *
   * Returns a `400` / `BadRequest` error if the request body is invalid.
   *
   * `POST /bv/org/v1/groups`
   */
  createGroup: NamedOperation<operations["CreateGroup"]>;
  /**
   * Delete group
   *
   * Deletes a group of the organization. Its members stay in the organization.
   *
   * Returns a `404` / `NotFound` error if the group does not exist.
   *
   * `DELETE /bv/org/v1/groups/{id}`
   */
  deleteGroup: NamedOperation<operations["DeleteGroup"]>;
  /**
   * Get group
   *
   * Fetches a group of the organization with its members.
   *
   * Returns a `404` / `NotFound` error if the group does not exist.
   *
   * `GET /bv/org/v1/groups/{id}`
   */
  getGroup: NamedOperation<operations["GetGroup"]>;
  /**
   * List groups
   *
   * Lists the organization's groups, one page at a time by `current_page` (from 1, default 1) and
   * `items_per_page` (default 1, at most 100); `pagination` in the answer says where the page sits.
   * With `filter.all` set, every group is listed on one page. ListGroupsWithPageToken pages by token
   * instead.
   *
   * `GET /bv/org/v1/groups`
   *
   * `.all(args, { pageSize, limit })` iterates over the items of every page.
   */
  listGroups: PagedOperation<operations["ListGroups"], "groups", "current_page" | "items_per_page">;
  /**
   * List groups by page token
   *
   * Lists the organization's groups by id and name, one page at a time: the answer's
   * `next_page_token` is the `page_token` of the next page, and it is empty on the last page. Keep
   * every other parameter the same while paging.
   *
   * `GET /bv/org/v1/groups:pagetoken`
   *
   * `.all(args, { pageSize, limit })` iterates over the items of every page.
   */
  listGroupsWithPageToken: PagedOperation<operations["ListGroupsWithPageToken"], "groups", "page_token" | "page_size">;
  /**
   * Update group
   *
   * Changes a group's name, description or members; a field left out stays as it is.
   *
   * To change the members, send the list GetGroup returned as `before_user_ids` and the new list as
   * `after_user_ids`. When the members changed in between, the service answers `409` (code 10,
   * reason `ERROR_REASON_CONFLICT`) and changes nothing: read the group again and retry.
   *
   * Returns a `404` / `NotFound` error if the group does not exist, and a `400` / `BadRequest` error
   * if the request body is invalid.
   *
   * `PUT /bv/org/v1/groups/{id}`
   */
  updateGroup: NamedOperation<operations["UpdateGroup"]>;
}

/**
 * The API tokens of the caller's BlendVision One account, which the other operations take as their bearer token.
 */
export interface AccountOperations {
  /**
   * Create account API token
   *
   * Generates an API token for the caller's account. Calls made with the token name the organization
   * to act for in the `x-bv-org-id` header, except where an operation says otherwise. The token is
   * shown only in this answer.
   *
   * `POST /bv/account/v1/accounts/api-tokens`
   */
  createAccountAPIToken: NamedOperation<operations["CreateAccountAPIToken"]>;
  /**
   * Create account API token (older path)
   *
   * Generates an API token for the caller's account. Calls made with the token name the organization
   * to act for in the `x-bv-org-id` header, except where an operation says otherwise. The token is
   * shown only in this answer.
   *
   * Deprecated: BlendVision One is retiring this path, `/bv/account/v1/accounts/api-token`; use
   * CreateAccountAPIToken (`POST /bv/account/v1/accounts/api-tokens`), which takes and answers the same.
   *
   * `POST /bv/account/v1/accounts/api-token`
   *
   * @deprecated
   */
  createAccountAPITokenLegacy: NamedOperation<operations["CreateAccountAPITokenLegacy"]>;
  /**
   * Delete account API token
   *
   * Deletes one API token of the caller's account; calls made with it fail from then on.
   *
   * `DELETE /bv/account/v1/accounts/api-tokens/{id}`
   */
  deleteAccountAPIToken: NamedOperation<operations["DeleteAccountAPIToken"]>;
  /**
   * Get account API token
   *
   * Fetches one API token of the caller's account. The token itself is not shown again.
   *
   * `GET /bv/account/v1/accounts/api-tokens/{id}`
   */
  getAccountAPIToken: NamedOperation<operations["GetAccountAPIToken"]>;
  /**
   * List account API tokens
   *
   * Lists the API tokens of the caller's account, one page at a time: `current_page` (from 1) and
   * `items_per_page` are required, and `pagination` in the answer says where the page sits.
   *
   * `GET /bv/account/v1/accounts/api-tokens`
   *
   * `.all(args, { pageSize, limit })` iterates over the items of every page.
   */
  listAccountAPITokens: PagedOperation<operations["ListAccountAPITokens"], "api_tokens", "current_page" | "items_per_page">;
}

/**
 * The StackRox Central APITokenService, which generates, lists, inspects and revokes API tokens.
 */
export interface ApitokensOperations {
  /**
   * Generate API token
   *
   * Generates an API token for the given name and roles, and returns it with its metadata. The
   * token itself is returned only here: store it, Central keeps only its metadata.
   *
   * Central refuses, with 400 and code 3 (`INVALID_ARGUMENT`), an empty `name`, a request that sets
   * both `role` (deprecated) and `roles`, a role that does not exist and an `expiration` in the
   * past; the 400 examples show each answer. Without `expiration` the token expires 365 days after
   * it is issued. Granting a role the caller does not hold answers 403.
   *
   * `POST /v1/apitokens/generate`
   */
  generateToken: NamedOperation<operations["GenerateToken"]>;
  /**
   * Get API token
   *
   * Returns the metadata of the API token with the given id.
   *
   * An id that names no token answers **400 Bad Request with code 3** (`INVALID_ARGUMENT`), not 404:
   * Central reports an unknown id as an invalid argument. (The ACS 4.5 reference declares only a
   * default error, and this description used to promise a 404 `NOT_FOUND`, which Central never
   * sends for this operation.)
   *
   * `GET /v1/apitokens/{id}`
   */
  getAPIToken: NamedOperation<operations["GetAPIToken"]>;
  /**
   * List API tokens
   *
   * Returns all the API tokens, optionally filtered by whether they are revoked.
   *
   * `GET /v1/apitokens`
   */
  getAPITokens: NamedOperation<operations["GetAPITokens"]>;
  /**
   * List allowed token roles
   *
   * Returns the roles that the calling user is allowed to request for an API token: every role
   * except `None` whose permissions the caller holds itself. Central's UI calls it to fill the role
   * picker when a token is generated. It needs the `Access` view permission.
   *
   * Central still serves it, although the generated Swagger file Central publishes for this service
   * does not always declare it: the service's proto (`proto/api/v1/api_token_service.proto` in
   * stackrox/stackrox, commit `0b6e3c5da415e0e488415ebb3f6fe12b73ea4c42`) declares the RPC with
   * `get: "/v1/apitokens/generate/allowed-roles"`, `central/apitoken/service/service_impl.go`
   * implements and authorizes it, and the UI's `services/APITokensService.ts` requests
   * `/v1/apitokens/generate/allowed-roles`. It was added by stackrox/stackrox pull request 7891
   * (2023). The path is under `generate/`; Central has no `GET /v1/apitokens/allowed-roles`.
   *
   * `GET /v1/apitokens/generate/allowed-roles`
   */
  listAllowedTokenRoles: NamedOperation<operations["ListAllowedTokenRoles"]>;
  /**
   * Revoke API token
   *
   * Revokes the API token with the given id. The request has no body. Revoking a token that is
   * already revoked succeeds.
   *
   * An id that names no token answers **500 Internal Server Error with code 13** (`INTERNAL`), not
   * 404: Central reports the missing token as an internal error. (The ACS 4.5 reference declares
   * only a default error, and this description used to promise a 404 `NOT_FOUND`, which Central
   * never sends for this operation.)
   *
   * `PATCH /v1/apitokens/revoke/{id}`
   */
  revokeToken: NamedOperation<operations["RevokeToken"]>;
}
