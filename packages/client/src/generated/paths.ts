// This file is generated from spec/openapi.yaml by packages/client/scripts/generate.mjs. Do not edit it by hand.

import type { operations, paths as SpecPaths } from "@tokenkit/types";

/**
 * The spec's paths as the path-style methods take them: the organization header, which the spec
 * requires on 9 paths, is optional in a call, since the client sends it from `orgId`.
 */
export interface ClientPaths {
  "/bv/chatroom/v1/chatrooms/{id}/tokens": SpecPaths["/bv/chatroom/v1/chatrooms/{id}/tokens"];
  "/bv/chatroom/v1/chatrooms/tokens:refresh": SpecPaths["/bv/chatroom/v1/chatrooms/tokens:refresh"];
  "/bv/chatroom/v1/dictionaries/tokens": SpecPaths["/bv/chatroom/v1/dictionaries/tokens"];
  "/bv/chatroom/v1/stickerpacks/tokens": SpecPaths["/bv/chatroom/v1/stickerpacks/tokens"];
  "/bv/cms/v1/lives/{id}/interaction/tokens:admin": {
    parameters: SpecPaths["/bv/cms/v1/lives/{id}/interaction/tokens:admin"]["parameters"];
    get?: never;
    put?: never;
    post: {
      parameters: {
        query?: never;
        header?: { "x-bv-org-id"?: operations["CreateLiveAdminInteractionToken"]["parameters"]["header"]["x-bv-org-id"]; };
        path: operations["CreateLiveAdminInteractionToken"]["parameters"]["path"];
        cookie?: never;
      };
      requestBody: operations["CreateLiveAdminInteractionToken"]["requestBody"];
      responses: operations["CreateLiveAdminInteractionToken"]["responses"];
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/bv/cms/v1/resources/tokens:admin": {
    parameters: SpecPaths["/bv/cms/v1/resources/tokens:admin"]["parameters"];
    get?: never;
    put?: never;
    post: {
      parameters: {
        query?: never;
        header?: { "x-bv-org-id"?: operations["CreateAdminResourceToken"]["parameters"]["header"]["x-bv-org-id"]; };
        path?: never;
        cookie?: never;
      };
      requestBody: operations["CreateAdminResourceToken"]["requestBody"];
      responses: operations["CreateAdminResourceToken"]["responses"];
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/bv/cms/v1/tokens": {
    parameters: SpecPaths["/bv/cms/v1/tokens"]["parameters"];
    get?: never;
    put?: never;
    post: {
      parameters: {
        query?: never;
        header?: { "x-bv-org-id"?: operations["CreatePlaybackToken"]["parameters"]["header"]["x-bv-org-id"]; };
        path?: never;
        cookie?: never;
      };
      requestBody: operations["CreatePlaybackToken"]["requestBody"];
      responses: operations["CreatePlaybackToken"]["responses"];
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/bv/cms/v1/admin/tokens": {
    parameters: SpecPaths["/bv/cms/v1/admin/tokens"]["parameters"];
    get?: never;
    put?: never;
    post: {
      parameters: {
        query?: never;
        header?: { "x-bv-org-id"?: operations["CreateAdminPlaybackToken"]["parameters"]["header"]["x-bv-org-id"]; };
        path?: never;
        cookie?: never;
      };
      requestBody: operations["CreateAdminPlaybackToken"]["requestBody"];
      responses: operations["CreateAdminPlaybackToken"]["responses"];
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/bv/cms/v1/resources/tokens": {
    parameters: SpecPaths["/bv/cms/v1/resources/tokens"]["parameters"];
    get?: never;
    put?: never;
    post: {
      parameters: {
        query?: never;
        header?: { "x-bv-org-id"?: operations["CreateResourceToken"]["parameters"]["header"]["x-bv-org-id"]; };
        path?: never;
        cookie?: never;
      };
      requestBody: operations["CreateResourceToken"]["requestBody"];
      responses: operations["CreateResourceToken"]["responses"];
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/bv/cms/v1/resources/tokens:revoke": {
    parameters: SpecPaths["/bv/cms/v1/resources/tokens:revoke"]["parameters"];
    get?: never;
    put?: never;
    post: {
      parameters: {
        query?: never;
        header?: { "x-bv-org-id"?: operations["RevokeResourceTokens"]["parameters"]["header"]["x-bv-org-id"]; };
        path?: never;
        cookie?: never;
      };
      requestBody: operations["RevokeResourceTokens"]["requestBody"];
      responses: operations["RevokeResourceTokens"]["responses"];
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/bv/org/v1/groups": {
    parameters: SpecPaths["/bv/org/v1/groups"]["parameters"];
    get: {
      parameters: {
        query?: operations["ListGroups"]["parameters"]["query"];
        header?: { "x-bv-org-id"?: operations["ListGroups"]["parameters"]["header"]["x-bv-org-id"]; };
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: operations["ListGroups"]["responses"];
    };
    put?: never;
    post: {
      parameters: {
        query?: never;
        header?: { "x-bv-org-id"?: operations["CreateGroup"]["parameters"]["header"]["x-bv-org-id"]; };
        path?: never;
        cookie?: never;
      };
      requestBody: operations["CreateGroup"]["requestBody"];
      responses: operations["CreateGroup"]["responses"];
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/bv/org/v1/groups:pagetoken": {
    parameters: SpecPaths["/bv/org/v1/groups:pagetoken"]["parameters"];
    get: {
      parameters: {
        query?: operations["ListGroupsWithPageToken"]["parameters"]["query"];
        header?: { "x-bv-org-id"?: operations["ListGroupsWithPageToken"]["parameters"]["header"]["x-bv-org-id"]; };
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: operations["ListGroupsWithPageToken"]["responses"];
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/bv/org/v1/groups/{id}": {
    parameters: SpecPaths["/bv/org/v1/groups/{id}"]["parameters"];
    get: {
      parameters: {
        query?: never;
        header?: { "x-bv-org-id"?: operations["GetGroup"]["parameters"]["header"]["x-bv-org-id"]; };
        path: operations["GetGroup"]["parameters"]["path"];
        cookie?: never;
      };
      requestBody?: never;
      responses: operations["GetGroup"]["responses"];
    };
    put: {
      parameters: {
        query?: never;
        header?: { "x-bv-org-id"?: operations["UpdateGroup"]["parameters"]["header"]["x-bv-org-id"]; };
        path: operations["UpdateGroup"]["parameters"]["path"];
        cookie?: never;
      };
      requestBody: operations["UpdateGroup"]["requestBody"];
      responses: operations["UpdateGroup"]["responses"];
    };
    post?: never;
    delete: {
      parameters: {
        query?: never;
        header?: { "x-bv-org-id"?: operations["DeleteGroup"]["parameters"]["header"]["x-bv-org-id"]; };
        path: operations["DeleteGroup"]["parameters"]["path"];
        cookie?: never;
      };
      requestBody?: never;
      responses: operations["DeleteGroup"]["responses"];
    };
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/bv/account/v1/accounts/api-tokens": SpecPaths["/bv/account/v1/accounts/api-tokens"];
  "/bv/account/v1/accounts/api-tokens/{id}": SpecPaths["/bv/account/v1/accounts/api-tokens/{id}"];
  "/bv/account/v1/accounts/api-token": SpecPaths["/bv/account/v1/accounts/api-token"];
  "/v1/apitokens/generate/allowed-roles": SpecPaths["/v1/apitokens/generate/allowed-roles"];
  "/v1/apitokens/generate": SpecPaths["/v1/apitokens/generate"];
  "/v1/apitokens": SpecPaths["/v1/apitokens"];
  "/v1/apitokens/{id}": SpecPaths["/v1/apitokens/{id}"];
  "/v1/apitokens/revoke/{id}": SpecPaths["/v1/apitokens/revoke/{id}"];
}
