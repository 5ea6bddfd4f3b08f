import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';

export interface OidcConfig {
  issuer: string;
  /** Expected `aud`; unchecked when absent. */
  audience?: string;
  /** The provider's key set; discovered from `<issuer>/.well-known/openid-configuration` when absent. */
  jwksUri?: string;
  /** Claim naming the member unit code (e.g. "610100-FAO"), used to create an account on first sign-in. */
  unitClaim: string;
  /** Claim naming the role (ADMIN, EDITOR, VIEWER) for that first sign-in. */
  roleClaim: string;
}

export type OidcVerifier = (jwt: string) => Promise<JWTPayload & { iss: string; sub: string }>;

/** Verifies JWTs from the configured OpenID Connect provider: signature (keys fetched and cached by jose), issuer, audience, expiry. */
export function createOidcVerifier(config: OidcConfig): OidcVerifier {
  let keys: ReturnType<typeof createRemoteJWKSet> | undefined;
  const keySet = async () => {
    if (keys) return keys;
    let uri = config.jwksUri;
    if (!uri) {
      const response = await fetch(new URL('.well-known/openid-configuration', config.issuer.endsWith('/') ? config.issuer : `${config.issuer}/`));
      if (!response.ok) throw new Error(`OpenID Connect discovery failed with HTTP ${response.status}`);
      uri = ((await response.json()) as { jwks_uri?: string }).jwks_uri;
      if (!uri) throw new Error('the OpenID Connect discovery document has no jwks_uri');
    }
    keys = createRemoteJWKSet(new URL(uri));
    return keys;
  };
  return async (jwt) => {
    const { payload } = await jwtVerify(jwt, await keySet(), {
      issuer: config.issuer,
      audience: config.audience,
      clockTolerance: 30,
    });
    if (!payload.sub) throw new Error('the token has no subject');
    return payload as JWTPayload & { iss: string; sub: string };
  };
}
