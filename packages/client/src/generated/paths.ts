// This file is generated from spec/openapi.yaml by packages/client/scripts/generate.mjs. Do not edit it by hand.

import type { operations, paths as SpecPaths } from "@tokenkit/types";

/**
 * The spec's paths as the path-style methods take them: the organization header, which the spec
 * requires on 3 paths, is optional in a call, since the client sends it from `orgId`.
 */
export interface ClientPaths {
  "/bv/chatroom/v1/chatrooms/{id}/tokens": SpecPaths["/bv/chatroom/v1/chatrooms/{id}/tokens"];
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
  "/bv/org/v1/groups": {
    parameters: SpecPaths["/bv/org/v1/groups"]["parameters"];
    get?: never;
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
  "/v1/apitokens/generate/allowed-roles": SpecPaths["/v1/apitokens/generate/allowed-roles"];
  "/v1/apitokens/generate": SpecPaths["/v1/apitokens/generate"];
  "/v1/apitokens": SpecPaths["/v1/apitokens"];
  "/v1/apitokens/{id}": SpecPaths["/v1/apitokens/{id}"];
  "/v1/apitokens/revoke/{id}": SpecPaths["/v1/apitokens/revoke/{id}"];
}
