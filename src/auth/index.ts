export * from './viewer';
export { createAuthenticator, viewerForHubToken, type Authenticator } from './authenticate';
export { createOidcVerifier, type OidcConfig } from './oidc';
export { generateTokenSecret, hashTokenSecret, parseExpiry, TOKEN_PREFIX } from './tokens';
