// This file is generated from spec/openapi.yaml by packages/client/scripts/generate.mjs. Do not edit it by hand.

import type { operations } from "@tokenkit/types";
import type { NamedOperation } from "../named-operations.js";

/** The named operations, by tag: `client.<tag>.<operation>(args, options)`. */
export interface NamedOperations {
  /**
   * BlendVision One chatroom tokens, used to connect to a chatroom and to call the chatroom APIs.
   */
  chatroom: ChatroomOperations;
  /**
   * BlendVision One admin tokens for lives and VODs, including their interactive features.
   */
  cms: CmsOperations;
  /**
   * BlendVision One organization management, such as groups of users.
   */
  org: OrgOperations;
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
}

/**
 * BlendVision One admin tokens for lives and VODs, including their interactive features.
 */
export interface CmsOperations {
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
