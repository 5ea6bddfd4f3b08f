import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload } from 'jose';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { startTestHub, type TestHub } from '../helpers/hub';
import { createIdentity, type TestIdentity } from '../helpers/identities';
import { freePort } from '../helpers/ports';

// A stand-in OpenID Connect provider: a key pair of our own, its public half served as a JWKS.
const ISSUER = 'https://id.example.test/realms/shaanxi';
const AUDIENCE = 'fao-hub';
const KID = 'test-key-1';

const ME = `{ me { authenticated role hubAdmin readOnly token { id } unit { code } account { id displayName email role oidcSubject } } }`;

type Key = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

describe('sign-in with OpenID Connect', () => {
  let hub: TestHub;
  let jwks: http.Server;
  let signingKey: Key;
  let strangerKey: Key;
  let hubAdmin: TestIdentity;
  let subjects = 0;

  const newSubject = () => `user-${++subjects}-${Date.now()}`;

  /** A token as the provider would issue it; `overrides` changes or removes (undefined) claims. */
  async function signIn(claims: JWTPayload, options: { key?: Key; kid?: string; expiresIn?: string | number } = {}): Promise<string> {
    const { iss = ISSUER, aud = AUDIENCE, ...rest } = claims;
    let jwt = new SignJWT(rest).setProtectedHeader({ alg: 'RS256', kid: options.kid ?? KID }).setIssuedAt();
    if (iss) jwt = jwt.setIssuer(iss);
    if (aud) jwt = jwt.setAudience(aud);
    jwt = jwt.setExpirationTime(options.expiresIn ?? '5m');
    return jwt.sign(options.key ?? signingKey);
  }

  const asBearer = (jwt: string) => ({ authorization: `Bearer ${jwt}` });

  async function accountsWithSubject(subject: string): Promise<number> {
    const client = new pg.Client({ connectionString: hub.databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query('select count(*)::int as n from account where oidc_issuer = $1 and oidc_subject = $2', [ISSUER, subject]);
      return rows[0].n;
    } finally {
      await client.end();
    }
  }

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256');
    signingKey = pair.privateKey;
    strangerKey = (await generateKeyPair('RS256')).privateKey;
    const publicJwk = { ...(await exportJWK(pair.publicKey)), kid: KID, alg: 'RS256', use: 'sig' };
    jwks = http.createServer((request, response) => {
      if (request.url !== '/jwks') return void response.writeHead(404).end();
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [publicJwk] }));
    });
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
    const { port } = jwks.address() as AddressInfo;
    hub = await startTestHub({}, { OIDC_ISSUER: ISSUER, OIDC_JWKS_URI: `http://127.0.0.1:${port}/jwks`, OIDC_AUDIENCE: AUDIENCE });
    hubAdmin = await createIdentity(hub.databaseUrl, { unit: '610000-FAO', role: 'ADMIN' });
  });
  afterAll(async () => {
    await hub?.stop();
    await new Promise((resolve) => jwks?.close(resolve));
  });

  it('a first sign-in with unit and role claims creates the account, and me shows it', async () => {
    const sub = newSubject();
    const jwt = await signIn({ sub, hub_unit: '610100-FAO', hub_role: 'EDITOR', name: 'Chen Jing', email: 'chen.jing@xa.example' });
    const result = await hub.gql(ME, {}, asBearer(jwt));
    expect(result.status).toBe(200);
    expect(result.errors).toBeUndefined();
    expect(result.data.me).toMatchObject({
      authenticated: true,
      role: 'EDITOR',
      hubAdmin: false,
      readOnly: false,
      token: null,
      unit: { code: '610100-FAO' },
      account: { displayName: 'Chen Jing', email: 'chen.jing@xa.example', role: 'EDITOR', oidcSubject: null },
    });
    expect(await accountsWithSubject(sub)).toBe(1);
  });

  it('a second sign-in reuses the account, whatever the claims say now', async () => {
    const sub = newSubject();
    const first = await hub.gql(ME, {}, asBearer(await signIn({ sub, hub_unit: '610000-COMMERCE', hub_role: 'VIEWER', name: 'Sun Hao' })));
    const second = await hub.gql(ME, {}, asBearer(await signIn({ sub, hub_unit: '610000-FAO', hub_role: 'ADMIN', name: 'Sun Hao' })));
    expect(second.data.me.account.id).toBe(first.data.me.account.id);
    expect(second.data.me).toMatchObject({ role: 'VIEWER', hubAdmin: false, unit: { code: '610000-COMMERCE' } });
    expect(await accountsWithSubject(sub)).toBe(1);
  });

  it('simultaneous first sign-ins of one identity create one account', async () => {
    const sub = newSubject();
    const jwt = await signIn({ sub, hub_unit: '610000-EDUCATION', hub_role: 'EDITOR' });
    const results = await Promise.all(Array.from({ length: 6 }, () => hub.gql(ME, {}, asBearer(jwt))));
    for (const result of results) expect(result.status).toBe(200);
    expect(new Set(results.map((result) => result.data.me.account.id)).size).toBe(1);
    expect(await accountsWithSubject(sub)).toBe(1);
  });

  it('an account a hub admin linked beforehand is the one signed in, without any claims', async () => {
    const sub = newSubject();
    const units = await hub.gql(`{ memberUnits(filter: { search: "610000-INVESTMENT" }, first: 1) { edges { node { id } } } }`);
    const created = await hub.gql(
      `mutation ($input: CreateAccountInput!) { createAccount(input: $input) { account { id oidcIssuer oidcSubject } } }`,
      { input: { unit: units.data.memberUnits.edges[0].node.id, displayName: 'Gao Yan', role: 'ADMIN', oidcIssuer: ISSUER, oidcSubject: sub } },
      hubAdmin.headers,
    );
    expect(created.errors).toBeUndefined();
    expect(created.data.createAccount.account).toMatchObject({ oidcIssuer: ISSUER, oidcSubject: sub });

    const result = await hub.gql(ME, {}, asBearer(await signIn({ sub })));
    expect(result.data.me).toMatchObject({ role: 'ADMIN', unit: { code: '610000-INVESTMENT' }, account: { id: created.data.createAccount.account.id, oidcSubject: sub } });
  });

  it('the first sign-in is recorded in the audit trail', async () => {
    const sub = newSubject();
    const result = await hub.gql(ME, {}, asBearer(await signIn({ sub, hub_unit: '610200-FAO', hub_role: 'VIEWER' })));
    const client = new pg.Client({ connectionString: hub.databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query(`select action, outcome, detail from audit_entry where detail->>'subject' = $1`, [sub]);
      expect(rows).toEqual([{ action: 'oidc:createAccount', outcome: 'ALLOWED', detail: { issuer: ISSUER, subject: sub, role: 'VIEWER' } }]);
    } finally {
      await client.end();
    }
    expect(result.data.me.role).toBe('VIEWER');
  });

  describe('refuses with 401 UNAUTHENTICATED and a reason', () => {
    const refusals: Array<[string, () => Promise<string>, string]> = [
      ['an expired token', () => signIn({ sub: newSubject(), hub_unit: '610100-FAO', hub_role: 'EDITOR' }, { expiresIn: Math.floor(Date.now() / 1000) - 120 }), 'TOKEN_EXPIRED'],
      ['a token for another audience', () => signIn({ sub: newSubject(), aud: 'another-app', hub_unit: '610100-FAO', hub_role: 'EDITOR' }), 'WRONG_AUDIENCE'],
      ['a token of another issuer', () => signIn({ sub: newSubject(), iss: 'https://evil.example.test', hub_unit: '610100-FAO', hub_role: 'EDITOR' }), 'WRONG_ISSUER'],
      ['a token signed with another key under the same key id', () => signIn({ sub: newSubject(), hub_unit: '610000-FAO', hub_role: 'ADMIN' }, { key: strangerKey }), 'BAD_SIGNATURE'],
      ['a token signed with a key the provider does not publish', () => signIn({ sub: newSubject(), hub_unit: '610000-FAO', hub_role: 'ADMIN' }, { key: strangerKey, kid: 'other' }), 'BAD_SIGNATURE'],
      ['a token naming a unit that is not a member', () => signIn({ sub: newSubject(), hub_unit: '999999-NOWHERE', hub_role: 'EDITOR' }), 'UNKNOWN_UNIT'],
      ['a token with no unit or role claims and no linked account', () => signIn({ sub: newSubject() }), 'NO_ACCOUNT'],
      ['a token with a role the hub does not know', () => signIn({ sub: newSubject(), hub_unit: '610100-FAO', hub_role: 'SUPERUSER' }), 'NO_ACCOUNT'],
      ['a token without a subject', () => signIn({ hub_unit: '610100-FAO', hub_role: 'EDITOR' }), 'TOKEN_INVALID'],
    ];
    for (const [what, make, reason] of refusals) {
      it(what, async () => {
        const result = await hub.gql(ME, {}, asBearer(await make()));
        expect(result.status).toBe(401);
        expect(result.errors![0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason });
        expect(result.headers.get('www-authenticate')).toMatch(/^Bearer/);
      });
    }

    it('a disabled account', async () => {
      const sub = newSubject();
      const jwt = await signIn({ sub, hub_unit: '610300-FAO', hub_role: 'EDITOR' });
      const { id } = (await hub.gql(ME, {}, asBearer(jwt))).data.me.account;
      const disabled = await hub.gql(
        `mutation ($input: UpdateAccountInput!) { updateAccount(input: $input) { account { disabledAt } } }`,
        { input: { id, disabled: true } },
        hubAdmin.headers,
      );
      expect(disabled.errors).toBeUndefined();
      const result = await hub.gql(ME, {}, asBearer(jwt));
      expect(result.status).toBe(401);
      expect(result.errors![0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'ACCOUNT_DISABLED' });
    });

    it('no account is created by a refused token', async () => {
      const sub = newSubject();
      await hub.gql(ME, {}, asBearer(await signIn({ sub, aud: 'another-app', hub_unit: '610100-FAO', hub_role: 'ADMIN' })));
      expect(await accountsWithSubject(sub)).toBe(0);
    });
  });
});

describe('sign-in with OpenID Connect when the provider is down', () => {
  it('refuses the token with 401 and says the provider could not be reached', async () => {
    const port = await freePort(); // nothing listens there
    const hub = await startTestHub({}, { OIDC_ISSUER: ISSUER, OIDC_JWKS_URI: `http://127.0.0.1:${port}/jwks`, OIDC_AUDIENCE: AUDIENCE });
    try {
      const { privateKey } = await generateKeyPair('RS256');
      const jwt = await new SignJWT({ hub_unit: '610100-FAO', hub_role: 'EDITOR' })
        .setProtectedHeader({ alg: 'RS256', kid: KID })
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setSubject('someone')
        .setExpirationTime('5m')
        .sign(privateKey);
      const result = await hub.gql(ME, {}, { authorization: `Bearer ${jwt}` });
      expect(result.status).toBe(401);
      expect(result.errors![0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'PROVIDER_UNAVAILABLE' });
      // Hub tokens do not depend on the provider.
      const member = await createIdentity(hub.databaseUrl, { unit: '610100-FAO', role: 'VIEWER' });
      expect((await hub.gql(ME, {}, member.headers)).data.me.authenticated).toBe(true);
    } finally {
      await hub.stop();
    }
  });
});

describe('OpenID Connect configuration', () => {
  it('refuses to start with an issuer but no audience, which would accept tokens meant for other applications', () => {
    expect(() => loadConfig({ OIDC_ISSUER: 'https://id.example.org' })).toThrow(/OIDC_AUDIENCE/);
    expect(loadConfig({ OIDC_ISSUER: 'https://id.example.org', OIDC_AUDIENCE: 'fao-hub' }).oidc?.audience).toBe('fao-hub');
  });
});
