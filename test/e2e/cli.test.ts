import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, dropTestDatabase, startTestHub, type TestHub } from '../helpers/hub';

// `npm run hub -- …` as an operator runs it: the compiled CLI (npm test builds first) in its own
// process, on the database DATABASE_URL names.
const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'dist/src/cli/hub.js');
const SECRET = /fhub_[A-Za-z0-9_-]{43}/;
const ME = '{ me { authenticated role hubAdmin readOnly account { displayName } unit { code } } }';

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

describe('the hub CLI', () => {
  let databaseUrl: string;
  let hub: TestHub;

  const cli = (...args: string[]): Promise<Outcome> =>
    new Promise((resolve) => {
      execFile(
        process.execPath,
        [CLI, ...args],
        { cwd: ROOT, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DATABASE_URL: databaseUrl, PORT: '4321' }, timeout: 60_000 },
        (error, stdout, stderr) => resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      );
    });

  async function sql<T = any>(text: string, values: unknown[] = []): Promise<T[]> {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      return (await client.query(text, values)).rows as T[];
    } finally {
      await client.end();
    }
  }

  beforeAll(async () => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" first (npm test does).`);
    databaseUrl = await createTestDatabase();
    // A hub as it is before its first admin: the demo seed's hub admins are set aside.
    await sql(`update account set disabled_at = now() where role = 'ADMIN' and member_unit_id in (select id from member_unit where hub_operator)`);
    hub = await startTestHub({ databaseUrl });
  });
  afterAll(async () => {
    await hub?.stop();
    if (databaseUrl) await dropTestDatabase(databaseUrl);
  });

  it('bootstraps the first hub admin and prints a token that works over HTTP', async () => {
    const run = await cli('admin', 'bootstrap', '--name', 'Zhang Wei', '--email', 'zhang.wei@fao.example');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const secret = SECRET.exec(run.stdout)![0];
    expect(run.stdout).toContain(`curl -s http://localhost:4321/graphql`);
    expect(run.stdout).toContain(`authorization: Bearer ${secret}`);

    const me = await hub.gql(ME, {}, { authorization: `Bearer ${secret}` });
    expect(me.data.me).toEqual({
      authenticated: true,
      role: 'ADMIN',
      hubAdmin: true,
      readOnly: false,
      account: { displayName: 'Zhang Wei' },
      unit: { code: '610000-FAO' },
    });
  });

  it('refuses a second bootstrap unless told it is another admin', async () => {
    const again = await cli('admin', 'bootstrap', '--name', 'Someone Else');
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already has a hub admin \(Zhang Wei, 610000-FAO\).*--another/);
    expect(again.stdout).not.toMatch(SECRET);

    const another = await cli('admin', 'bootstrap', '--name', 'Second Admin', '--unit', '610000-FRIENDSHIP-ASSOC', '--another');
    expect(another.code).toBe(0);
    const secret = SECRET.exec(another.stdout)![0];
    const me = await hub.gql(ME, {}, { authorization: `Bearer ${secret}` });
    expect(me.data.me).toMatchObject({ hubAdmin: true, unit: { code: '610000-FRIENDSHIP-ASSOC' } });
  });

  it('creates an account and a token for it, lists the token without its secret, and revokes it', async () => {
    const account = await cli('account', 'create', '--unit', '610000-COMMERCE', '--role', 'editor', '--name', 'Liu Yang', '--email', 'liu.yang@commerce.example');
    expect(account.code).toBe(0);
    expect(account.stdout).toMatch(/Created account \d+: Liu Yang, EDITOR of 610000-COMMERCE/);

    const created = await cli('token', 'create', '--account', 'liu.yang@commerce.example', '--name', 'ci job', '--expires', '30d');
    expect(created.code).toBe(0);
    const secret = SECRET.exec(created.stdout)![0];
    expect(created.stdout).toMatch(/read-write, expires \d{4}-/);
    const me = await hub.gql(ME, {}, { authorization: `Bearer ${secret}` });
    expect(me.data.me).toMatchObject({ role: 'EDITOR', account: { displayName: 'Liu Yang' }, unit: { code: '610000-COMMERCE' } });

    const listed = await cli('token', 'list', '--account', 'liu.yang@commerce.example');
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain(secret.slice(0, 11));
    expect(listed.stdout).toContain('ci job');
    expect(listed.stdout).not.toContain(secret);

    const revoked = await cli('token', 'revoke', secret.slice(0, 11));
    expect(revoked.code).toBe(0);
    expect(revoked.stdout).toMatch(/Revoked token \d+/);
    const after = await hub.gql(ME, {}, { authorization: `Bearer ${secret}` });
    expect(after.status).toBe(401);
    expect(after.errors![0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'TOKEN_REVOKED' });
  });

  it("gives service accounts read-only tokens unless told otherwise", async () => {
    await cli('account', 'create', '--unit', '610000-COMMERCE', '--role', 'VIEWER', '--name', 'Trade wall', '--email', 'wall@commerce.example', '--service');
    const token = await cli('token', 'create', '--account', 'wall@commerce.example');
    expect(token.stdout).toMatch(/read-only, does not expire/);
    const me = await hub.gql(ME, {}, { authorization: `Bearer ${SECRET.exec(token.stdout)![0]}` });
    expect(me.data.me.readOnly).toBe(true);
  });

  it('records what it changed in the audit trail, without an account', async () => {
    const entries = await sql(`select action, outcome, account_id from audit_entry where action like 'cli:%' order by id`);
    expect(entries.map((entry) => entry.action)).toEqual(
      expect.arrayContaining(['cli:admin.bootstrap', 'cli:account.create', 'cli:token.create', 'cli:token.revoke']),
    );
    expect(entries.every((entry) => entry.account_id === null)).toBe(true);
    expect(entries).toContainEqual({ action: 'cli:admin.bootstrap', outcome: 'FAILED', account_id: null });
  });

  it('lists accounts', async () => {
    const run = await cli('account', 'list', '--unit', '610000-COMMERCE');
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')[0]).toMatch(/^ID\s+UNIT\s+ROLE/);
    expect(run.stdout).toContain('Liu Yang');
    expect(run.stdout).not.toContain('Zhang Wei');
  });

  it('explains wrong usage and exits 2', async () => {
    const missing = await cli('token', 'create');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--account is required');
    expect(missing.stderr).toContain('Usage: npm run hub -- token create');

    const unknown = await cli('token', 'create', '--acount', 'x');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("Unknown option '--acount'");

    const nonsense = await cli('tokens');
    expect(nonsense.code).toBe(2);
    expect(nonsense.stderr).toContain('"tokens" is not a command');

    const expiry = await cli('token', 'create', '--account', 'liu.yang@commerce.example', '--expires', 'someday');
    expect(expiry.code).toBe(2);
    expect(expiry.stderr).toMatch(/--expires: .* neither a duration like 30d/);
  });

  it('prints help for every command', async () => {
    const overview = await cli('--help');
    expect(overview.code).toBe(0);
    for (const command of ['admin bootstrap', 'account create', 'account list', 'token create', 'token list', 'token revoke']) {
      expect(overview.stdout).toContain(command);
      const help = await cli(...command.split(' '), '--help');
      expect(help.code).toBe(0);
      expect(help.stdout).toContain(`Usage: npm run hub -- ${command}`);
    }
  });
});
