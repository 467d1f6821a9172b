// This file is generated from spec/openapi.yaml by packages/client/scripts/generate.mjs. Do not edit it by hand.

export const operations = [
  {"operationId":"CreateAdminResourceToken","method":"POST","path":"/bv/cms/v1/resources/tokens:admin","tag":"cms","api":"blendvision","orgHeader":true},
  {"operationId":"CreateChatroomToken","method":"POST","path":"/bv/chatroom/v1/chatrooms/{id}/tokens","tag":"chatroom","api":"blendvision","orgHeader":false},
  {"operationId":"CreateGroup","method":"POST","path":"/bv/org/v1/groups","tag":"org","api":"blendvision","orgHeader":true},
  {"operationId":"CreateLiveAdminInteractionToken","method":"POST","path":"/bv/cms/v1/lives/{id}/interaction/tokens:admin","tag":"cms","api":"blendvision","orgHeader":true},
  {"operationId":"GenerateToken","method":"POST","path":"/v1/apitokens/generate","tag":"apitokens","api":"stackrox","orgHeader":false},
  {"operationId":"GetAPIToken","method":"GET","path":"/v1/apitokens/{id}","tag":"apitokens","api":"stackrox","orgHeader":false},
  {"operationId":"GetAPITokens","method":"GET","path":"/v1/apitokens","tag":"apitokens","api":"stackrox","orgHeader":false},
  {"operationId":"ListAllowedTokenRoles","method":"GET","path":"/v1/apitokens/generate/allowed-roles","tag":"apitokens","api":"stackrox","orgHeader":false},
  {"operationId":"RevokeToken","method":"PATCH","path":"/v1/apitokens/revoke/{id}","tag":"apitokens","api":"stackrox","orgHeader":false},
] as const;
