// The one request every variant makes, and the answer the server and the stub give.
export const PATH = "/v1/apitokens/generate/allowed-roles";
export const TOKEN = "bench-token";
export const AUTHORIZATION = `Bearer ${TOKEN}`;
/** The spec's example response of ListAllowedTokenRoles. */
export const BODY = JSON.stringify({ roleNames: ["Admin", "Analyst", "Continuous Integration", "Sensor Creator"] });
