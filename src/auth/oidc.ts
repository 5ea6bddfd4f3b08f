import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';

export interface OidcConfig {
  issuer: string;
  /** Expected `aud` (required: see loadConfig). */
  audience: string;
  /** The provider's key set; discovered from `<issuer>/.well-known/openid-configuration` when absent. */
  jwksUri?: string;
  /** Claim naming the member unit code (e.g. "610100-FAO"), used to create an account on first sign-in. */
  unitClaim: string;
  /** Claim naming the role (ADMIN, EDITOR, VIEWER) for that first sign-in. */
  roleClaim: string;
}

export type OidcVerifier = (jwt: string) => Promise<JWTPayload & { iss: string; sub: string }>;

/** The provider's discovery document or key set could not be fetched: not the caller's fault. */
export class OidcProviderUnavailable extends Error {
  constructor(cause: unknown) {
    super(`the OpenID Connect provider could not be reached: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'OidcProviderUnavailable';
  }
}

// Asymmetric algorithms only: a provider's key set holds public keys, and an HMAC "signed" with
// one of them would prove nothing.
const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519'];

/** Errors of the key lookup that say something about the token, not about the provider. */
const isTokenProblem = (error: unknown) =>
  error instanceof joseErrors.JWKSNoMatchingKey ||
  error instanceof joseErrors.JWKSMultipleMatchingKeys ||
  error instanceof joseErrors.JOSEAlgNotAllowed ||
  error instanceof joseErrors.JOSENotSupported;

/**
 * Verifies JWTs from the configured OpenID Connect provider: signature (keys fetched and cached by
 * jose), issuer, audience, expiry (required), subject (required). Throws jose's errors for a bad
 * token and OidcProviderUnavailable when the keys cannot be fetched.
 */
export function createOidcVerifier(config: OidcConfig): OidcVerifier {
  let keys: JWTVerifyGetKey | undefined;
  const keySet = async (): Promise<JWTVerifyGetKey> => {
    if (keys) return keys;
    let uri = config.jwksUri;
    if (!uri) {
      try {
        const response = await fetch(new URL('.well-known/openid-configuration', config.issuer.endsWith('/') ? config.issuer : `${config.issuer}/`));
        if (!response.ok) throw new Error(`discovery answered HTTP ${response.status}`);
        uri = ((await response.json()) as { jwks_uri?: string }).jwks_uri;
      } catch (error) {
        throw new OidcProviderUnavailable(error);
      }
      if (!uri) throw new OidcProviderUnavailable('the discovery document has no jwks_uri');
    }
    const remote = createRemoteJWKSet(new URL(uri));
    keys = async (header, token) => {
      try {
        return await remote(header, token);
      } catch (error) {
        if (isTokenProblem(error)) throw error;
        throw new OidcProviderUnavailable(error);
      }
    };
    return keys;
  };
  return async (jwt) => {
    const { payload } = await jwtVerify(jwt, await keySet(), {
      issuer: config.issuer,
      audience: config.audience,
      algorithms: ALGORITHMS,
      requiredClaims: ['exp', 'sub'],
      clockTolerance: 30,
    });
    return payload as JWTPayload & { iss: string; sub: string };
  };
}
