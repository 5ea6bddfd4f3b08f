import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { ANONYMOUS } from '../../auth/viewer';
import type { Logger } from '../../logger';
import { audited } from '../audit/audit.service';
import { OPERATOR } from './account.service';
import { curlExample } from './token-hints';
import { createApiToken, revokeApiToken } from './token.service';

/** The demo seed's accounts that get a token at each start on the embedded database. */
export const DEMO_TOKEN_ACCOUNTS = [
  { email: 'hub-admin@demo.fao-hub.local', label: 'hub admin' },
  { email: 'commerce-editor@demo.fao-hub.local', label: 'commerce editor' },
];
export const DEMO_TOKEN_NAME = 'demo token (printed at start-up)';

export interface DemoToken {
  label: string;
  email: string;
  secret: string;
}

/**
 * Fresh tokens for the demo accounts (when the demo seed created them), so a newcomer can try
 * mutations at once; the ones printed at the previous start are revoked. Call this only on the
 * embedded demo database: never on a database of DATABASE_URL.
 */
export async function issueDemoTokens(orm: MikroORM, logger: Logger): Promise<DemoToken[]> {
  const em = orm.em.fork() as EntityManager;
  const [present] = await em.execute<Array<{ n: number }>>('select count(*)::int as n from account where lower(email) in (?, ?)', [
    DEMO_TOKEN_ACCOUNTS[0].email,
    DEMO_TOKEN_ACCOUNTS[1].email,
  ]);
  if (!present.n) return [];
  return audited({ em, viewer: ANONYMOUS, logger }, 'startup:demoTokens', null, async (em, audit) => {
    const issued: DemoToken[] = [];
    for (const demo of DEMO_TOKEN_ACCOUNTS) {
      const [account] = await em.execute<Array<{ id: number }>>(
        'select id from account where lower(email) = lower(?) and disabled_at is null',
        [demo.email],
      );
      if (!account) continue;
      const previous = await em.execute<Array<{ id: number }>>(
        'select id from api_token where account_id = ? and name = ? and revoked_at is null',
        [account.id, DEMO_TOKEN_NAME],
      );
      for (const token of previous) await revokeApiToken(em, OPERATOR, token.id);
      const { secret } = await createApiToken(em, OPERATOR, { accountId: account.id, name: DEMO_TOKEN_NAME });
      issued.push({ ...demo, secret });
    }
    audit.detail = { accounts: issued.map((token) => token.email) };
    return issued;
  });
}

/** What start-up prints: each token and a one-line curl example. */
export function formatDemoTokens(tokens: DemoToken[], url: string): string {
  const width = Math.max(...tokens.map((token) => `${token.label} (${token.email})`.length));
  return [
    'Demo tokens (new at every start on the demo database; the previous ones are revoked):',
    ...tokens.map((token) => `  ${`${token.label} (${token.email})`.padEnd(width)}  ${token.secret}`),
    'Try one:',
    `  ${curlExample(url, tokens[0].secret)}`,
  ].join('\n');
}
