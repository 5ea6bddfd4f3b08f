import { createClient, type Client } from 'graphql-ws';
import pg from 'pg';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../helpers/hub';
import { createIdentity, type TestIdentity } from '../helpers/identities';
import { DEMO_TOKEN_ACCOUNTS, formatDemoTokens, issueDemoTokens } from '../../src/modules/accounts/demo-tokens';

const ME = `{ me { authenticated role hubAdmin readOnly service account { id displayName email unit { code } } unit { code } token { id name prefix readOnly active } } }`;

const CREATE_ACCOUNT = `mutation ($input: CreateAccountInput!) {
  createAccount(input: $input) { account { id displayName email role kind disabledAt unit { code } } }
}`;
const UPDATE_ACCOUNT = `mutation ($input: UpdateAccountInput!) {
  updateAccount(input: $input) { account { id displayName email role disabledAt } }
}`;
const CREATE_TOKEN = `mutation ($input: CreateApiTokenInput!) {
  createApiToken(input: $input) { secret token { id name prefix readOnly expiresAt revokedAt active account { id displayName } createdBy { id } } }
}`;
const REVOKE_TOKEN = `mutation ($input: RevokeApiTokenInput!) {
  revokeApiToken(input: $input) { token { id revokedAt active } }
}`;
const CREATE_UNIT = `mutation ($input: CreateMemberUnitInput!) {
  createMemberUnit(input: $input) { memberUnit { id code nameEn nameZh kind hubOperator parent { code } locality { nameEn } } }
}`;
const UPDATE_UNIT = `mutation ($input: UpdateMemberUnitInput!) {
  updateMemberUnit(input: $input) { memberUnit { id code nameEn parent { code } hubOperator } }
}`;

const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` });

async function sql<T = any>(hub: TestHub, text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: hub.databaseUrl });
  await client.connect();
  try {
    return (await client.query(text, values)).rows as T[];
  } finally {
    await client.end();
  }
}

async function unitId(hub: TestHub, code: string): Promise<string> {
  const result = await hub.gql(`query ($search: String) { memberUnits(filter: { search: $search }, first: 5) { edges { node { id code } } } }`, {
    search: code,
  });
  return result.data.memberUnits.edges.find((edge: any) => edge.node.code === code).node.id;
}

describe('identity: me, accounts and tokens', () => {
  let hub: TestHub;
  let hubAdmin: TestIdentity;
  let commerceAdmin: TestIdentity;
  let commerceEditor: TestIdentity;
  let educationAdmin: TestIdentity;
  let commerceUnit: string;
  let educationUnit: string;

  beforeAll(async () => {
    hub = await startTestHub();
    hubAdmin = await createIdentity(hub.databaseUrl, { unit: '610000-FAO', role: 'ADMIN', name: 'Hub Admin' });
    commerceAdmin = await createIdentity(hub.databaseUrl, { unit: '610000-COMMERCE', role: 'ADMIN', name: 'Commerce Admin' });
    commerceEditor = await createIdentity(hub.databaseUrl, { unit: '610000-COMMERCE', role: 'EDITOR', name: 'Commerce Editor' });
    educationAdmin = await createIdentity(hub.databaseUrl, { unit: '610000-EDUCATION', role: 'ADMIN', name: 'Education Admin' });
    commerceUnit = await unitId(hub, '610000-COMMERCE');
    educationUnit = await unitId(hub, '610000-EDUCATION');
    await sql(hub, `update account set email = 'editor@commerce.example' where id = $1`, [commerceEditor.accountId]);
  });
  afterAll(async () => {
    await hub?.stop();
  });

  describe('me', () => {
    it('tells an anonymous caller that it is not signed in', async () => {
      const result = await hub.gql(ME);
      expect(result.errors).toBeUndefined();
      expect(result.data.me).toEqual({
        authenticated: false,
        role: null,
        hubAdmin: false,
        readOnly: false,
        service: false,
        account: null,
        unit: null,
        token: null,
      });
    });

    it('tells a signed-in caller their account, unit, role and token', async () => {
      const result = await hub.gql(ME, {}, commerceEditor.headers);
      expect(result.errors).toBeUndefined();
      expect(result.data.me).toMatchObject({
        authenticated: true,
        role: 'EDITOR',
        hubAdmin: false,
        readOnly: false,
        service: false,
        account: { displayName: 'Commerce Editor', unit: { code: '610000-COMMERCE' } },
        unit: { code: '610000-COMMERCE' },
        token: { name: 'test', prefix: commerceEditor.token.slice(0, 11), readOnly: false, active: true },
      });
    });

    it('an ADMIN of the hub operator is a hub admin', async () => {
      const result = await hub.gql(ME, {}, hubAdmin.headers);
      expect(result.data.me).toMatchObject({ role: 'ADMIN', hubAdmin: true, unit: { code: '610000-FAO' } });
    });
  });

  describe('token lifecycle over HTTP', () => {
    it('a token created by a hub admin works at once, and stops at once when revoked', async () => {
      const created = await hub.gql(
        CREATE_ACCOUNT,
        { input: { unit: commerceUnit, displayName: 'Wang Fang', email: 'wang.fang@commerce.example', role: 'EDITOR' } },
        hubAdmin.headers,
      );
      expect(created.errors).toBeUndefined();
      const account = created.data.createAccount.account;
      expect(account).toMatchObject({ displayName: 'Wang Fang', email: 'wang.fang@commerce.example', role: 'EDITOR', kind: 'PERSON', unit: { code: '610000-COMMERCE' } });

      const issued = await hub.gql(CREATE_TOKEN, { input: { account: account.id, name: 'laptop' } }, hubAdmin.headers);
      expect(issued.errors).toBeUndefined();
      const { secret, token } = issued.data.createApiToken;
      expect(secret).toMatch(/^fhub_[A-Za-z0-9_-]{43}$/);
      expect(token).toMatchObject({ name: 'laptop', prefix: secret.slice(0, 11), readOnly: false, expiresAt: null, revokedAt: null, active: true });
      expect(token.account).toEqual({ id: account.id, displayName: 'Wang Fang' });
      expect(token.createdBy.id).toBeTruthy();

      const me = await hub.gql(ME, {}, bearer(secret));
      expect(me.status).toBe(200);
      expect(me.data.me.account).toMatchObject({ id: account.id, displayName: 'Wang Fang' });
      expect(me.data.me.token.id).toBe(token.id);

      const revoked = await hub.gql(REVOKE_TOKEN, { input: { id: token.id } }, hubAdmin.headers);
      expect(revoked.errors).toBeUndefined();
      expect(revoked.data.revokeApiToken.token).toMatchObject({ id: token.id, active: false });
      expect(revoked.data.revokeApiToken.token.revokedAt).toBeTruthy();

      const after = await hub.gql(ME, {}, bearer(secret));
      expect(after.status).toBe(401);
      expect(after.errors![0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'TOKEN_REVOKED' });
      expect(after.headers.get('www-authenticate')).toMatch(/^Bearer/);
    });

    it('revoking a revoked token again changes nothing', async () => {
      const issued = await hub.gql(CREATE_TOKEN, { input: { name: 'twice' } }, commerceEditor.headers);
      const { id } = issued.data.createApiToken.token;
      const first = await hub.gql(REVOKE_TOKEN, { input: { id } }, commerceEditor.headers);
      const second = await hub.gql(REVOKE_TOKEN, { input: { id } }, commerceEditor.headers);
      expect(second.errors).toBeUndefined();
      expect(second.data.revokeApiToken.token.revokedAt).toBe(first.data.revokeApiToken.token.revokedAt);
    });

    it('an expired token is refused with 401', async () => {
      const expired = await createIdentity(hub.databaseUrl, { unit: '610000-COMMERCE', role: 'EDITOR', expiresAt: new Date(Date.now() - 60_000) });
      const result = await hub.gql(ME, {}, expired.headers);
      expect(result.status).toBe(401);
      expect(result.errors![0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'TOKEN_EXPIRED' });
    });

    it('disabling an account stops its tokens at once, and enabling it revives them', async () => {
      const holder = await createIdentity(hub.databaseUrl, { unit: '610000-COMMERCE', role: 'EDITOR' });
      const id = (await hub.gql(ME, {}, holder.headers)).data.me.account.id;

      const disabled = await hub.gql(UPDATE_ACCOUNT, { input: { id, disabled: true } }, commerceAdmin.headers);
      expect(disabled.errors).toBeUndefined();
      expect(disabled.data.updateAccount.account.disabledAt).toBeTruthy();
      const refused = await hub.gql(ME, {}, holder.headers);
      expect(refused.status).toBe(401);
      expect(refused.errors![0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'ACCOUNT_DISABLED' });

      const enabled = await hub.gql(UPDATE_ACCOUNT, { input: { id, disabled: false } }, commerceAdmin.headers);
      expect(enabled.data.updateAccount.account.disabledAt).toBeNull();
      expect((await hub.gql(ME, {}, holder.headers)).data.me.authenticated).toBe(true);
    });

    it('a malformed Authorization header is refused with 401 and WWW-Authenticate', async () => {
      for (const authorization of ['Basic dXNlcjpwYXNz', 'Bearer', 'fhub_abc', 'Bearer a b']) {
        const result = await hub.gql(ME, {}, { authorization });
        expect(result.status, authorization).toBe(401);
        expect(result.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
        expect(result.headers.get('www-authenticate')).toMatch(/^Bearer/);
      }
    });

    it('a token the hub does not know is refused with 401', async () => {
      const result = await hub.gql(ME, {}, bearer(`fhub_${'A'.repeat(43)}`));
      expect(result.status).toBe(401);
      expect(result.errors![0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'TOKEN_UNKNOWN' });
    });

    it('anyone who may write creates tokens for their own account, which default to it', async () => {
      const result = await hub.gql(CREATE_TOKEN, { input: { name: 'my script', expiresAt: new Date(Date.now() + 86_400_000).toISOString() } }, commerceEditor.headers);
      expect(result.errors).toBeUndefined();
      expect(result.data.createApiToken.token.account.displayName).toBe('Commerce Editor');
      expect(result.data.createApiToken.token.expiresAt).toBeTruthy();
    });

    it('an expiry in the past is BAD_USER_INPUT naming the field', async () => {
      const result = await hub.gql(CREATE_TOKEN, { input: { name: 'late', expiresAt: '2020-01-01T00:00:00Z' } }, commerceEditor.headers);
      expect(result.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.expiresAt' });
    });
  });

  describe('who may change what', () => {
    it('a read-only token cannot run mutations', async () => {
      const readOnly = await createIdentity(hub.databaseUrl, { unit: '610000-COMMERCE', role: 'ADMIN', readOnly: true });
      const result = await hub.gql(CREATE_TOKEN, { input: { name: 'x' } }, readOnly.headers);
      expect(result.errors![0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'READ_ONLY_TOKEN' });
      const me = await hub.gql(ME, {}, readOnly.headers);
      expect(me.data.me.readOnly).toBe(true);
    });

    it('a VIEWER cannot run mutations, not even for their own tokens', async () => {
      const viewer = await createIdentity(hub.databaseUrl, { unit: '610000-COMMERCE', role: 'VIEWER' });
      const result = await hub.gql(CREATE_TOKEN, { input: { name: 'x' } }, viewer.headers);
      expect(result.errors![0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'ROLE_TOO_LOW' });
    });

    it('an anonymous caller is told to sign in', async () => {
      const result = await hub.gql(CREATE_ACCOUNT, { input: { unit: commerceUnit, displayName: 'x', role: 'VIEWER' } });
      expect(result.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    });

    it("a unit admin manages their own unit's accounts and tokens", async () => {
      const created = await hub.gql(CREATE_ACCOUNT, { input: { unit: commerceUnit, displayName: 'Li Na', role: 'VIEWER' } }, commerceAdmin.headers);
      expect(created.errors).toBeUndefined();
      const { id } = created.data.createAccount.account;
      const promoted = await hub.gql(UPDATE_ACCOUNT, { input: { id, role: 'EDITOR', displayName: 'Li Na (trade)' } }, commerceAdmin.headers);
      expect(promoted.data.updateAccount.account).toMatchObject({ role: 'EDITOR', displayName: 'Li Na (trade)' });
      const token = await hub.gql(CREATE_TOKEN, { input: { account: id, name: 'for Li Na' } }, commerceAdmin.headers);
      expect(token.errors).toBeUndefined();
      const revoked = await hub.gql(REVOKE_TOKEN, { input: { id: token.data.createApiToken.token.id } }, commerceAdmin.headers);
      expect(revoked.errors).toBeUndefined();
    });

    it("a unit admin cannot manage another unit's accounts", async () => {
      const inOtherUnit = await hub.gql(CREATE_ACCOUNT, { input: { unit: educationUnit, displayName: 'Intruder', role: 'ADMIN' } }, commerceAdmin.headers);
      expect(inOtherUnit.errors![0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'UNIT_ADMIN_ONLY' });

      const educationAccount = (await hub.gql(ME, {}, educationAdmin.headers)).data.me.account.id;
      const update = await hub.gql(UPDATE_ACCOUNT, { input: { id: educationAccount, disabled: true } }, commerceAdmin.headers);
      expect(update.errors![0].extensions!.code).toBe('FORBIDDEN');
      const token = await hub.gql(CREATE_TOKEN, { input: { account: educationAccount, name: 'sneaky' } }, commerceAdmin.headers);
      expect(token.errors![0].extensions!.code).toBe('FORBIDDEN');

      // Another unit's token is invisible: NOT_FOUND, exactly like a token that does not exist.
      const educationToken = (await hub.gql(ME, {}, educationAdmin.headers)).data.me.token.id;
      const revoke = await hub.gql(REVOKE_TOKEN, { input: { id: educationToken } }, commerceAdmin.headers);
      const missing = await hub.gql(REVOKE_TOKEN, { input: { id: Buffer.from('ApiToken:999999').toString('base64url') } }, commerceAdmin.headers);
      expect(revoke.errors![0].extensions).toMatchObject({ code: 'NOT_FOUND' });
      expect(revoke.errors![0].message).toBe(missing.errors![0].message);
      expect((await hub.gql(ME, {}, educationAdmin.headers)).status).toBe(200);
    });

    it("an EDITOR cannot create a token for a colleague's account", async () => {
      const adminAccount = (await hub.gql(ME, {}, commerceAdmin.headers)).data.me.account.id;
      const result = await hub.gql(CREATE_TOKEN, { input: { account: adminAccount, name: 'borrowed' } }, commerceEditor.headers);
      expect(result.errors![0].extensions!.code).toBe('FORBIDDEN');
    });

    it('nobody can disable their own account or change their own role', async () => {
      const own = (await hub.gql(ME, {}, commerceAdmin.headers)).data.me.account.id;
      const result = await hub.gql(UPDATE_ACCOUNT, { input: { id: own, disabled: true } }, commerceAdmin.headers);
      expect(result.errors![0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'OWN_ACCOUNT' });
      const renamed = await hub.gql(UPDATE_ACCOUNT, { input: { id: own, displayName: 'Commerce Admin' } }, commerceAdmin.headers);
      expect(renamed.errors).toBeUndefined();
    });

    it("a service account's tokens are read-only unless a hub admin decides otherwise", async () => {
      const created = await hub.gql(CREATE_ACCOUNT, { input: { unit: commerceUnit, displayName: 'Trade dashboard', role: 'EDITOR', kind: 'SERVICE' } }, commerceAdmin.headers);
      const { id } = created.data.createAccount.account;

      const byDefault = await hub.gql(CREATE_TOKEN, { input: { account: id, name: 'wall screen' } }, commerceAdmin.headers);
      expect(byDefault.data.createApiToken.token.readOnly).toBe(true);
      const me = await hub.gql(ME, {}, bearer(byDefault.data.createApiToken.secret));
      expect(me.data.me).toMatchObject({ service: true, readOnly: true });

      const writable = await hub.gql(CREATE_TOKEN, { input: { account: id, name: 'sync job', readOnly: false } }, commerceAdmin.headers);
      expect(writable.errors![0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'SERVICE_TOKEN_WRITE' });

      const byHubAdmin = await hub.gql(CREATE_TOKEN, { input: { account: id, name: 'sync job', readOnly: false } }, hubAdmin.headers);
      expect(byHubAdmin.data.createApiToken.token.readOnly).toBe(false);
    });

    it('a disabled account gets no new token', async () => {
      const created = await hub.gql(CREATE_ACCOUNT, { input: { unit: commerceUnit, displayName: 'Leaver', role: 'VIEWER' } }, commerceAdmin.headers);
      const { id } = created.data.createAccount.account;
      await hub.gql(UPDATE_ACCOUNT, { input: { id, disabled: true } }, commerceAdmin.headers);
      const result = await hub.gql(CREATE_TOKEN, { input: { account: id, name: 'late' } }, commerceAdmin.headers);
      expect(result.errors![0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'ACCOUNT_DISABLED' });
    });
  });

  describe('input checks', () => {
    it('a duplicate email is CONFLICT, whatever its case', async () => {
      const input = { unit: commerceUnit, displayName: 'Zhao Lei', email: 'zhao.lei@commerce.example', role: 'VIEWER' };
      expect((await hub.gql(CREATE_ACCOUNT, { input }, commerceAdmin.headers)).errors).toBeUndefined();
      const again = await hub.gql(CREATE_ACCOUNT, { input: { ...input, email: 'Zhao.Lei@Commerce.example' } }, hubAdmin.headers);
      expect(again.errors![0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'EMAIL_TAKEN', field: 'input.email' });
    });

    it('every bad field of an account is named at once', async () => {
      const result = await hub.gql(
        CREATE_ACCOUNT,
        { input: { unit: commerceUnit, displayName: '  ', email: 'not-an-email', role: 'VIEWER', oidcIssuer: 'https://id.example' } },
        commerceAdmin.headers,
      );
      expect(result.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
      const fields = result.errors![0].extensions!.fields.map((problem: { field: string }) => problem.field);
      expect(fields).toEqual(expect.arrayContaining(['input.displayName', 'input.email', 'input.oidcSubject']));
    });

    it('an ID of the wrong type is BAD_USER_INPUT', async () => {
      const result = await hub.gql(CREATE_ACCOUNT, { input: { unit: educationAdmin.token, displayName: 'x', role: 'VIEWER' } }, hubAdmin.headers);
      expect(result.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.unit' });
    });

    it('a failed mutation stores nothing and is recorded in the audit trail', async () => {
      const before = await sql(hub, 'select count(*)::int as n from account');
      const result = await hub.gql(CREATE_ACCOUNT, { input: { unit: educationUnit, displayName: 'Nope', role: 'ADMIN' } }, commerceAdmin.headers);
      expect(result.errors![0].extensions!.code).toBe('FORBIDDEN');
      expect(await sql(hub, 'select count(*)::int as n from account')).toEqual(before);
      const [entry] = await sql(hub, `select action, outcome, error_code, account_id from audit_entry order by id desc limit 1`);
      expect(entry).toEqual({ action: 'createAccount', outcome: 'DENIED', error_code: 'FORBIDDEN', account_id: commerceAdmin.accountId });
    });
  });

  describe('the secret', () => {
    it('is shown once and is stored nowhere: the database keeps only its SHA-256', async () => {
      const issued = await hub.gql(CREATE_TOKEN, { input: { name: 'secret keeping' } }, commerceEditor.headers);
      const { secret, token } = issued.data.createApiToken;

      // No field of a token gives it back, through any path.
      const fields = await hub.gql(`{ __type(name: "ApiToken") { fields { name } } }`);
      const names = fields.data.__type.fields.map((field: { name: string }) => field.name);
      expect(names).not.toContain('secret');
      expect(names).not.toContain('tokenHash');
      const again = await hub.gql(
        `query ($id: ID!) { node(id: $id) { ... on ApiToken { ${names.filter((name: string) => !['account', 'createdBy'].includes(name)).join(' ')} } } }`,
        { id: token.id },
        commerceEditor.headers,
      );
      expect(again.errors).toBeUndefined();
      expect(JSON.stringify(again.data)).not.toContain(secret);

      const [row] = await sql(hub, `select encode(token_hash, 'hex') as hash from api_token where prefix = $1`, [token.prefix]);
      const { createHash } = await import('node:crypto');
      expect(row.hash).toBe(createHash('sha256').update(secret).digest('hex'));
      const [stored] = await sql(
        hub,
        `select (select count(*)::int from api_token t where t::text like '%' || $1 || '%') as tokens,
                (select count(*)::int from audit_entry e where e::text like '%' || $1 || '%') as audit`,
        [secret.slice(11)],
      );
      expect(stored).toEqual({ tokens: 0, audit: 0 });
    });
  });

  describe('seeing accounts and tokens', () => {
    const ACCOUNT = `query ($id: ID!) { node(id: $id) { ... on Account { id displayName role email oidcSubject unit { code } tokens { totalCount edges { node { name } } } } } }`;

    it('an anonymous caller sees no account and no token', async () => {
      const me = (await hub.gql(ME, {}, commerceEditor.headers)).data.me;
      const account = await hub.gql(`query ($id: ID!) { node(id: $id) { id } }`, { id: me.account.id });
      const token = await hub.gql(`query ($id: ID!) { node(id: $id) { id } }`, { id: me.token.id });
      expect(account.data.node).toBeNull();
      expect(token.data.node).toBeNull();
      const list = await hub.gql('{ accounts { totalCount } }');
      expect(list.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    });

    it("a member of another unit sees an account's name, unit and role, but not its email or tokens", async () => {
      const me = (await hub.gql(ME, {}, commerceEditor.headers)).data.me;
      const result = await hub.gql(ACCOUNT, { id: me.account.id }, educationAdmin.headers);
      expect(result.data.node).toMatchObject({ displayName: 'Commerce Editor', role: 'EDITOR', email: null, oidcSubject: null, unit: { code: '610000-COMMERCE' }, tokens: null });
      expect(result.errors![0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'TOKENS_HIDDEN' });
      const token = await hub.gql(`query ($id: ID!) { node(id: $id) { id } }`, { id: me.token.id }, educationAdmin.headers);
      expect(token.data.node).toBeNull();
    });

    it('the own unit sees the email; the account itself and its unit admins see its tokens', async () => {
      const me = (await hub.gql(ME, {}, commerceEditor.headers)).data.me;
      for (const caller of [commerceEditor, commerceAdmin, hubAdmin]) {
        const result = await hub.gql(ACCOUNT, { id: me.account.id }, caller.headers);
        expect(result.errors).toBeUndefined();
        expect(result.data.node.email).toBe('editor@commerce.example');
        expect(result.data.node.tokens.totalCount).toBeGreaterThan(0);
        // `active` alone still reads what it depends on.
        const states = await hub.gql(`query ($id: ID!) { node(id: $id) { ... on Account { tokens(first: 100) { edges { node { active } } } } } }`, { id: me.account.id }, caller.headers);
        expect(states.errors).toBeUndefined();
        expect(states.data.node.tokens.edges.map((edge: any) => edge.node.active)).toContain(true);
        const token = await hub.gql(`query ($id: ID!) { node(id: $id) { ... on ApiToken { id name } } }`, { id: me.token.id }, caller.headers);
        expect(token.data.node).toEqual({ id: me.token.id, name: 'test' });
      }
    });

    it("members list their own unit's accounts; hub admins any unit's", async () => {
      const LIST = `query ($filter: AccountFilter) { accounts(filter: $filter, first: 100) { totalCount edges { node { displayName unit { code } } } } }`;
      const own = await hub.gql(LIST, {}, commerceEditor.headers);
      expect(own.errors).toBeUndefined();
      expect(own.data.accounts.totalCount).toBeGreaterThan(2);
      expect(new Set(own.data.accounts.edges.map((edge: any) => edge.node.unit.code))).toEqual(new Set(['610000-COMMERCE']));
      const names = own.data.accounts.edges.map((edge: any) => edge.node.displayName);
      expect(names).toEqual([...names].sort());

      const other = await hub.gql(LIST, { filter: { unit: educationUnit } }, commerceEditor.headers);
      expect(other.errors![0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'OTHER_UNIT' });

      const byHubAdmin = await hub.gql(LIST, { filter: { unit: educationUnit, role: 'ADMIN' } }, hubAdmin.headers);
      expect(byHubAdmin.data.accounts.edges.map((edge: any) => edge.node.displayName)).toContain('Education Admin');

      await hub.gql(CREATE_ACCOUNT, { input: { unit: educationUnit, displayName: 'Ouyang Xiu', email: 'ouyang.xiu@edu.example', role: 'VIEWER' } }, hubAdmin.headers);
      for (const search of ['ouyang x', 'OUYANG.XIU@']) {
        const found = await hub.gql(LIST, { filter: { search } }, hubAdmin.headers);
        expect(found.data.accounts.edges.map((edge: any) => edge.node.displayName)).toEqual(['Ouyang Xiu']);
      }
      const notOwn = await hub.gql(LIST, { filter: { search: 'ouyang' } }, commerceEditor.headers);
      expect(notOwn.data.accounts.totalCount).toBe(0);
    });
  });

  describe('statements', () => {
    it('a page of accounts with their units and tokens costs a fixed number of statements, however many accounts it holds', async () => {
      const query = `query ($first: Int) { accounts(first: $first) { totalCount edges { node { id displayName email unit { code name } tokens(first: 5) { totalCount edges { node { name active createdBy { displayName } } } } } } } }`;
      const small = await hub.countQueries(() => hub.gql(query, { first: 2 }, hubAdmin.headers));
      const large = await hub.countQueries(() => hub.gql(query, { first: 20 }, hubAdmin.headers));
      expect(large.result.errors).toBeUndefined();
      expect(large.result.data.accounts.edges.length).toBeGreaterThan(10);
      expect(large.statements.length).toBe(small.statements.length);
      expect(large.statements.length).toBeLessThanOrEqual(7);
    });
  });

  describe('member units', () => {
    it('a hub admin admits a unit and changes it', async () => {
      const parent = await unitId(hub, '610000-FAO');
      const created = await hub.gql(
        CREATE_UNIT,
        { input: { code: '610000-HEALTH', nameZh: '陕西省卫生健康委员会', nameEn: 'Shaanxi Health Commission', kind: 'BUREAU', website: 'https://sxwjw.shaanxi.gov.cn' } },
        hubAdmin.headers,
      );
      expect(created.errors).toBeUndefined();
      expect(created.data.createMemberUnit.memberUnit).toMatchObject({ code: '610000-HEALTH', kind: 'BUREAU', hubOperator: false, parent: null });
      const { id } = created.data.createMemberUnit.memberUnit;

      const updated = await hub.gql(UPDATE_UNIT, { input: { id, nameEn: 'Health Commission of Shaanxi Province', parent } }, hubAdmin.headers);
      expect(updated.errors).toBeUndefined();
      expect(updated.data.updateMemberUnit.memberUnit).toMatchObject({ code: '610000-HEALTH', nameEn: 'Health Commission of Shaanxi Province', parent: { code: '610000-FAO' } });

      const cleared = await hub.gql(UPDATE_UNIT, { input: { id, parent: null } }, hubAdmin.headers);
      expect(cleared.data.updateMemberUnit.memberUnit.parent).toBeNull();
    });

    it('a duplicate code is CONFLICT and a malformed one BAD_USER_INPUT', async () => {
      const base = { nameZh: '测试', nameEn: 'Test', kind: 'OTHER' };
      const duplicate = await hub.gql(CREATE_UNIT, { input: { ...base, code: '610000-COMMERCE' } }, hubAdmin.headers);
      expect(duplicate.errors![0].extensions).toMatchObject({ code: 'CONFLICT', field: 'input.code' });
      const malformed = await hub.gql(CREATE_UNIT, { input: { ...base, code: 'shaanxi health' } }, hubAdmin.headers);
      expect(malformed.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.code' });
    });

    it('only hub admins manage member units', async () => {
      const result = await hub.gql(CREATE_UNIT, { input: { code: '610000-NOPE', nameZh: '无', nameEn: 'Nope', kind: 'OTHER' } }, commerceAdmin.headers);
      expect(result.errors![0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'HUB_ADMIN_ONLY' });
      const update = await hub.gql(UPDATE_UNIT, { input: { id: commerceUnit, nameEn: 'Ours now' } }, commerceAdmin.headers);
      expect(update.errors![0].extensions!.code).toBe('FORBIDDEN');
    });

    it('a unit cannot report to a unit below it', async () => {
      const fao = await unitId(hub, '610000-FAO');
      const xianFao = await unitId(hub, '610100-FAO');
      const result = await hub.gql(UPDATE_UNIT, { input: { id: fao, parent: xianFao } }, hubAdmin.headers);
      expect(result.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.parent', reason: 'PARENT_CYCLE' });
    });

    it('a hub admin cannot take the hub-operator role from their own unit', async () => {
      const fao = await unitId(hub, '610000-FAO');
      const result = await hub.gql(UPDATE_UNIT, { input: { id: fao, hubOperator: false } }, hubAdmin.headers);
      expect(result.errors![0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'OWN_UNIT' });
    });
  });

  describe('demo tokens printed at start-up', () => {
    it('each start gives the demo admin and editor fresh tokens and revokes the previous ones', async () => {
      for (const [index, demo] of DEMO_TOKEN_ACCOUNTS.entries()) {
        await sql(
          hub,
          `insert into account (member_unit_id, role, display_name, email)
           select id, $2, $3, $4 from member_unit where code = $1 and not exists (select 1 from account where lower(email) = $4)`,
          [index === 0 ? '610000-FAO' : '610000-COMMERCE', index === 0 ? 'ADMIN' : 'EDITOR', demo.label, demo.email],
        );
      }
      const first = await issueDemoTokens(hub.app.orm, hub.app.logger);
      expect(first.map((token) => token.email)).toEqual(DEMO_TOKEN_ACCOUNTS.map((demo) => demo.email));
      const admin = await hub.gql(ME, {}, bearer(first[0].secret));
      expect(admin.data.me).toMatchObject({ hubAdmin: true, account: { email: 'hub-admin@demo.fao-hub.local' } });
      const editor = await hub.gql(ME, {}, bearer(first[1].secret));
      expect(editor.data.me).toMatchObject({ role: 'EDITOR', unit: { code: '610000-COMMERCE' } });

      const printed = formatDemoTokens(first, 'http://localhost:4000/graphql');
      expect(printed).toContain(first[0].secret);
      expect(printed).toContain(first[1].secret);
      expect(printed).toMatch(/curl -s http:\/\/localhost:4000\/graphql .*authorization: Bearer fhub_/);

      const second = await issueDemoTokens(hub.app.orm, hub.app.logger);
      expect((await hub.gql(ME, {}, bearer(second[0].secret))).status).toBe(200);
      const stale = await hub.gql(ME, {}, bearer(first[0].secret));
      expect(stale.status).toBe(401);
      expect(stale.errors![0].extensions!.reason).toBe('TOKEN_REVOKED');
    });
  });

  describe('over graphql-ws', () => {
    const connect = (connectionParams: Record<string, unknown>, on?: Parameters<typeof createClient>[0]['on']): Client =>
      createClient({ url: hub.url.replace(/^http/, 'ws'), webSocketImpl: WebSocket, retryAttempts: 0, lazy: true, connectionParams, on });

    it('a bad token in connectionParams closes the socket with 4403', async () => {
      let closedWith: number | undefined;
      const client = connect({ authorization: `Bearer fhub_${'B'.repeat(43)}` }, { closed: (event) => (closedWith = (event as WebSocket.CloseEvent).code) });
      try {
        const outcome = await new Promise<unknown>((resolve) =>
          client.subscribe({ query: '{ me { authenticated } }' }, { next: resolve, error: (error) => resolve({ error }), complete: () => undefined }),
        );
        expect(outcome).toHaveProperty('error');
        expect(closedWith).toBe(4403);
      } finally {
        await client.dispose();
      }
    });

    it('a token revoked while its socket is open stops working on the next operation, closing the socket with 4403', async () => {
      const holder = await createIdentity(hub.databaseUrl, { unit: '610000-COMMERCE', role: 'EDITOR' });
      let closedWith: number | undefined;
      const client = connect({ authorization: holder.headers.authorization }, { closed: (event) => (closedWith = (event as WebSocket.CloseEvent).code) });
      const ask = () =>
        new Promise<any>((resolve) =>
          client.subscribe({ query: '{ me { authenticated } }' }, { next: resolve, error: (error) => resolve({ error }), complete: () => undefined }),
        );
      try {
        expect((await ask()).data.me.authenticated).toBe(true);
        const db = new pg.Client({ connectionString: hub.databaseUrl });
        await db.connect();
        await db.query('update api_token set revoked_at = now() where account_id = $1', [holder.accountId]);
        await db.end();
        const after = await ask();
        expect(after.data).toBeUndefined();
        expect(closedWith).toBe(4403);
      } finally {
        await client.dispose();
      }
    });

    it('a good token in connectionParams signs the socket in', async () => {
      const client = connect({ authorization: commerceEditor.headers.authorization });
      try {
        const result = await new Promise<any>((resolve, reject) =>
          client.subscribe({ query: '{ me { authenticated role unit { code } } }' }, { next: resolve, error: reject, complete: () => undefined }),
        );
        expect(result.data.me).toEqual({ authenticated: true, role: 'EDITOR', unit: { code: '610000-COMMERCE' } });
      } finally {
        await client.dispose();
      }
    });
  });
});
