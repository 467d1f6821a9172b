/**
 * This file is generated from spec/openapi.yaml by packages/types/scripts/generate.mjs. Do not edit it by hand.
 */

export interface paths {
    "/bv/account/v1/accounts/api-token": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create account API token (older path)
         * @deprecated
         * @description Generates an API token for the caller's account. Calls made with the token name the organization
         *     to act for in the `x-bv-org-id` header, except where an operation says otherwise. The token is
         *     shown only in this answer.
         *
         *     Deprecated: BlendVision One is retiring this path, `/bv/account/v1/accounts/api-token`; use
         *     CreateAccountAPIToken (`POST /bv/account/v1/accounts/api-tokens`), which takes and answers the same.
         */
        post: operations["CreateAccountAPITokenLegacy"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/bv/account/v1/accounts/api-tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List account API tokens
         * @description Lists the API tokens of the caller's account, one page at a time: `current_page` (from 1) and
         *     `items_per_page` are required, and `pagination` in the answer says where the page sits.
         */
        get: operations["ListAccountAPITokens"];
        put?: never;
        /**
         * Create account API token
         * @description Generates an API token for the caller's account. Calls made with the token name the organization
         *     to act for in the `x-bv-org-id` header, except where an operation says otherwise. The token is
         *     shown only in this answer.
         */
        post: operations["CreateAccountAPIToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/bv/account/v1/accounts/api-tokens/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The unique id of the account API token, as CreateAccountAPIToken or ListAccountAPITokens gave it.
                 * @example bd549ae5-e467-4fd4-ace5-5262f541d273
                 */
                id: components["parameters"]["AccountApiTokenId"];
            };
            cookie?: never;
        };
        /**
         * Get account API token
         * @description Fetches one API token of the caller's account. The token itself is not shown again.
         */
        get: operations["GetAccountAPIToken"];
        put?: never;
        post?: never;
        /**
         * Delete account API token
         * @description Deletes one API token of the caller's account; calls made with it fail from then on.
         */
        delete: operations["DeleteAccountAPIToken"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/bv/chatroom/v1/chatrooms/{id}/tokens": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The uuid of the chatroom to create the token for.
                 * @example 0e3f5b7a-6c21-4d8e-9a4b-7f2c1d9e8b36
                 */
                id: string;
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create chatroom token
         * @description Generates a chatroom token, which is required to access and manage the chatroom-related APIs.
         *     Managing a chatroom needs a token with the role `ROLE_ADMIN`.
         */
        post: operations["CreateChatroomToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/bv/chatroom/v1/chatrooms/tokens:refresh": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Refresh chatroom token
         * @description Exchanges a refresh token for a new chatroom token, to go on using the chatroom after the
         *     original token has expired. Each call issues a new token.
         *
         *     It takes no `Authorization` header: the refresh token in the body is the credential, and the
         *     service answers `401` when it is invalid or has expired.
         */
        post: operations["RefreshChatroomToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/bv/chatroom/v1/dictionaries/tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create dictionary token
         * @description Generates a token for the dictionary (word filter) APIs, which manage the words a chatroom filters out.
         */
        post: operations["CreateDictionaryToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/bv/chatroom/v1/stickerpacks/tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create sticker token
         * @description Generates a token for the sticker APIs, which manage the sticker packs a chatroom offers.
         */
        post: operations["CreateStickerPackToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/bv/cms/v1/admin/tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create admin playback token
         * @description Creates an admin token to access a live or VOD and request its DRM license before it is
         *     published, so that it can be previewed.
         *
         *     Set at most one of `expired_at` and `expires_in`; if neither is set, the service's default
         *     lifetime applies.
         *
         *     Returns a `404` / `NotFound` error if the requested resource is not found.
         */
        post: operations["CreateAdminPlaybackToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/bv/cms/v1/lives/{id}/interaction/tokens:admin": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The unique id of the live.
                 * @example 3c9d2f1e-8b4a-4e7c-a5d6-1f0e9b8c7a62
                 */
                id: string;
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create admin interaction token
         * @deprecated
         * @description Provides admin tokens for managing the chatroom and polls of a specific live. If the chatroom and
         *     polls are disabled, empty tokens are returned.
         *
         *     Returns a `404` / `NotFound` error if the requested live is not found.
         *
         *     **Deprecated:** use `CreateChatroomToken` (`POST /bv/chatroom/v1/chatrooms/{id}/tokens`) with the
         *     role `ROLE_ADMIN` instead.
         */
        post: operations["CreateLiveAdminInteractionToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/bv/cms/v1/resources/tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create resource token
         * @description Creates an access token to embed in the showroom or an iframe to access a live or VOD.
         *     RevokeResourceTokens revokes it.
         *
         *     `customer_id` is required when the resource's privacy is `SECURITY_PRIVACY_TYPE_TOKEN`. Set at
         *     most one of `expired_at` and `expires_in`; if neither is set, the token never expires.
         *
         *     Returns a `404` / `NotFound` error if the requested resource is not found.
         */
        post: operations["CreateResourceToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/bv/cms/v1/resources/tokens:admin": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create admin resource token
         * @description Creates an access token that can be embedded in the showroom iframe to access an unpublished live
         *     or VOD.
         *
         *     `resource_type` takes the values of the shared `ResourceType` enum, but this operation accepts
         *     only `RESOURCE_TYPE_LIVE_EVENT` and `RESOURCE_TYPE_VOD_EVENT` (BlendVision One's API definition
         *     lists them as the available values).
         *
         *     Set at most one of `expired_at` and `expires_in`; if neither is set, the token never expires.
         *
         *     Returns a `404` / `NotFound` error if the requested resource is not found.
         */
        post: operations["CreateAdminResourceToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/bv/cms/v1/resources/tokens:revoke": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Revoke resource tokens
         * @description Revokes access tokens that CreateResourceToken created: from then on they no longer give access
         *     to the live or VOD they were made for.
         */
        post: operations["RevokeResourceTokens"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/bv/cms/v1/tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create playback token
         * @description Creates a token to access a published live or VOD and request its DRM license, for the customer
         *     named by `customer_id`.
         *
         *     Set at most one of `expired_at` and `expires_in`; if neither is set, the service's default
         *     lifetime applies.
         *
         *     Returns a `404` / `NotFound` error if the requested resource is not found.
         */
        post: operations["CreatePlaybackToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/bv/org/v1/groups": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List groups
         * @description Lists the organization's groups, one page at a time by `current_page` (from 1, default 1) and
         *     `items_per_page` (default 1, at most 100); `pagination` in the answer says where the page sits.
         *     With `filter.all` set, every group is listed on one page. ListGroupsWithPageToken pages by token
         *     instead.
         */
        get: operations["ListGroups"];
        put?: never;
        /**
         * Create group
         * @description Creates a new group within the organization. Every field of the returned group is output only.
         *
         *     Required field: `name`.
         *
         *     Returns a `400` / `BadRequest` error if the request body is invalid.
         */
        post: operations["CreateGroup"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/bv/org/v1/groups:pagetoken": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List groups by page token
         * @description Lists the organization's groups by id and name, one page at a time: the answer's
         *     `next_page_token` is the `page_token` of the next page, and it is empty on the last page. Keep
         *     every other parameter the same while paging.
         */
        get: operations["ListGroupsWithPageToken"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/bv/org/v1/groups/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The unique id of the group.
                 * @example e7d3b1a9-5c2f-4a8e-b6d4-9f1c3e5a7b20
                 */
                id: components["parameters"]["GroupId"];
            };
            cookie?: never;
        };
        /**
         * Get group
         * @description Fetches a group of the organization with its members.
         *
         *     Returns a `404` / `NotFound` error if the group does not exist.
         */
        get: operations["GetGroup"];
        /**
         * Update group
         * @description Changes a group's name, description or members; a field left out stays as it is.
         *
         *     To change the members, send the list GetGroup returned as `before_user_ids` and the new list as
         *     `after_user_ids`. When the members changed in between, the service answers `409` (code 10,
         *     reason `ERROR_REASON_CONFLICT`) and changes nothing: read the group again and retry.
         *
         *     Returns a `404` / `NotFound` error if the group does not exist, and a `400` / `BadRequest` error
         *     if the request body is invalid.
         */
        put: operations["UpdateGroup"];
        post?: never;
        /**
         * Delete group
         * @description Deletes a group of the organization. Its members stay in the organization.
         *
         *     Returns a `404` / `NotFound` error if the group does not exist.
         */
        delete: operations["DeleteGroup"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/apitokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List API tokens
         * @description Returns all the API tokens, optionally filtered by whether they are revoked.
         */
        get: operations["GetAPITokens"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/apitokens/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The unique id of the API token.
                 * @example 9a7c3e52-14d8-4f0b-b6a1-2e5d8c0f7b93
                 */
                id: components["parameters"]["ApiTokenId"];
            };
            cookie?: never;
        };
        /**
         * Get API token
         * @description Returns the metadata of the API token with the given id.
         *
         *     An id that names no token answers **400 Bad Request with code 3** (`INVALID_ARGUMENT`), not 404:
         *     Central reports an unknown id as an invalid argument. (The ACS 4.5 reference declares only a
         *     default error, and this description used to promise a 404 `NOT_FOUND`, which Central never
         *     sends for this operation.)
         */
        get: operations["GetAPIToken"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/apitokens/generate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Generate API token
         * @description Generates an API token for the given name and roles, and returns it with its metadata. The
         *     token itself is returned only here: store it, Central keeps only its metadata.
         *
         *     Central refuses, with 400 and code 3 (`INVALID_ARGUMENT`), an empty `name`, a request that sets
         *     both `role` (deprecated) and `roles`, a role that does not exist and an `expiration` in the
         *     past; the 400 examples show each answer. Without `expiration` the token expires 365 days after
         *     it is issued. Granting a role the caller does not hold answers 403.
         */
        post: operations["GenerateToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/apitokens/generate/allowed-roles": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List allowed token roles
         * @description Returns the roles that the calling user is allowed to request for an API token: every role
         *     except `None` whose permissions the caller holds itself. Central's UI calls it to fill the role
         *     picker when a token is generated. It needs the `Access` view permission.
         *
         *     Central still serves it, although the generated Swagger file Central publishes for this service
         *     does not always declare it: the service's proto (`proto/api/v1/api_token_service.proto` in
         *     stackrox/stackrox, commit `0b6e3c5da415e0e488415ebb3f6fe12b73ea4c42`) declares the RPC with
         *     `get: "/v1/apitokens/generate/allowed-roles"`, `central/apitoken/service/service_impl.go`
         *     implements and authorizes it, and the UI's `services/APITokensService.ts` requests
         *     `/v1/apitokens/generate/allowed-roles`. It was added by stackrox/stackrox pull request 7891
         *     (2023). The path is under `generate/`; Central has no `GET /v1/apitokens/allowed-roles`.
         */
        get: operations["ListAllowedTokenRoles"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/apitokens/revoke/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The unique id of the API token.
                 * @example 9a7c3e52-14d8-4f0b-b6a1-2e5d8c0f7b93
                 */
                id: components["parameters"]["ApiTokenId"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Revoke API token
         * @description Revokes the API token with the given id. The request has no body. Revoking a token that is
         *     already revoked succeeds.
         *
         *     An id that names no token answers **500 Internal Server Error with code 13** (`INTERNAL`), not
         *     404: Central reports the missing token as an internal error. (The ACS 4.5 reference declares
         *     only a default error, and this description used to promise a 404 `NOT_FOUND`, which Central
         *     never sends for this operation.)
         */
        patch: operations["RevokeToken"];
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /** @description An API token of the caller's account. The token itself is shown only when it is created. */
        AccountApiToken: {
            /**
             * Format: date-time
             * @description Output only. The time the token was created.
             * @example 2026-03-14T09:26:53Z
             */
            readonly created_at?: string;
            /**
             * Format: date-time
             * @description Output only. The time at which the token expires; `null` when it never expires.
             * @example 2027-03-14T00:00:00Z
             * @example null
             */
            readonly expired_date?: string | null;
            /**
             * @description Output only. The unique id of the API token.
             * @example bd549ae5-e467-4fd4-ace5-5262f541d273
             */
            readonly id?: string;
            /**
             * Format: date-time
             * @description Output only. The most recent time the token was used; `null` when it has never been used.
             * @example 2026-04-02T17:45:10Z
             * @example null
             */
            readonly last_used?: string | null;
            /**
             * @description Output only. The display name of the API token.
             * @example ci-publisher
             */
            readonly name?: string;
            /** @description Output only. The type of the token. Default `TOKEN_TYPE_BEARER`. */
            readonly token_type?: components["schemas"]["TokenType"];
        };
        /**
         * @description The status of a user account.
         * @example ACCOUNT_STATUS_ACTIVATED
         * @enum {string}
         */
        AccountStatus: "ACCOUNT_STATUS_ACTIVATED" | "ACCOUNT_STATUS_DEACTIVATED";
        /**
         * @description How a user signs in. `ACCOUNT_TYPE_EMAIL` accounts sign in with an email address; `ACCOUNT_TYPE_NON_EMAIL` accounts with a user name that is not one.
         * @example ACCOUNT_TYPE_EMAIL
         * @enum {string}
         */
        AccountType: "ACCOUNT_TYPE_EMAIL" | "ACCOUNT_TYPE_NON_EMAIL";
        /** @description An access token that can be embedded in the showroom iframe to access an unpublished live or VOD. */
        AdminResourceToken: {
            /**
             * Format: date-time
             * @description The UTC time at which the token expires. When it is absent or null, the token never expires.
             * @example 2026-03-14T09:26:53Z
             * @example null
             */
            expired_at?: string | null;
            /**
             * @description Output only. The access token for the live or VOD.
             * @example eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJyZXNvdXJjZV9pZCI6IjNjOWQyZjFlLThiNGEtNGU3Yy1hNWQ2LTFmMGU5YjhjN2E2MiIsInJlc291cmNlX3R5cGUiOiJSRVNPVVJDRV9UWVBFX0xJVkUiLCJleHAiOjE3NzM0ODQwMTN9.c3Vw7nK1qX9mB4dR6tF0hJ2lN8pS5vY3zA1eG7iM4oQ
             */
            readonly token?: string;
        };
        /** @description A chatroom token and the refresh token that renews it. */
        ChatroomToken: {
            /**
             * Format: int32
             * @description The lifetime of `token`, in seconds.
             * @example 3600
             */
            expires_in?: number;
            /**
             * Format: int32
             * @description The lifetime of `refresh_token`, in seconds.
             * @example 86400
             */
            refresh_expires_in?: number;
            /**
             * @description The refresh token, used to obtain a new `token` when it has expired.
             * @example eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI4ZjE0ZTQ1Zi1jZWVhLTQ2N2EtOWEzNi1kZWRkNGJlYTI1NDMiLCJ0eXAiOiJyZWZyZXNoIiwiZXhwIjoxNzczNTY2ODEzfQ.pV3mN8xQ1rT6yZ0aB4cD7eF2gH5iJ9kL3mN6oP0qR8s
             */
            refresh_token?: string;
            /**
             * @description The chatroom token. It is used when connecting to the chatroom, and it is needed when invoking the chatroom APIs.
             * @example eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI4ZjE0ZTQ1Zi1jZWVhLTQ2N2EtOWEzNi1kZWRkNGJlYTI1NDMiLCJyb2xlIjoiUk9MRV9BRE1JTiIsImV4cCI6MTc3MzQ4NDAxM30.T2bXk9oQ3nVd1rF8aW5yZ0pL7sM4cE6uH1jY0tK2xQw
             */
            token?: string;
        };
        /**
         * @description The role a chatroom token is issued for. `ROLE_GUEST` is used when no role is given;
         *     `ROLE_ADMIN` is needed to manage the chatroom.
         * @default ROLE_GUEST
         * @example ROLE_ADMIN
         * @enum {string}
         */
        ChatroomTokenRole: "ROLE_GUEST" | "ROLE_VIEWER" | "ROLE_ADMIN";
        /** @description Parameters of a new API token for the caller's account. */
        CreateAccountApiTokenRequest: {
            /**
             * Format: date-time
             * @description Optional. The time at which the token expires (ISO 8601). Without it, the token never expires.
             * @example 2027-03-14T00:00:00Z
             */
            expired_date?: string;
            /**
             * @description Required. The display name of the API token.
             * @example ci-publisher
             */
            name: string;
        };
        /**
         * @description The new API token. `token` is shown only in this answer: store it now. Calls made with it name
         *     the organization to act for in the `x-bv-org-id` header, except where an operation says otherwise.
         */
        CreateAccountApiTokenResponse: {
            /**
             * Format: date-time
             * @description Output only. The time at which the token expires; `null` when it never expires.
             * @example 2027-03-14T00:00:00Z
             * @example null
             */
            readonly expired_date?: string | null;
            /**
             * @description Output only. The unique id of the API token, for GetAccountAPIToken and DeleteAccountAPIToken.
             * @example 15e5910b-ef36-4288-9b14-31adb324cf7a
             */
            readonly id?: string;
            /**
             * @description Output only. The API token, sent as `Authorization: Bearer <token>`.
             * @example eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJ0b2tlbl91c2UiOiJhcGlfYWNjZXNzIiwic3ViIjoiMTc2Mjk4YzYtYzU5OS00NDM1LTk2NzMtZThiNjNkYmQxYWI3IiwiZXhwIjoxODA1MDgzMjAwLCJqdGkiOiIxNWU1OTEwYi1lZjM2LTQyODgtOWIxNC0zMWFkYjMyNGNmN2EifQ.mQ3vT8nK1xR5pB9wF2sD7hJ4yL0cA6gE3uZ1iN8oP5k
             */
            readonly token?: string;
            /**
             * @description Output only. The type of the token, such as `Bearer` (the default).
             * @example Bearer
             */
            readonly token_type?: string;
        };
        /**
         * @description Parameters of a new admin resource token.
         *
         *     `expired_at` and `expires_in` are mutually exclusive: set at most one of them. If neither is set,
         *     the token never expires.
         */
        CreateAdminResourceTokenRequest: {
            /**
             * Format: date-time
             * @description Optional. If provided, the token expires at this UTC time. It cannot be used together with
             *     `expires_in`. If neither field is set, the token never expires.
             * @example 2026-03-14T09:26:53Z
             */
            expired_at?: string;
            /**
             * @description Optional. If provided, the token expires after this duration. The value is a protobuf Duration in
             *     its JSON form: a number of seconds with an `s` suffix and up to nine fractional digits, such as
             *     `"3600s"` or `"1.5s"`. It cannot be used together with `expired_at`. If neither field is set, the
             *     token never expires.
             * @example 3600s
             * @example 86400s
             * @example 0.5s
             */
            expires_in?: string;
            /**
             * @description Required. The unique id of the live event or VOD event.
             * @example 3c9d2f1e-8b4a-4e7c-a5d6-1f0e9b8c7a62
             */
            resource_id: string;
            /**
             * @description Required. The type of the resource named by `resource_id`. The field uses the shared
             *     `ResourceType` enum, but the available values for this operation are
             *     `RESOURCE_TYPE_LIVE_EVENT` and `RESOURCE_TYPE_VOD_EVENT`.
             * @example RESOURCE_TYPE_LIVE_EVENT
             * @example RESOURCE_TYPE_VOD_EVENT
             */
            resource_type: components["schemas"]["ResourceType"];
        };
        /**
         * @description Parameters of a new chatroom token. Every field is optional, so an empty object `{}` asks for a
         *     guest token with generated identifiers.
         */
        CreateChatroomTokenRequest: {
            /**
             * @description Optional. The device identifier the token is issued for. A UUID string is generated when the field is not provided.
             * @example 5d2a8c41-7e9b-4f36-a0d8-3b6e1c9f2a47
             */
            device_id?: string;
            /**
             * @description Optional. The display name of the user. "Admin" or "Guest" is used, according to the role, when the field is not provided.
             * @example Chatroom moderator
             */
            name?: string;
            /** @description Optional. The role of the token. `ROLE_GUEST` is used when the field is not provided. */
            role?: components["schemas"]["ChatroomTokenRole"];
            /**
             * @description Optional. The user identifier the token is issued for. A guest UUID string is generated when the field is not provided.
             * @example 8f14e45f-ceea-467a-9a36-dedd4bea2543
             */
            subject?: string;
        };
        /** @description CreateDictionaryToken takes no parameters; the body is an empty object. */
        CreateDictionaryTokenRequest: Record<string, never>;
        /** @description Parameters of a new group. */
        CreateGroupRequest: {
            /**
             * @description Input only. The description of the group to create.
             * @example Editors who prepare VOD metadata before publishing.
             */
            description?: string;
            /**
             * @description Required. The name of the group to create.
             * @example Content editors
             */
            name: string;
            /** @description Input only. The ids of the users to add to the group when it is created. */
            user_ids?: string[];
        };
        /** @description The result of CreateGroup. */
        CreateGroupResponse: {
            /** @description The group that was created. */
            group?: components["schemas"]["Group"];
        };
        /** @description The request body of CreateLiveAdminInteractionToken. It is required and must be the empty object `{}`. */
        CreateLiveAdminInteractionTokenRequest: Record<string, never>;
        /**
         * @description Parameters of a playback token (CreatePlaybackToken) or an admin playback token
         *     (CreateAdminPlaybackToken) for a live or VOD.
         *
         *     `expired_at` and `expires_in` are mutually exclusive: set at most one of them. If neither is set,
         *     the service's default lifetime applies.
         */
        CreatePlaybackTokenRequest: {
            /**
             * @description Required. The id of the customer who plays the resource, as your system knows them.
             * @example customer-20931
             */
            customer_id: string;
            /**
             * Format: date-time
             * @description Optional. If provided, the token expires at this UTC time. It cannot be used together with
             *     `expires_in`. If neither field is set, the default lifetime applies.
             * @example 2026-03-14T12:00:00Z
             */
            expired_at?: string;
            /**
             * @description Optional. If provided, the token expires after this duration, a protobuf Duration in its JSON
             *     form such as `"3600s"`. It cannot be used together with `expired_at`. If neither field is set,
             *     the default lifetime applies.
             * @example 7200s
             */
            expires_in?: string;
            /**
             * @description Required. The unique id of the live event or VOD event.
             * @example 3c9d2f1e-8b4a-4e7c-a5d6-1f0e9b8c7a62
             */
            resource_id: string;
            /**
             * @description Required. The type of the resource named by `resource_id`. The field uses the shared
             *     `ResourceType` enum, but the available values are `RESOURCE_TYPE_LIVE_EVENT` and
             *     `RESOURCE_TYPE_VOD_EVENT`.
             * @example RESOURCE_TYPE_LIVE_EVENT
             * @example RESOURCE_TYPE_VOD_EVENT
             */
            resource_type: components["schemas"]["ResourceType"];
        };
        /**
         * @description Parameters of an access token to embed in the showroom or an iframe.
         *
         *     `expired_at` and `expires_in` are mutually exclusive: set at most one of them. If neither is set,
         *     the token never expires.
         */
        CreateResourceTokenRequest: {
            /**
             * @description Optional; required when the resource's privacy is `SECURITY_PRIVACY_TYPE_TOKEN`. The id of the
             *     customer who plays the resource.
             * @example customer-20931
             */
            customer_id?: string;
            /**
             * @description Optional. The customer's name.
             * @example Ada Wong
             */
            customer_name?: string;
            /**
             * Format: date-time
             * @description Optional. If provided, the token expires at this UTC time. It cannot be used together with
             *     `expires_in`. If neither field is set, the token never expires.
             * @example 2026-03-14T12:00:00Z
             */
            expired_at?: string;
            /**
             * @description Optional. If provided, the token expires after this duration, a protobuf Duration in its JSON
             *     form such as `"3600s"`. It cannot be used together with `expired_at`. If neither field is set,
             *     the token never expires.
             * @example 86400s
             */
            expires_in?: string;
            /**
             * @description Required. The unique id of the live event or VOD event.
             * @example 3c9d2f1e-8b4a-4e7c-a5d6-1f0e9b8c7a62
             */
            resource_id: string;
            /**
             * @description Required. The type of the resource named by `resource_id`. The field uses the shared
             *     `ResourceType` enum, but the available values are `RESOURCE_TYPE_LIVE_EVENT` and
             *     `RESOURCE_TYPE_VOD_EVENT`.
             * @example RESOURCE_TYPE_LIVE_EVENT
             * @example RESOURCE_TYPE_VOD_EVENT
             */
            resource_type: components["schemas"]["ResourceType"];
        };
        /** @description CreateStickerPackToken takes no parameters; the body is an empty object. */
        CreateStickerPackTokenRequest: Record<string, never>;
        /** @description A token for the chatroom's dictionary (word filter) APIs. */
        DictionaryToken: {
            /**
             * Format: int32
             * @description The lifetime of `token`, in seconds.
             * @example 3600
             */
            expires_in?: number;
            /**
             * @description The token to call the dictionary APIs with.
             * @example eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzY29wZSI6ImRpY3Rpb25hcnkiLCJvcmciOiI2YjFjOWYwZSIsImV4cCI6MTc3MzQ4NDAxM30.Xc2mP9rT4vK7nB1qW6sD3fH8jL0yA5gE2uR7iZ4oN1k
             */
            token?: string;
        };
        /** @description An empty JSON object (`google.protobuf.Empty`). */
        Empty: Record<string, never>;
        /**
         * @description Parameters of a new API token. Central checks them in this order and answers 400 with code 3
         *     (`INVALID_ARGUMENT`) when one fails:
         *
         *     1. `name` must not be empty (`token name cannot be empty: invalid arguments`).
         *     2. At most one of `role` (deprecated) and `roles` may be set
         *        (`must use either role or roles, but not both: invalid arguments`).
         *     3. Every role must exist (`role(s) <names> don't exist: invalid arguments`).
         *     4. `expiration`, when set, must not be in the past.
         *
         *     A caller may only grant roles it holds itself (ListAllowedTokenRoles lists them); asking for
         *     more answers 403 with code 7.
         */
        GenerateTokenRequest: {
            /**
             * Format: date-time
             * @description The time at which the token expires. It must not be in the past. When it is not set, the token
             *     expires 365 days after it is issued.
             * @example 2027-03-14T09:26:53Z
             */
            expiration?: string;
            /**
             * @description The name of the token, shown in the list of API tokens. It must not be empty.
             * @example ci-pipeline
             */
            name?: string;
            /**
             * @deprecated
             * @description Deprecated: use `roles`. A single role to grant to the token. It cannot be set together with
             *     `roles`.
             * @example Continuous Integration
             */
            role?: string;
            /**
             * @description The names of the roles to grant to the token. Each must exist, and the caller may only grant
             *     the roles returned by ListAllowedTokenRoles. It cannot be set together with `role`.
             */
            roles?: string[];
        };
        /** @description A newly generated API token and its metadata. */
        GenerateTokenResponse: {
            /** @description The metadata of the new token. */
            metadata?: components["schemas"]["TokenMetadata"];
            /**
             * @description The API token. Send it as `Authorization: Bearer <token>`.
             * @example eyJhbGciOiJSUzI1NiIsImtpZCI6Imp3dGswIiwidHlwIjoiSldUIn0.eyJqdGkiOiI5YTdjM2U1Mi0xNGQ4LTRmMGItYjZhMS0yZTVkOGMwZjdiOTMiLCJuYW1lIjoiY2ktcGlwZWxpbmUifQ.kX9mQ2vR5tY8bD1fH4jL7nP0sU3wZ6cE9gA2iK5oM8q
             */
            token?: string;
        };
        /** @description The result of GetAccountAPIToken. */
        GetAccountApiTokenResponse: {
            /** @description The API token. */
            api_token?: components["schemas"]["AccountApiToken"];
        };
        /** @description A list of API tokens. */
        GetApiTokensResponse: {
            /** @description The metadata of the API tokens. */
            tokens?: components["schemas"]["TokenMetadata"][];
        };
        /** @description The result of GetGroup. */
        GetGroupResponse: {
            /** @description The group. */
            group?: components["schemas"]["Group"];
        };
        /** @description A group of users within an organization. */
        Group: {
            /**
             * Format: date-time
             * @description Output only. The time the group was created.
             * @example 2026-03-14T09:26:53Z
             */
            readonly created_at?: string;
            /**
             * @description Output only. The name of the user who created the group.
             * @example Mei-Ling Chen
             */
            readonly creator_name?: string;
            /**
             * @description Output only. The description of the group.
             * @example Editors who prepare VOD metadata before publishing.
             */
            readonly description?: string;
            /**
             * @description Output only. The unique id of the group.
             * @example e7d3b1a9-5c2f-4a8e-b6d4-9f1c3e5a7b20
             */
            readonly id?: string;
            /**
             * Format: int32
             * @description Output only. The number of members in the group.
             * @example 2
             */
            readonly members?: number;
            /**
             * @description Output only. The name of the group.
             * @example Content editors
             */
            readonly name?: string;
            /**
             * Format: date-time
             * @description Output only. The time the group was last updated.
             * @example 2026-03-14T09:26:53Z
             */
            readonly updated_at?: string;
            /** @description Output only. The users in the group. */
            readonly user_infos?: components["schemas"]["GroupUserInfo"][];
        };
        /** @description A group as ListGroupsWithPageToken lists it, by id and name; GetGroup has the rest. */
        GroupSummary: {
            /**
             * @description The unique id of the group.
             * @example e7d3b1a9-5c2f-4a8e-b6d4-9f1c3e5a7b20
             */
            id?: string;
            /**
             * @description The name of the group.
             * @example Content editors
             */
            name?: string;
        };
        /**
         * @description A user who belongs to a group (`org.v1.UserInfo`). Every field is output only.
         *     `role_id`, `account_type`, `username`, `contact_email` and `nickname` come from BlendVision One's
         *     current API definition; the reference page of CreateGroup predates them.
         */
        GroupUserInfo: {
            /** @description Output only. How the user signs in. */
            readonly account_type?: components["schemas"]["AccountType"];
            /**
             * @description Output only. The email address to contact the user at.
             * @example jordan.lee@example.com
             */
            readonly contact_email?: string;
            /**
             * Format: date-time
             * @description Output only. The time the user was created.
             * @example 2025-11-02T08:15:30Z
             */
            readonly created_at?: string;
            /**
             * @deprecated
             * @description Output only. Deprecated: read `username`. The email address the user signs in with; it is
             *     not an email address for a user whose `account_type` is `ACCOUNT_TYPE_NON_EMAIL`.
             * @example jordan.lee@example.com
             */
            readonly email?: string;
            /**
             * @description Output only. The first name of the user.
             * @example Jordan
             */
            readonly first_name?: string;
            /**
             * @description Output only. The unique id of the user.
             * @example 2f6e8a4c-9b1d-4c3e-8f7a-5d0b2e4c6a81
             */
            readonly id?: string;
            /**
             * @description Output only. The last name of the user.
             * @example Lee
             */
            readonly last_name?: string;
            /**
             * @description Output only. The user's display name.
             * @example Jordan
             */
            readonly nickname?: string;
            /**
             * @description Output only. The id of the user's role in the organization; with `ROLE_TYPE_CUSTOM` it names the custom role.
             * @example 5e8c2a7f-4b1d-4f3a-9c6e-0d2b8a4f6c13
             */
            readonly role_id?: string;
            /** @description Output only. The role of the user in the organization. */
            readonly role_type?: components["schemas"]["RoleType"];
            /** @description Output only. The status of the user's account. */
            readonly status?: components["schemas"]["AccountStatus"];
            /**
             * @description Output only. The name the user signs in with (an email address for `ACCOUNT_TYPE_EMAIL` accounts). It replaces `email`.
             * @example jordan.lee@example.com
             */
            readonly username?: string;
        };
        /** @description One page of the caller's account API tokens. */
        ListAccountApiTokensResponse: {
            /** @description The tokens on this page. */
            api_tokens?: components["schemas"]["AccountApiToken"][];
            /** @description Where this page sits in the whole list. */
            pagination?: components["schemas"]["Pagination"];
        };
        /** @description The roles that the calling user is allowed to request for an API token. */
        ListAllowedTokenRolesResponse: {
            /** @description The names of the roles that can be requested in `GenerateTokenRequest.roles`. */
            roleNames?: string[];
        };
        /** @description One page of the organization's groups. */
        ListGroupsResponse: {
            /** @description The groups on this page. */
            groups?: components["schemas"]["Group"][];
            /** @description Where this page sits in the whole list. */
            pagination?: components["schemas"]["Pagination"];
        };
        /** @description One page of the organization's groups, and the token of the next page. */
        ListGroupsWithPageTokenResponse: {
            /** @description Output only. The groups on this page. */
            readonly groups?: components["schemas"]["GroupSummary"][];
            /**
             * @description The `page_token` that requests the next page. When it is empty or absent, this is the last page.
             * @example Cg5Db250ZW50IGVkaXRvcnM
             */
            next_page_token?: string;
        };
        /**
         * @description Admin tokens for managing the interactive features (chatroom, polls, stickers, word filter) of a live.
         *     A token is the empty string when the feature it manages is disabled.
         */
        LiveAdminInteractionTokens: {
            /**
             * @description Output only. The access token for the chatroom. It is empty if the chatroom is disabled.
             * @example eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJhZG1pbiIsInNjb3BlIjoiY2hhdHJvb20iLCJleHAiOjE3NzM0ODQwMTN9.Yk2vR7pL0sN4qT8wX3zA6cE9fH1jM5oQ2uB7dG0iK4n
             */
            readonly chatroom_token?: string;
            /**
             * @description Output only. The access token for poll management. It is empty if polls are disabled.
             * @example eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJhZG1pbiIsInNjb3BlIjoicG9sbCIsImV4cCI6MTc3MzQ4NDAxM30.Qm8tV3xN6pR1sZ4aC7eF0hJ2kL5nO9qT3uW6yB8dG1i
             * @example
             */
            readonly poll_token?: string;
            /**
             * @description Output only. The access token for sticker management. It is empty if the chatroom is disabled.
             *     (The reference page ties this token to the chatroom being enabled, not to a separate sticker feature.)
             * @example eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJhZG1pbiIsInNjb3BlIjoic3RpY2tlciIsImV4cCI6MTc3MzQ4NDAxM30.Hd5wK9mP2rT6vY0bE3gJ7lN1qS4uX8zA5cF9iM2oR6t
             */
            readonly sticker_token?: string;
            /**
             * @description Output only. The access token for word filter management. It is empty if the chatroom is disabled.
             *     (The reference page ties this token to the chatroom being enabled, not to a separate word filter feature.)
             * @example eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJhZG1pbiIsInNjb3BlIjoid29yZF9maWx0ZXIiLCJleHAiOjE3NzM0ODQwMTN9.Lp7xQ2nR5tW8zB1dF4hK7mO0sV3yA6cE9gJ2lN5qT8u
             */
            readonly word_filter_token?: string;
        };
        /** @description Where a page sits in a list that is paged by `current_page` and `items_per_page`. */
        Pagination: {
            /**
             * Format: int32
             * @description Output only. The number of this page, from 1.
             * @example 1
             */
            readonly current_page?: number;
            /**
             * Format: int32
             * @description Output only. The number of items per page.
             * @example 10
             */
            readonly items_per_page?: number;
            /**
             * Format: int32
             * @description Output only. The number of items in the whole list.
             * @example 13
             */
            readonly total_items?: number;
        };
        /** @description A token to access a live or VOD and request its DRM license. */
        PlaybackToken: {
            /**
             * @description Output only. The access token for the live or VOD.
             * @example eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJyZXNvdXJjZV9pZCI6IjNjOWQyZjFlLThiNGEtNGU3Yy1hNWQ2LTFmMGU5YjhjN2E2MiIsImN1c3RvbWVyX2lkIjoiY3VzdG9tZXItMjA5MzEiLCJleHAiOjE3NzM0OTEyMDB9.Fv6kQ1nR8xT3mB9pW2sD5hJ7yL4cA0gE1uZ6iN3oK8r
             */
            readonly token?: string;
        };
        /**
         * @description A `google.protobuf.Any` in its JSON form, as both APIs send it in `details`: the fields of the
         *     embedded message next to an `@type` field that names the message's type. A well-known type with a
         *     custom JSON form (such as `google.protobuf.Duration`) puts that form in a `value` field instead.
         *
         *     Read the type from `@type` and the rest of the object as that message, for example
         *     `{"@type": "type.googleapis.com/google.rpc.BadRequest", "fieldViolations": [...]}`.
         *
         *     History: the ACS 4.5 API reference (and this description before it followed Central's own
         *     definition) showed the Go struct of `Any`, `{typeUrl, value}` with a base64 `value`. That is not
         *     what the gateway sends: it writes the JSON form above, as the protobuf JSON mapping prescribes.
         * @example {
         *       "@type": "type.googleapis.com/google.rpc.BadRequest",
         *       "fieldViolations": [
         *         {
         *           "field": "name",
         *           "description": "must not be empty"
         *         }
         *       ]
         *     }
         * @example {
         *       "@type": "type.googleapis.com/google.rpc.RetryInfo",
         *       "retryDelay": "5s"
         *     }
         */
        ProtobufAny: {
            /**
             * @description A URL or resource name that uniquely identifies the type of the embedded protocol buffer
             *     message. It contains at least one "/" character, and the last segment of its path is the fully
             *     qualified name of the type, as in `type.googleapis.com/google.rpc.BadRequest`. Both services
             *     always send it; the published definitions do not mark it required.
             * @example type.googleapis.com/google.rpc.BadRequest
             */
            "@type"?: string;
        } & {
            [key: string]: unknown;
        };
        /** @description The refresh token to exchange for a new chatroom token. */
        RefreshChatroomTokenRequest: {
            /**
             * @description Required. The `refresh_token` that CreateChatroomToken returned with the chatroom token.
             * @example eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI4ZjE0ZTQ1Zi1jZWVhLTQ2N2EtOWEzNi1kZWRkNGJlYTI1NDMiLCJ0eXAiOiJyZWZyZXNoIiwiZXhwIjoxNzczNTY2ODEzfQ.pV3mN8xQ1rT6yZ0aB4cD7eF2gH5iJ9kL3mN6oP0qR8s
             */
            refresh_token: string;
        };
        /** @description A new chatroom token, issued for the same chatroom, user and role as the refresh token's. */
        RefreshChatroomTokenResponse: {
            /**
             * Format: int32
             * @description The lifetime of `token`, in seconds.
             * @example 3600
             */
            expires_in?: number;
            /**
             * @description The chatroom token. It is used when connecting to the chatroom, and it is needed when invoking the chatroom APIs.
             * @example eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI4ZjE0ZTQ1Zi1jZWVhLTQ2N2EtOWEzNi1kZWRkNGJlYTI1NDMiLCJyb2xlIjoiUk9MRV9BRE1JTiIsImV4cCI6MTc3MzQ4NzYxM30.Hq4nV7xB2kR9sM1dF6tY3wL0pC8eJ5gA2uZ7iN4oQ1c
             */
            token?: string;
        };
        /** @description An access token to embed in the showroom or an iframe to access a live or VOD. */
        ResourceToken: {
            /**
             * Format: date-time
             * @description The UTC time at which the token expires. When it is absent or null, the token never expires.
             * @example 2026-03-15T12:00:00Z
             * @example null
             */
            expired_at?: string | null;
            /**
             * @description Output only. The access token for the live or VOD.
             * @example eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJyZXNvdXJjZV9pZCI6IjNjOWQyZjFlLThiNGEtNGU3Yy1hNWQ2LTFmMGU5YjhjN2E2MiIsInJlc291cmNlX3R5cGUiOiJSRVNPVVJDRV9UWVBFX0xJVkVfRVZFTlQiLCJleHAiOjE3NzM1NzA0MDB9.Gp3nR7xV1kT9mB5qW8sD2fH4jL6yA0cE3uZ1iN7oK5s
             */
            readonly token?: string;
        };
        /**
         * @description The kind of resource an admin resource token gives access to.
         * @example RESOURCE_TYPE_LIVE
         * @enum {string}
         */
        ResourceType: "RESOURCE_TYPE_LIVE" | "RESOURCE_TYPE_VOD" | "RESOURCE_TYPE_LIVE_EVENT" | "RESOURCE_TYPE_LIVE_EVENT_RECORDING" | "RESOURCE_TYPE_VOD_EVENT" | "RESOURCE_TYPE_AUDIO_EVENT" | "RESOURCE_TYPE_VOD_ENCODING";
        /** @description The resource tokens to revoke. */
        RevokeResourceTokensRequest: {
            /** @description Required. The tokens, as CreateResourceToken returned them, that stop giving access. */
            tokens: string[];
        };
        /**
         * @description The role of a user in an organization.
         * @example ROLE_TYPE_STAFF
         * @enum {string}
         */
        RoleType: "ROLE_TYPE_OWNER" | "ROLE_TYPE_ADMIN" | "ROLE_TYPE_STAFF" | "ROLE_TYPE_DEVELOPER" | "ROLE_TYPE_CONTENT_CONTRIBUTOR" | "ROLE_TYPE_CUSTOM";
        /**
         * @description The error body of the BlendVision One API (`google.rpc.Status`). The HTTP status follows the usual
         *     gRPC mapping: 3 `INVALID_ARGUMENT` → 400, 16 `UNAUTHENTICATED` → 401, 7 `PERMISSION_DENIED` → 403,
         *     5 `NOT_FOUND` → 404, 13 `INTERNAL` → 500.
         */
        RpcStatus: {
            /**
             * Format: int32
             * @description The gRPC status code, for example 3 for `INVALID_ARGUMENT`.
             * @example 5
             */
            code?: number;
            /** @description Messages that carry further error details, each a `google.protobuf.Any` in its JSON form (`@type` plus the message's own fields). */
            details?: components["schemas"]["ProtobufAny"][];
            /**
             * @description A developer-facing error message in English.
             * @example resource not found
             */
            message?: string;
        };
        /**
         * @description The error body of the StackRox Central API: a `google.rpc.Status` as Central's gateway writes it
         *     (Central's own definition names it `googlerpcStatus` since 4.11, `runtimeError` before). The HTTP
         *     status follows the gRPC `code`: 3 `INVALID_ARGUMENT` → 400, 16 `UNAUTHENTICATED` → 401,
         *     7 `PERMISSION_DENIED` → 403, 5 `NOT_FOUND` → 404, 13 `INTERNAL` → 500.
         *
         *     The gateway writes every field, populated or not: `details` is `[]` when there are none.
         */
        RuntimeError: {
            /**
             * Format: int32
             * @description The gRPC status code, for example 3 for `INVALID_ARGUMENT` or 13 for `INTERNAL`.
             * @example 3
             */
            code?: number;
            /** @description Messages that carry further error details, each a `google.protobuf.Any` in its JSON form (`@type` plus the message's own fields). */
            details?: components["schemas"]["ProtobufAny"][];
            /**
             * @deprecated
             * @description Deprecated: read `message`. The same text as `message`; Central still sends it, for clients
             *     written against its older gateway.
             * @example token name cannot be empty: invalid arguments
             */
            error?: string;
            /**
             * @description The error message. Central's messages put the cause first and the kind of error last, as in
             *     `token name cannot be empty: invalid arguments`.
             * @example token name cannot be empty: invalid arguments
             */
            message?: string;
        };
        /** @description A token for the chatroom's sticker APIs. */
        StickerPackToken: {
            /**
             * Format: int32
             * @description The lifetime of `token`, in seconds.
             * @example 3600
             */
            expires_in?: number;
            /**
             * @description The token to call the sticker APIs with.
             * @example eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzY29wZSI6InN0aWNrZXIiLCJvcmciOiI2YjFjOWYwZSIsImV4cCI6MTc3MzQ4NDAxM30.Lk8pR2vN5xT1mB7qC4wF9hJ3sD6yA0gE8uZ2iK5oP3n
             */
            token?: string;
        };
        /**
         * @description The metadata of an API token (`storage.TokenMetadata`).
         *
         *     Central's gateway writes every field, populated or not: a field without a value comes back as `""`
         *     (strings), `false` (booleans), `[]` (lists) or `null` (times), never as a missing key.
         */
        TokenMetadata: {
            /**
             * Format: date-time
             * @description The time at which the token expires; `null` when it is not set. Tokens generated without an
             *     expiration expire 365 days after they were issued.
             * @example 2027-03-14T09:26:53Z
             */
            expiration?: string | null;
            /**
             * @description The unique id of the token.
             * @example 9a7c3e52-14d8-4f0b-b6a1-2e5d8c0f7b93
             */
            id?: string;
            /**
             * Format: date-time
             * @description The time at which the token was issued; `null` when it is not set.
             * @example 2026-03-14T09:26:53Z
             */
            issuedAt?: string | null;
            /**
             * @description The name given to the token when it was generated.
             * @example ci-pipeline
             */
            name?: string;
            /**
             * @description Whether the token has been revoked.
             * @example false
             */
            revoked?: boolean;
            /**
             * @deprecated
             * @description Deprecated: read `roles`. The token's role when it has exactly one; `""` when it has several.
             * @example Continuous Integration
             */
            role?: string;
            /** @description The names of the roles granted to the token. */
            roles?: string[];
        };
        /**
         * @description The type of an account API token; every token is a bearer token.
         * @example TOKEN_TYPE_BEARER
         * @enum {string}
         */
        TokenType: "TOKEN_TYPE_BEARER";
        /**
         * @description What to change in a group; a field left out stays as it is. To change the members, send the
         *     member list you read with GetGroup as `before_user_ids` and the new list as `after_user_ids`: when
         *     the members changed in between, the update answers `409` and changes nothing.
         */
        UpdateGroupRequest: {
            /** @description Input only. The member list the group should have. */
            after_user_ids?: string[];
            /**
             * @description Input only. The member list as GetGroup returned it. Required when `after_user_ids` is set; it
             *     guards against overwriting a concurrent change to the members.
             */
            before_user_ids?: string[];
            /**
             * @description Input only. The new description of the group.
             * @example Editors who prepare VOD metadata for the EMEA catalogue.
             */
            description?: string;
            /**
             * @description Input only. The new name of the group. An empty string leaves the name as it is.
             * @example Content editors (EMEA)
             */
            name?: string;
        };
        /** @description The result of UpdateGroup. */
        UpdateGroupResponse: {
            /** @description The group as it is after the update. */
            group?: components["schemas"]["Group"];
        };
    };
    responses: {
        /** @description A bad request response: the request is invalid. The `code` is 3 (`INVALID_ARGUMENT`). */
        BvBadRequest: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["RpcStatus"];
            };
        };
        /**
         * @description A conflict response: the group's member list changed since `before_user_ids` was read. The `code` is
         *     10 (`ABORTED`) with the reason `ERROR_REASON_CONFLICT`; read the group again and retry the update.
         */
        BvConflict: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["RpcStatus"];
            };
        };
        /** @description An unexpected error response. The HTTP status follows the gRPC `code` (see `RpcStatus`). */
        BvDefaultError: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["RpcStatus"];
            };
        };
        /**
         * @description A forbidden response: the provided authorization does not have enough permission to access the
         *     resource or the API. The `code` is 7 (`PERMISSION_DENIED`).
         */
        BvForbidden: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["RpcStatus"];
            };
        };
        /** @description A server error response. The `code` is 13 (`INTERNAL`). */
        BvInternalError: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["RpcStatus"];
            };
        };
        /** @description A not found response: the requested resource does not exist. The `code` is 5 (`NOT_FOUND`). */
        BvNotFound: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["RpcStatus"];
            };
        };
        /**
         * @description An unauthenticated response: the `Authorization` header is missing or was not recognized. The
         *     `code` is 16 (`UNAUTHENTICATED`).
         */
        BvUnauthorized: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["RpcStatus"];
            };
        };
        /** @description The request is invalid. The `code` is 3 (`INVALID_ARGUMENT`). */
        StackRoxBadRequest: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["RuntimeError"];
            };
        };
        /**
         * @description Any other error. The HTTP status follows the gRPC `code` (see `RuntimeError`); a failure inside
         *     Central is 500 with code 13 (`INTERNAL`).
         */
        StackRoxDefaultError: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["RuntimeError"];
            };
        };
        /** @description The caller is not allowed to perform the operation. The `code` is 7 (`PERMISSION_DENIED`). */
        StackRoxForbidden: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["RuntimeError"];
            };
        };
        /** @description The request carries no valid credentials. The `code` is 16 (`UNAUTHENTICATED`). */
        StackRoxUnauthorized: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["RuntimeError"];
            };
        };
    };
    parameters: {
        /**
         * @description The unique id of the account API token, as CreateAccountAPIToken or ListAccountAPITokens gave it.
         * @example bd549ae5-e467-4fd4-ace5-5262f541d273
         */
        AccountApiTokenId: string;
        /**
         * @description The unique id of the API token.
         * @example 9a7c3e52-14d8-4f0b-b6a1-2e5d8c0f7b93
         */
        ApiTokenId: string;
        /**
         * @description The unique id of the group.
         * @example e7d3b1a9-5c2f-4a8e-b6d4-9f1c3e5a7b20
         */
        GroupId: string;
        /**
         * @description The id of the organization to perform the action for. Required: BlendVision One's own API
         *     definition marks it required on this operation, and its reference pages say that "to invoke this
         *     API using api_token, you need to set the x-bv-org-id header". (Earlier versions of this description
         *     declared it optional.) `@tokenkit/client` sends the client's `orgId` here.
         * @example 6b1c9f0e-3d2a-4c5b-9e8f-0a1b2c3d4e5f
         */
        OrgIdHeader: string;
        /**
         * @description Filters the list by revocation state: `true` returns only revoked tokens, `false` only tokens that
         *     are not revoked. When it is omitted, tokens are not filtered by this state.
         */
        RevokedQuery: boolean;
    };
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type AccountApiToken = components['schemas']['AccountApiToken'];
export type AccountStatus = components['schemas']['AccountStatus'];
export type AccountType = components['schemas']['AccountType'];
export type AdminResourceToken = components['schemas']['AdminResourceToken'];
export type ChatroomToken = components['schemas']['ChatroomToken'];
export type ChatroomTokenRole = components['schemas']['ChatroomTokenRole'];
export type CreateAccountApiTokenRequest = components['schemas']['CreateAccountApiTokenRequest'];
export type CreateAccountApiTokenResponse = components['schemas']['CreateAccountApiTokenResponse'];
export type CreateAdminResourceTokenRequest = components['schemas']['CreateAdminResourceTokenRequest'];
export type CreateChatroomTokenRequest = components['schemas']['CreateChatroomTokenRequest'];
export type CreateDictionaryTokenRequest = components['schemas']['CreateDictionaryTokenRequest'];
export type CreateGroupRequest = components['schemas']['CreateGroupRequest'];
export type CreateGroupResponse = components['schemas']['CreateGroupResponse'];
export type CreateLiveAdminInteractionTokenRequest = components['schemas']['CreateLiveAdminInteractionTokenRequest'];
export type CreatePlaybackTokenRequest = components['schemas']['CreatePlaybackTokenRequest'];
export type CreateResourceTokenRequest = components['schemas']['CreateResourceTokenRequest'];
export type CreateStickerPackTokenRequest = components['schemas']['CreateStickerPackTokenRequest'];
export type DictionaryToken = components['schemas']['DictionaryToken'];
export type Empty = components['schemas']['Empty'];
export type GenerateTokenRequest = components['schemas']['GenerateTokenRequest'];
export type GenerateTokenResponse = components['schemas']['GenerateTokenResponse'];
export type GetAccountApiTokenResponse = components['schemas']['GetAccountApiTokenResponse'];
export type GetApiTokensResponse = components['schemas']['GetApiTokensResponse'];
export type GetGroupResponse = components['schemas']['GetGroupResponse'];
export type Group = components['schemas']['Group'];
export type GroupSummary = components['schemas']['GroupSummary'];
export type GroupUserInfo = components['schemas']['GroupUserInfo'];
export type ListAccountApiTokensResponse = components['schemas']['ListAccountApiTokensResponse'];
export type ListAllowedTokenRolesResponse = components['schemas']['ListAllowedTokenRolesResponse'];
export type ListGroupsResponse = components['schemas']['ListGroupsResponse'];
export type ListGroupsWithPageTokenResponse = components['schemas']['ListGroupsWithPageTokenResponse'];
export type LiveAdminInteractionTokens = components['schemas']['LiveAdminInteractionTokens'];
export type Pagination = components['schemas']['Pagination'];
export type PlaybackToken = components['schemas']['PlaybackToken'];
export type ProtobufAny = components['schemas']['ProtobufAny'];
export type RefreshChatroomTokenRequest = components['schemas']['RefreshChatroomTokenRequest'];
export type RefreshChatroomTokenResponse = components['schemas']['RefreshChatroomTokenResponse'];
export type ResourceToken = components['schemas']['ResourceToken'];
export type ResourceType = components['schemas']['ResourceType'];
export type RevokeResourceTokensRequest = components['schemas']['RevokeResourceTokensRequest'];
export type RoleType = components['schemas']['RoleType'];
export type RpcStatus = components['schemas']['RpcStatus'];
export type RuntimeError = components['schemas']['RuntimeError'];
export type StickerPackToken = components['schemas']['StickerPackToken'];
export type TokenMetadata = components['schemas']['TokenMetadata'];
export type TokenType = components['schemas']['TokenType'];
export type UpdateGroupRequest = components['schemas']['UpdateGroupRequest'];
export type UpdateGroupResponse = components['schemas']['UpdateGroupResponse'];
export type ResponseBvBadRequest = components['responses']['BvBadRequest'];
export type ResponseBvConflict = components['responses']['BvConflict'];
export type ResponseBvDefaultError = components['responses']['BvDefaultError'];
export type ResponseBvForbidden = components['responses']['BvForbidden'];
export type ResponseBvInternalError = components['responses']['BvInternalError'];
export type ResponseBvNotFound = components['responses']['BvNotFound'];
export type ResponseBvUnauthorized = components['responses']['BvUnauthorized'];
export type ResponseStackRoxBadRequest = components['responses']['StackRoxBadRequest'];
export type ResponseStackRoxDefaultError = components['responses']['StackRoxDefaultError'];
export type ResponseStackRoxForbidden = components['responses']['StackRoxForbidden'];
export type ResponseStackRoxUnauthorized = components['responses']['StackRoxUnauthorized'];
export type ParameterAccountApiTokenId = components['parameters']['AccountApiTokenId'];
export type ParameterApiTokenId = components['parameters']['ApiTokenId'];
export type ParameterGroupId = components['parameters']['GroupId'];
export type ParameterOrgIdHeader = components['parameters']['OrgIdHeader'];
export type ParameterRevokedQuery = components['parameters']['RevokedQuery'];
export type $defs = Record<string, never>;
export interface operations {
    CreateAccountAPITokenLegacy: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateAccountApiTokenRequest"];
            };
        };
        responses: {
            /** @description A successful response. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreateAccountApiTokenResponse"];
                };
            };
            400: components["responses"]["BvBadRequest"];
            401: components["responses"]["BvUnauthorized"];
            403: components["responses"]["BvForbidden"];
            500: components["responses"]["BvInternalError"];
            default: components["responses"]["BvDefaultError"];
        };
    };
    ListAccountAPITokens: {
        parameters: {
            query: {
                /**
                 * @description Required. The page to return, from 1.
                 * @example 1
                 */
                current_page: number;
                /**
                 * @description Optional. Lists only the tokens with this name.
                 * @example ci-publisher
                 */
                "filter.name"?: string;
                /**
                 * @description Required. The number of tokens per page.
                 * @example 10
                 */
                items_per_page: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A successful response. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ListAccountApiTokensResponse"];
                };
            };
            400: components["responses"]["BvBadRequest"];
            401: components["responses"]["BvUnauthorized"];
            403: components["responses"]["BvForbidden"];
            500: components["responses"]["BvInternalError"];
            default: components["responses"]["BvDefaultError"];
        };
    };
    CreateAccountAPIToken: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateAccountApiTokenRequest"];
            };
        };
        responses: {
            /** @description A successful response. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreateAccountApiTokenResponse"];
                };
            };
            400: components["responses"]["BvBadRequest"];
            401: components["responses"]["BvUnauthorized"];
            403: components["responses"]["BvForbidden"];
            500: components["responses"]["BvInternalError"];
            default: components["responses"]["BvDefaultError"];
        };
    };
    GetAccountAPIToken: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The unique id of the account API token, as CreateAccountAPIToken or ListAccountAPITokens gave it.
                 * @example bd549ae5-e467-4fd4-ace5-5262f541d273
                 */
                id: components["parameters"]["AccountApiTokenId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A successful response. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GetAccountApiTokenResponse"];
                };
            };
            400: components["responses"]["BvBadRequest"];
            401: components["responses"]["BvUnauthorized"];
            403: components["responses"]["BvForbidden"];
            500: components["responses"]["BvInternalError"];
            default: components["responses"]["BvDefaultError"];
        };
    };
    DeleteAccountAPIToken: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The unique id of the account API token, as CreateAccountAPIToken or ListAccountAPITokens gave it.
                 * @example bd549ae5-e467-4fd4-ace5-5262f541d273
                 */
                id: components["parameters"]["AccountApiTokenId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A successful response. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Empty"];
                };
            };
            400: components["responses"]["BvBadRequest"];
            401: components["responses"]["BvUnauthorized"];
            403: components["responses"]["BvForbidden"];
            500: components["responses"]["BvInternalError"];
            default: components["responses"]["BvDefaultError"];
        };
    };
    CreateChatroomToken: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The uuid of the chatroom to create the token for.
                 * @example 0e3f5b7a-6c21-4d8e-9a4b-7f2c1d9e8b36
                 */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateChatroomTokenRequest"];
            };
        };
        responses: {
            /** @description A successful response. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ChatroomToken"];
                };
            };
            400: components["responses"]["BvBadRequest"];
            401: components["responses"]["BvUnauthorized"];
            403: components["responses"]["BvForbidden"];
            500: components["responses"]["BvInternalError"];
            default: components["responses"]["BvDefaultError"];
        };
    };
    RefreshChatroomToken: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RefreshChatroomTokenRequest"];
            };
        };
        responses: {
            /** @description A successful response. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RefreshChatroomTokenResponse"];
                };
            };
            400: components["responses"]["BvBadRequest"];
            401: components["responses"]["BvUnauthorized"];
            403: components["responses"]["BvForbidden"];
            500: components["responses"]["BvInternalError"];
            default: components["responses"]["BvDefaultError"];
        };
    };
    CreateDictionaryToken: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateDictionaryTokenRequest"];
            };
        };
        responses: {
            /** @description A successful response. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DictionaryToken"];
                };
            };
            400: components["responses"]["BvBadRequest"];
            401: components["responses"]["BvUnauthorized"];
            403: components["responses"]["BvForbidden"];
            500: components["responses"]["BvInternalError"];
            default: components["responses"]["BvDefaultError"];
        };
    };
    CreateStickerPackToken: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateStickerPackTokenRequest"];
            };
        };
        responses: {
            /** @description A successful response. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StickerPackToken"];
                };
            };
            400: components["responses"]["BvBadRequest"];
            401: components["responses"]["BvUnauthorized"];
            403: components["responses"]["BvForbidden"];
            500: components["responses"]["BvInternalError"];
            default: components["responses"]["BvDefaultError"];
        };
    };
    CreateAdminPlaybackToken: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description The id of the organization to perform the action for. Required: BlendVision One's own API
                 *     definition marks it required on this operation, and its reference pages say that "to invoke this
                 *     API using api_token, you need to set the x-bv-org-id header". (Earlier versions of this description
                 *     declared it optional.) `@tokenkit/client` sends the client's `orgId` here.
                 * @example 6b1c9f0e-3d2a-4c5b-9e8f-0a1b2c3d4e5f
                 */
                "x-bv-org-id": components["parameters"]["OrgIdHeader"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreatePlaybackTokenRequest"];
            };
        };
        responses: {
            /** @description A successful response. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PlaybackToken"];
                };
            };
            400: components["responses"]["BvBadRequest"];
            401: components["responses"]["BvUnauthorized"];
            403: components["responses"]["BvForbidden"];
            404: components["responses"]["BvNotFound"];
            500: components["responses"]["BvInternalError"];
            default: components["responses"]["BvDefaultError"];
        };
    };
    CreateLiveAdminInteractionToken: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description The id of the organization to perform the action for. Required: BlendVision One's own API
                 *     definition marks it required on this operation, and its reference pages say that "to invoke this
                 *     API using api_token, you need to set the x-bv-org-id header". (Earlier versions of this description
                 *     declared it optional.) `@tokenkit/client` sends the client's `orgId` here.
                 * @example 6b1c9f0e-3d2a-4c5b-9e8f-0a1b2c3d4e5f
                 */
                "x-bv-org-id": components["parameters"]["OrgIdHeader"];
            };
            path: {
                /**
                 * @description The unique id of the live.
                 * @example 3c9d2f1e-8b4a-4e7c-a5d6-1f0e9b8c7a62
                 */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateLiveAdminInteractionTokenRequest"];
            };
        };
        responses: {
            /** @description A successful response. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LiveAdminInteractionTokens"];
                };
            };
            400: components["responses"]["BvBadRequest"];
            401: components["responses"]["BvUnauthorized"];
            403: components["responses"]["BvForbidden"];
            404: components["responses"]["BvNotFound"];
            500: components["responses"]["BvInternalError"];
            default: components["responses"]["BvDefaultError"];
        };
    };
    CreateResourceToken: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description The id of the organization to perform the action for. Required: BlendVision One's own API
                 *     definition marks it required on this operation, and its reference pages say that "to invoke this
                 *     API using api_token, you need to set the x-bv-org-id header". (Earlier versions of this description
                 *     declared it optional.) `@tokenkit/client` sends the client's `orgId` here.
                 * @example 6b1c9f0e-3d2a-4c5b-9e8f-0a1b2c3d4e5f
                 */
                "x-bv-org-id": components["parameters"]["OrgIdHeader"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateResourceTokenRequest"];
            };
        };
        responses: {
            /** @description A successful response. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ResourceToken"];
                };
            };
            400: components["responses"]["BvBadRequest"];
            401: components["responses"]["BvUnauthorized"];
            403: components["responses"]["BvForbidden"];
            404: components["responses"]["BvNotFound"];
            500: components["responses"]["BvInternalError"];
            default: components["responses"]["BvDefaultError"];
        };
    };
    CreateAdminResourceToken: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description The id of the organization to perform the action for. Required: BlendVision One's own API
                 *     definition marks it required on this operation, and its reference pages say that "to invoke this
                 *     API using api_token, you need to set the x-bv-org-id header". (Earlier versions of this description
                 *     declared it optional.) `@tokenkit/client` sends the client's `orgId` here.
                 * @example 6b1c9f0e-3d2a-4c5b-9e8f-0a1b2c3d4e5f
                 */
                "x-bv-org-id": components["parameters"]["OrgIdHeader"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateAdminResourceTokenRequest"];
            };
        };
        responses: {
            /** @description A successful response. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdminResourceToken"];
                };
            };
            400: components["responses"]["BvBadRequest"];
            401: components["responses"]["BvUnauthorized"];
            403: components["responses"]["BvForbidden"];
            404: components["responses"]["BvNotFound"];
            500: components["responses"]["BvInternalError"];
            default: components["responses"]["BvDefaultError"];
        };
    };
    RevokeResourceTokens: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description The id of the organization to perform the action for. Required: BlendVision One's own API
                 *     definition marks it required on this operation, and its reference pages say that "to invoke this
                 *     API using api_token, you need to set the x-bv-org-id header". (Earlier versions of this description
                 *     declared it optional.) `@tokenkit/client` sends the client's `orgId` here.
                 * @example 6b1c9f0e-3d2a-4c5b-9e8f-0a1b2c3d4e5f
                 */
                "x-bv-org-id": components["parameters"]["OrgIdHeader"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RevokeResourceTokensRequest"];
            };
        };
        responses: {
            /** @description A successful response. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Empty"];
                };
            };
            400: components["responses"]["BvBadRequest"];
            401: components["responses"]["BvUnauthorized"];
            403: components["responses"]["BvForbidden"];
            500: components["responses"]["BvInternalError"];
            default: components["responses"]["BvDefaultError"];
        };
    };
    CreatePlaybackToken: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description The id of the organization to perform the action for. Required: BlendVision One's own API
                 *     definition marks it required on this operation, and its reference pages say that "to invoke this
                 *     API using api_token, you need to set the x-bv-org-id header". (Earlier versions of this description
                 *     declared it optional.) `@tokenkit/client` sends the client's `orgId` here.
                 * @example 6b1c9f0e-3d2a-4c5b-9e8f-0a1b2c3d4e5f
                 */
                "x-bv-org-id": components["parameters"]["OrgIdHeader"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreatePlaybackTokenRequest"];
            };
        };
        responses: {
            /** @description A successful response. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PlaybackToken"];
                };
            };
            400: components["responses"]["BvBadRequest"];
            401: components["responses"]["BvUnauthorized"];
            403: components["responses"]["BvForbidden"];
            404: components["responses"]["BvNotFound"];
            500: components["responses"]["BvInternalError"];
            default: components["responses"]["BvDefaultError"];
        };
    };
    ListGroups: {
        parameters: {
            query?: {
                /**
                 * @description Optional. The page to return, from 1. Default 1.
                 * @example 1
                 */
                current_page?: number;
                /**
                 * @description Optional. Lists every group, on one page.
                 * @example false
                 */
                "filter.all"?: boolean;
                /**
                 * @description Optional. The number of groups per page. Default 1, at most 100.
                 * @example 20
                 */
                items_per_page?: number;
            };
            header: {
                /**
                 * @description The id of the organization to perform the action for. Required: BlendVision One's own API
                 *     definition marks it required on this operation, and its reference pages say that "to invoke this
                 *     API using api_token, you need to set the x-bv-org-id header". (Earlier versions of this description
                 *     declared it optional.) `@tokenkit/client` sends the client's `orgId` here.
                 * @example 6b1c9f0e-3d2a-4c5b-9e8f-0a1b2c3d4e5f
                 */
                "x-bv-org-id": components["parameters"]["OrgIdHeader"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A successful response. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ListGroupsResponse"];
                };
            };
            400: components["responses"]["BvBadRequest"];
            401: components["responses"]["BvUnauthorized"];
            403: components["responses"]["BvForbidden"];
            500: components["responses"]["BvInternalError"];
            default: components["responses"]["BvDefaultError"];
        };
    };
    CreateGroup: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description The id of the organization to perform the action for. Required: BlendVision One's own API
                 *     definition marks it required on this operation, and its reference pages say that "to invoke this
                 *     API using api_token, you need to set the x-bv-org-id header". (Earlier versions of this description
                 *     declared it optional.) `@tokenkit/client` sends the client's `orgId` here.
                 * @example 6b1c9f0e-3d2a-4c5b-9e8f-0a1b2c3d4e5f
                 */
                "x-bv-org-id": components["parameters"]["OrgIdHeader"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateGroupRequest"];
            };
        };
        responses: {
            /** @description A successful response. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreateGroupResponse"];
                };
            };
            400: components["responses"]["BvBadRequest"];
            401: components["responses"]["BvUnauthorized"];
            403: components["responses"]["BvForbidden"];
            500: components["responses"]["BvInternalError"];
            default: components["responses"]["BvDefaultError"];
        };
    };
    ListGroupsWithPageToken: {
        parameters: {
            query?: {
                /**
                 * @description Optional. Lists only the groups with this name.
                 * @example Content editors
                 */
                "filter.name"?: string;
                /**
                 * @description Optional. The number of groups per page. Default 10, at most 100.
                 * @example 10
                 */
                page_size?: number;
                /**
                 * @description Optional. The `next_page_token` of the previous page; without it, the first page.
                 * @example Cg5Db250ZW50IGVkaXRvcnM
                 */
                page_token?: string;
            };
            header: {
                /**
                 * @description The id of the organization to perform the action for. Required: BlendVision One's own API
                 *     definition marks it required on this operation, and its reference pages say that "to invoke this
                 *     API using api_token, you need to set the x-bv-org-id header". (Earlier versions of this description
                 *     declared it optional.) `@tokenkit/client` sends the client's `orgId` here.
                 * @example 6b1c9f0e-3d2a-4c5b-9e8f-0a1b2c3d4e5f
                 */
                "x-bv-org-id": components["parameters"]["OrgIdHeader"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A successful response. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ListGroupsWithPageTokenResponse"];
                };
            };
            400: components["responses"]["BvBadRequest"];
            401: components["responses"]["BvUnauthorized"];
            403: components["responses"]["BvForbidden"];
            500: components["responses"]["BvInternalError"];
            default: components["responses"]["BvDefaultError"];
        };
    };
    GetGroup: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description The id of the organization to perform the action for. Required: BlendVision One's own API
                 *     definition marks it required on this operation, and its reference pages say that "to invoke this
                 *     API using api_token, you need to set the x-bv-org-id header". (Earlier versions of this description
                 *     declared it optional.) `@tokenkit/client` sends the client's `orgId` here.
                 * @example 6b1c9f0e-3d2a-4c5b-9e8f-0a1b2c3d4e5f
                 */
                "x-bv-org-id": components["parameters"]["OrgIdHeader"];
            };
            path: {
                /**
                 * @description The unique id of the group.
                 * @example e7d3b1a9-5c2f-4a8e-b6d4-9f1c3e5a7b20
                 */
                id: components["parameters"]["GroupId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A successful response. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GetGroupResponse"];
                };
            };
            400: components["responses"]["BvBadRequest"];
            401: components["responses"]["BvUnauthorized"];
            403: components["responses"]["BvForbidden"];
            404: components["responses"]["BvNotFound"];
            500: components["responses"]["BvInternalError"];
            default: components["responses"]["BvDefaultError"];
        };
    };
    UpdateGroup: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description The id of the organization to perform the action for. Required: BlendVision One's own API
                 *     definition marks it required on this operation, and its reference pages say that "to invoke this
                 *     API using api_token, you need to set the x-bv-org-id header". (Earlier versions of this description
                 *     declared it optional.) `@tokenkit/client` sends the client's `orgId` here.
                 * @example 6b1c9f0e-3d2a-4c5b-9e8f-0a1b2c3d4e5f
                 */
                "x-bv-org-id": components["parameters"]["OrgIdHeader"];
            };
            path: {
                /**
                 * @description The unique id of the group.
                 * @example e7d3b1a9-5c2f-4a8e-b6d4-9f1c3e5a7b20
                 */
                id: components["parameters"]["GroupId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateGroupRequest"];
            };
        };
        responses: {
            /** @description A successful response. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UpdateGroupResponse"];
                };
            };
            400: components["responses"]["BvBadRequest"];
            401: components["responses"]["BvUnauthorized"];
            403: components["responses"]["BvForbidden"];
            404: components["responses"]["BvNotFound"];
            409: components["responses"]["BvConflict"];
            500: components["responses"]["BvInternalError"];
            default: components["responses"]["BvDefaultError"];
        };
    };
    DeleteGroup: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description The id of the organization to perform the action for. Required: BlendVision One's own API
                 *     definition marks it required on this operation, and its reference pages say that "to invoke this
                 *     API using api_token, you need to set the x-bv-org-id header". (Earlier versions of this description
                 *     declared it optional.) `@tokenkit/client` sends the client's `orgId` here.
                 * @example 6b1c9f0e-3d2a-4c5b-9e8f-0a1b2c3d4e5f
                 */
                "x-bv-org-id": components["parameters"]["OrgIdHeader"];
            };
            path: {
                /**
                 * @description The unique id of the group.
                 * @example e7d3b1a9-5c2f-4a8e-b6d4-9f1c3e5a7b20
                 */
                id: components["parameters"]["GroupId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A successful response. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Empty"];
                };
            };
            400: components["responses"]["BvBadRequest"];
            401: components["responses"]["BvUnauthorized"];
            403: components["responses"]["BvForbidden"];
            404: components["responses"]["BvNotFound"];
            500: components["responses"]["BvInternalError"];
            default: components["responses"]["BvDefaultError"];
        };
    };
    GetAPITokens: {
        parameters: {
            query?: {
                /**
                 * @description Filters the list by revocation state: `true` returns only revoked tokens, `false` only tokens that
                 *     are not revoked. When it is omitted, tokens are not filtered by this state.
                 */
                revoked?: components["parameters"]["RevokedQuery"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A successful response. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GetApiTokensResponse"];
                };
            };
            400: components["responses"]["StackRoxBadRequest"];
            401: components["responses"]["StackRoxUnauthorized"];
            403: components["responses"]["StackRoxForbidden"];
            default: components["responses"]["StackRoxDefaultError"];
        };
    };
    GetAPIToken: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The unique id of the API token.
                 * @example 9a7c3e52-14d8-4f0b-b6a1-2e5d8c0f7b93
                 */
                id: components["parameters"]["ApiTokenId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A successful response. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TokenMetadata"];
                };
            };
            /**
             * @description No API token has the given id. Central answers an unknown id with 400 and code 3
             *     (`INVALID_ARGUMENT`), not with 404.
             */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RuntimeError"];
                };
            };
            401: components["responses"]["StackRoxUnauthorized"];
            403: components["responses"]["StackRoxForbidden"];
            default: components["responses"]["StackRoxDefaultError"];
        };
    };
    GenerateToken: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["GenerateTokenRequest"];
            };
        };
        responses: {
            /** @description A successful response. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GenerateTokenResponse"];
                };
            };
            /**
             * @description The request is invalid: Central checks the name, the roles and the expiration in that order
             *     and answers the first failure with code 3 (`INVALID_ARGUMENT`).
             */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RuntimeError"];
                };
            };
            401: components["responses"]["StackRoxUnauthorized"];
            403: components["responses"]["StackRoxForbidden"];
            default: components["responses"]["StackRoxDefaultError"];
        };
    };
    ListAllowedTokenRoles: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A successful response. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ListAllowedTokenRolesResponse"];
                };
            };
            401: components["responses"]["StackRoxUnauthorized"];
            403: components["responses"]["StackRoxForbidden"];
            default: components["responses"]["StackRoxDefaultError"];
        };
    };
    RevokeToken: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The unique id of the API token.
                 * @example 9a7c3e52-14d8-4f0b-b6a1-2e5d8c0f7b93
                 */
                id: components["parameters"]["ApiTokenId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A successful response. The body is the empty object. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Empty"];
                };
            };
            401: components["responses"]["StackRoxUnauthorized"];
            403: components["responses"]["StackRoxForbidden"];
            /**
             * @description No API token has the given id, or revoking failed. Central answers an unknown id with 500
             *     and code 13 (`INTERNAL`), not with 404.
             */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RuntimeError"];
                };
            };
            default: components["responses"]["StackRoxDefaultError"];
        };
    };
}
