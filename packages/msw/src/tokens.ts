// Minted tokens: every token the stateful mock hands out is new, shaped like the spec's example
// (a JWT stays a JWT a frontend can decode), with a fresh `jti`, `iat` and a future `exp`.
// Browser-safe (Web Crypto, btoa/atob).

const JWT = /^[\w-]+\.([\w-]+)\.([\w-]+)$/;

function base64url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function decodeSegment(segment: string): Record<string, unknown> | undefined {
  try {
    const binary = atob(segment.replace(/-/g, "+").replace(/_/g, "/"));
    const value: unknown = JSON.parse(new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0))));
    return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function randomSegment(length: number): string {
  const bytes = crypto.getRandomValues(new Uint8Array(Math.ceil((length * 3) / 4)));
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "").slice(0, length);
}

export const nowSeconds = () => Math.floor(Date.now() / 1000);

/**
 * A new token shaped like `template`. A JWT gets `claims` merged into its payload (a claim set to
 * `undefined` is removed) and a random signature; anything else gets a random string of the same
 * length.
 */
export function mintToken(template: string, claims: Record<string, unknown> = {}): string {
  const m = JWT.exec(template);
  const payload = m ? decodeSegment(m[1]!) : undefined;
  if (!m || !payload) return randomSegment(Math.max(template.length, 32));
  const header = template.slice(0, template.indexOf("."));
  const merged: Record<string, unknown> = { ...payload, ...claims };
  for (const [key, value] of Object.entries(merged)) if (value === undefined) delete merged[key];
  return `${header}.${base64url(JSON.stringify(merged))}.${randomSegment(m[2]!.length)}`;
}

/** Whether a string looks like a JWT whose payload is JSON. */
export function isJwt(value: unknown): value is string {
  const m = typeof value === "string" ? JWT.exec(value) : null;
  return !!m && decodeSegment(m[1]!) !== undefined;
}

/** The claims of a JWT (no signature check: the mock only reads its own tokens). */
export function jwtClaims(token: string): Record<string, unknown> | undefined {
  const m = JWT.exec(token);
  return m ? decodeSegment(m[1]!) : undefined;
}

/**
 * Replaces every JWT in a response body with a new one: fresh `jti` and `iat`, and an `exp` as
 * far in the future as the example's lifetime (its `exp - iat`, else a sibling `expires_in`,
 * else an hour), so a frontend that checks expiry sees a live token.
 */
export function remintTokens(body: unknown): unknown {
  if (Array.isArray(body)) return body.map(remintTokens);
  if (!body || typeof body !== "object") return body;
  const object = body as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(object)) {
    if (isJwt(value)) {
      const claims = jwtClaims(value)!;
      const iat = nowSeconds();
      const lifetime =
        typeof claims.exp === "number" && typeof claims.iat === "number"
          ? claims.exp - claims.iat
          : typeof object.expires_in === "number"
            ? object.expires_in
            : 3600;
      out[key] = mintToken(value, { jti: crypto.randomUUID(), iat, ...(claims.exp !== undefined ? { exp: iat + lifetime } : {}) });
    } else out[key] = remintTokens(value);
  }
  return out;
}
