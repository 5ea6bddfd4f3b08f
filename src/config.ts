import path from 'node:path';
import type { OidcConfig } from './auth/oidc';

/** Everything the hub reads from the environment, validated once at start-up. */
export interface HubConfig {
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  /** A PostgreSQL server to use; when absent the hub runs an embedded PostgreSQL. */
  databaseUrl?: string;
  dataDir: string;
  embeddedPgPort: number;
  dbPoolMax: number;
  /** How long a request waits for a database connection before failing with SERVICE_UNAVAILABLE. */
  dbAcquireTimeoutMs: number;
  seedOnStart: boolean;
  logLevel: string;
  introspection: boolean;
  /** Stack traces in error responses; only ever on in development. */
  exposeStackTraces: boolean;
  limits: {
    maxDepth: number;
    maxAliases: number;
    maxCost: number;
    maxTokens: number;
    maxBodyBytes: number;
  };
  shutdownTimeoutMs: number;
  /** Sign-in with JWTs from an OpenID Connect provider; off unless OIDC_ISSUER is set. */
  oidc?: OidcConfig;
  /** Working days (Chinese calendar) an owner has to answer an access request. */
  accessRequestDueWorkingDays: number;
  /** How often WebSocket clients are pinged; one that has not answered the last ping is dropped. */
  wsKeepAliveMs: number;
  /** Events a feed subscriber may have waiting; one further behind is disconnected (it resumes by cursor). */
  feedMaxBacklog: number;
  /** Least time between two deliveries of the feed; what commits meanwhile goes out in one write per socket. */
  feedCoalesceMs: number;
  /** Unsent bytes past which the feed waits for a WebSocket to drain before sending it more. */
  wsMaxBufferedBytes: number;
  /** How long a WebSocket may take to drain; a client that does not read is disconnected (it resumes by cursor). */
  wsDrainTimeoutMs: number;
  /** Days without a DONE exchange after which a friendship relation counts as QUIET. */
  relationQuietAfterDays: number;
  /** Weights of openDevelopmentIndex by indicator code, over the defaults of the indicator table. */
  indexWeights: Record<string, number>;
}

export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

function int(env: Env, name: string, fallback: number, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be a whole number between ${min} and ${max}, got "${raw}"`);
  }
  return value;
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  throw new ConfigError(`${name} must be true or false, got "${env[name]}"`);
}

function oidcConfig(env: Env): OidcConfig | undefined {
  const issuer = env.OIDC_ISSUER?.trim();
  if (!issuer) return undefined;
  const url = (name: string, value: string) => {
    try {
      return new URL(value).toString() && value;
    } catch {
      throw new ConfigError(`${name} must be a URL, got "${value}"`);
    }
  };
  url('OIDC_ISSUER', issuer);
  const jwksUri = env.OIDC_JWKS_URI?.trim() || undefined;
  // Without an audience, tokens the provider issued to any other application would sign in too.
  const audience = env.OIDC_AUDIENCE?.trim();
  if (!audience) throw new ConfigError('OIDC_AUDIENCE must be set with OIDC_ISSUER: the client id the provider puts in "aud" for the hub');
  if (jwksUri) url('OIDC_JWKS_URI', jwksUri);
  return {
    issuer,
    audience,
    jwksUri,
    unitClaim: env.OIDC_UNIT_CLAIM?.trim() || 'hub_unit',
    roleClaim: env.OIDC_ROLE_CLAIM?.trim() || 'hub_role',
  };
}

function weights(env: Env, name: string): Record<string, number> {
  const raw = env[name]?.trim();
  if (!raw) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new ConfigError(`${name} must be a JSON object of indicator code to weight, e.g. {"EXPORTS": 3}, got "${raw}"`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ConfigError(`${name} must be a JSON object of indicator code to weight, e.g. {"EXPORTS": 3}`);
  }
  for (const [code, weight] of Object.entries(parsed)) {
    if (!/^[A-Z][A-Z0-9_]{1,63}$/.test(code)) throw new ConfigError(`${name}: "${code}" is not an indicator code`);
    if (typeof weight !== 'number' || !Number.isFinite(weight) || weight < 0) throw new ConfigError(`${name}: the weight of ${code} must be a number, 0 or more`);
  }
  return parsed as Record<string, number>;
}

export function loadConfig(env: Env = process.env, overrides: Partial<HubConfig> = {}): HubConfig {
  const nodeEnv = env.NODE_ENV === 'production' ? 'production' : env.NODE_ENV === 'test' ? 'test' : 'development';
  const databaseUrl = env.DATABASE_URL?.trim() || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL must be a postgres:// or postgresql:// URL');
  }
  const config: HubConfig = {
    env: nodeEnv,
    host: env.HOST?.trim() || '127.0.0.1',
    port: int(env, 'PORT', 4000, 0, 65535),
    databaseUrl,
    dataDir: path.resolve(env.DATA_DIR?.trim() || '.data'),
    embeddedPgPort: int(env, 'EMBEDDED_PG_PORT', 54329, 1, 65535),
    dbPoolMax: int(env, 'DB_POOL_MAX', 10, 1, 500),
    dbAcquireTimeoutMs: int(env, 'DB_ACQUIRE_TIMEOUT_MS', 3000, 100, 120_000),
    seedOnStart: bool(env, 'SEED_ON_START', !databaseUrl),
    logLevel: env.LOG_LEVEL?.trim() || (nodeEnv === 'test' ? 'silent' : 'info'),
    introspection: bool(env, 'GRAPHQL_INTROSPECTION', nodeEnv !== 'production'),
    exposeStackTraces: nodeEnv === 'development' && bool(env, 'GRAPHQL_STACK_TRACES', false),
    limits: {
      maxDepth: int(env, 'GRAPHQL_MAX_DEPTH', 10, 1, 100),
      maxAliases: int(env, 'GRAPHQL_MAX_ALIASES', 15, 1, 1000),
      maxCost: int(env, 'GRAPHQL_MAX_COST', 50_000, 1),
      maxTokens: int(env, 'GRAPHQL_MAX_TOKENS', 2000, 10),
      maxBodyBytes: int(env, 'GRAPHQL_MAX_BODY_BYTES', 100_000, 1000),
    },
    shutdownTimeoutMs: int(env, 'SHUTDOWN_TIMEOUT_MS', 10_000, 0),
    oidc: oidcConfig(env),
    accessRequestDueWorkingDays: int(env, 'ACCESS_REQUEST_DUE_WORKING_DAYS', 5, 1, 60),
    wsKeepAliveMs: int(env, 'WS_KEEPALIVE_MS', 30_000, 50, 600_000),
    feedMaxBacklog: int(env, 'FEED_MAX_BACKLOG', 1000, 1, 100_000),
    feedCoalesceMs: int(env, 'FEED_COALESCE_MS', 100, 0, 5000),
    wsMaxBufferedBytes: int(env, 'WS_MAX_BUFFERED_BYTES', 1024 * 1024, 16 * 1024, 1024 * 1024 * 1024),
    wsDrainTimeoutMs: int(env, 'WS_DRAIN_TIMEOUT_MS', 30_000, 100, 600_000),
    relationQuietAfterDays: int(env, 'RELATION_QUIET_AFTER_DAYS', 730, 1, 36_500),
    indexWeights: weights(env, 'INDEX_WEIGHTS'),
  };
  return { ...config, ...overrides, limits: { ...config.limits, ...overrides.limits } };
}
