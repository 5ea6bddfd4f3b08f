import 'reflect-metadata';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import pino from 'pino';
import { ANONYMOUS } from '../auth/viewer';
import { parseExpiry } from '../auth/tokens';
import { ConfigError, loadConfig, type HubConfig } from '../config';
import { openDatabase } from '../db/database';
import { createOrmConfig } from '../db/orm.config';
import { AppError, ErrorCode } from '../errors';
import type { Logger } from '../logger';
import { AccountKind, AccountRole } from '../modules/accounts/account.enums';
import { bootstrapHubAdmin, createAccount, findAccountByReference, OPERATOR } from '../modules/accounts/account.service';
import { dateTime } from '../modules/accounts/row-dates';
import { curlExample, hubUrl } from '../modules/accounts/token-hints';
import { createApiToken, findTokenByReference, revokeApiToken, tokenIsLive } from '../modules/accounts/token.service';
import { audited, type MutationAudit } from '../modules/audit/audit.service';

/**
 * npm run hub -- <command>: identities from the command line, for the first hub admin and for
 * operators who prefer a shell. Works on DATABASE_URL's database, or the embedded one like
 * `npm start`. Every change is recorded in the audit trail as "cli:<command>", with no account.
 */

class UsageError extends Error {
  readonly usage: string;
  /** `usage`: a whole help text, or a command's usage line. */
  constructor(message: string, usage: string) {
    super(message);
    this.usage = usage.startsWith('Usage') ? usage : `Usage: npm run hub -- ${usage}`;
  }
}

interface Tools {
  em: EntityManager;
  config: HubConfig;
  logger: Logger;
  out: (line?: string) => void;
}

type Values = Record<string, string | boolean | undefined>;

interface Command {
  name: string;
  usage: string;
  summary: string;
  details: string;
  options: NonNullable<ParseArgsConfig['options']>;
  /** How many positional arguments the command takes. */
  positionals: number;
  run(tools: Tools, values: Values, positionals: string[]): Promise<void>;
}

/** Runs a change in one transaction, recorded in the audit trail like the API's mutations. */
function change<T>(tools: Tools, action: string, work: (em: EntityManager, audit: MutationAudit) => Promise<T>): Promise<T> {
  return audited({ em: tools.em.fork() as EntityManager, viewer: ANONYMOUS, logger: tools.logger }, `cli:${action}`, null, work);
}

const text = (values: Values, name: string) => (typeof values[name] === 'string' ? (values[name] as string) : undefined);

function required(values: Values, name: string, usage: string): string {
  const value = text(values, name);
  if (value === undefined || value.trim() === '') throw new UsageError(`--${name} is required.`, usage);
  return value;
}

function table(rows: string[][]): string[] {
  const widths = rows[0].map((_cell, column) => Math.max(...rows.map((row) => [...row[column]].length)));
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column])).join('  ').trimEnd());
}

const day = (value: unknown) => dateTime(value)?.toISOString().replace(/\.\d{3}Z$/, 'Z') ?? '-';

async function unitIdByCode(em: EntityManager, code: string): Promise<number> {
  const [unit] = await em.execute<Array<{ id: number }>>('select id from member_unit where code = ?', [code]);
  if (!unit) throw new AppError(ErrorCode.NOT_FOUND, `No member unit has the code "${code}". \`npm run hub -- account list\` shows units with accounts; the API's memberUnits lists them all.`);
  return unit.id;
}

async function accountByReference(em: EntityManager, reference: string) {
  const account = await findAccountByReference(em, reference);
  if (!account) throw new AppError(ErrorCode.NOT_FOUND, `No account matches "${reference}" (give its id, as \`account list\` shows, or its email).`);
  return account;
}

function printSecret(tools: Tools, secret: string) {
  tools.out();
  tools.out(`  ${secret}`);
  tools.out();
  tools.out('This is the only time the secret is shown: store it now (the hub keeps only its hash).');
  tools.out('Send it as "Authorization: Bearer <token>", e.g.:');
  tools.out(`  ${curlExample(hubUrl(tools.config), secret)}`);
}

const ROLE_NAMES = Object.values(AccountRole).join(', ');

function parseRole(value: string, usage: string): AccountRole {
  const role = value.trim().toUpperCase();
  if (!(role in AccountRole)) throw new UsageError(`--role must be one of ${ROLE_NAMES}, got "${value}".`, usage);
  return role as AccountRole;
}

const commands: Command[] = [
  {
    name: 'admin bootstrap',
    usage: 'admin bootstrap --name <name> [--email <email>] [--unit <code>] [--another]',
    summary: 'create the first hub admin and print a token for them',
    details: [
      'Creates an ADMIN account in a hub-operator unit (610000-FAO unless --unit says otherwise) and a',
      'token for it. Refuses when the hub already has a hub admin, unless --another is given.',
    ].join('\n'),
    options: {
      name: { type: 'string' },
      email: { type: 'string' },
      unit: { type: 'string', default: '610000-FAO' },
      another: { type: 'boolean', default: false },
    },
    positionals: 0,
    async run(tools, values) {
      const name = required(values, 'name', this.usage);
      const { account, secret } = await change(tools, 'admin.bootstrap', async (em, audit) => {
        const account = await bootstrapHubAdmin(em, { unitCode: text(values, 'unit')!, displayName: name, email: text(values, 'email'), another: values.another === true }, audit);
        const issued = await createApiToken(em, OPERATOR, { accountId: account.id, name: 'bootstrap token (hub CLI)' });
        audit.detail = { ...audit.detail, token: issued.token.id, prefix: issued.token.prefix };
        return { account, secret: issued.secret };
      });
      tools.out(`Created hub admin ${account.displayName} (account ${account.id}, ${text(values, 'unit')}) and a token for them:`);
      printSecret(tools, secret);
    },
  },
  {
    name: 'account create',
    usage: 'account create --unit <code> --role <ADMIN|EDITOR|VIEWER> --name <name> [--email <email>] [--service]',
    summary: 'create an account in a member unit',
    details: '--service makes a service account (a dashboard or another system): its tokens are read-only by default.',
    options: {
      unit: { type: 'string' },
      role: { type: 'string' },
      name: { type: 'string' },
      email: { type: 'string' },
      service: { type: 'boolean', default: false },
    },
    positionals: 0,
    async run(tools, values) {
      const unitCode = required(values, 'unit', this.usage);
      const role = parseRole(required(values, 'role', this.usage), this.usage);
      const name = required(values, 'name', this.usage);
      const account = await change(tools, 'account.create', async (em, audit) =>
        createAccount(
          em,
          OPERATOR,
          {
            unitId: await unitIdByCode(em, unitCode),
            displayName: name,
            email: text(values, 'email'),
            role,
            kind: values.service ? AccountKind.SERVICE : AccountKind.PERSON,
          },
          audit,
        ),
      );
      tools.out(`Created account ${account.id}: ${account.displayName}, ${account.role}${values.service ? ' (service)' : ''} of ${unitCode}.`);
      tools.out(`Give it a token with: npm run hub -- token create --account ${account.id}`);
    },
  },
  {
    name: 'account list',
    usage: 'account list [--unit <code>]',
    summary: 'list accounts',
    details: 'Lists every account, or those of one unit.',
    options: { unit: { type: 'string' } },
    positionals: 0,
    async run(tools, values) {
      const unitCode = text(values, 'unit');
      const unitId = unitCode ? await unitIdByCode(tools.em, unitCode) : null;
      const rows = await tools.em.execute<Array<Record<string, any>>>(
        `select a.id, u.code, a.role, a.kind, a.display_name, a.email, a.disabled_at,
           (select count(*)::int from api_token t where t.account_id = a.id and t.revoked_at is null
              and (t.expires_at is null or t.expires_at > now())) as live_tokens
         from account a join member_unit u on u.id = a.member_unit_id
         where (?::int is null or a.member_unit_id = ?::int) order by u.code, a.display_name, a.id`,
        [unitId, unitId],
      );
      if (!rows.length) return tools.out(unitCode ? `No accounts in ${unitCode}.` : 'No accounts yet. Start with: npm run hub -- admin bootstrap --name "<your name>"');
      const lines = table([
        ['ID', 'UNIT', 'ROLE', 'KIND', 'NAME', 'EMAIL', 'TOKENS', 'STATE'],
        ...rows.map((row) => [
          String(row.id),
          row.code,
          row.role,
          row.kind,
          row.display_name,
          row.email ?? '-',
          String(row.live_tokens),
          row.disabled_at ? `disabled ${day(row.disabled_at)}` : 'enabled',
        ]),
      ]);
      lines.forEach((line) => tools.out(line));
    },
  },
  {
    name: 'token create',
    usage: 'token create --account <id|email> [--name <name>] [--read-only | --read-write] [--expires <30d|12h|ISO date>]',
    summary: 'create a token and print its secret once',
    details: [
      "Tokens of people may write (as far as the account's role allows) unless --read-only is given;",
      'tokens of service accounts are read-only unless --read-write is given.',
    ].join('\n'),
    options: {
      account: { type: 'string' },
      name: { type: 'string', default: 'created with the hub CLI' },
      'read-only': { type: 'boolean', default: false },
      'read-write': { type: 'boolean', default: false },
      expires: { type: 'string' },
    },
    positionals: 0,
    async run(tools, values) {
      const reference = required(values, 'account', this.usage);
      if (values['read-only'] && values['read-write']) throw new UsageError('Give --read-only or --read-write, not both.', this.usage);
      let expiresAt: Date | null = null;
      const expires = text(values, 'expires');
      if (expires !== undefined) {
        try {
          expiresAt = parseExpiry(expires);
        } catch (error) {
          throw new UsageError(`--expires: ${(error as Error).message}`, this.usage);
        }
      }
      const readOnly = values['read-only'] ? true : values['read-write'] ? false : null;
      const { issued, account } = await change(tools, 'token.create', async (em, audit) => {
        const account = await accountByReference(em, reference);
        const issued = await createApiToken(em, OPERATOR, { accountId: account.id, name: text(values, 'name')!, readOnly, expiresAt }, audit);
        return { issued, account };
      });
      const { token } = issued;
      tools.out(
        `Created token ${token.id} ("${token.name}") for ${account.displayName} (account ${account.id}, ${account.role}): ` +
          `${token.readOnly ? 'read-only' : 'read-write'}, ${token.expiresAt ? `expires ${day(token.expiresAt)}` : 'does not expire'}.`,
      );
      printSecret(tools, issued.secret);
    },
  },
  {
    name: 'token list',
    usage: 'token list [--account <id|email>]',
    summary: 'list tokens (never their secrets)',
    details: 'Lists every token, or those of one account, newest first.',
    options: { account: { type: 'string' } },
    positionals: 0,
    async run(tools, values) {
      const reference = text(values, 'account');
      const accountId = reference ? (await accountByReference(tools.em, reference)).id : null;
      const rows = await tools.em.execute<Array<Record<string, any>>>(
        `select t.id, t.prefix, t.name, t.read_only, t.expires_at, t.revoked_at, t.created_at,
           a.id as account_id, a.display_name, a.disabled_at, u.code
         from api_token t join account a on a.id = t.account_id join member_unit u on u.id = a.member_unit_id
         where (?::int is null or t.account_id = ?::int) order by t.id desc`,
        [accountId, accountId],
      );
      if (!rows.length) return tools.out('No tokens.');
      const state = (row: Record<string, any>) =>
        row.revoked_at
          ? `revoked ${day(row.revoked_at)}`
          : !tokenIsLive({ revokedAt: null, expiresAt: dateTime(row.expires_at) })
            ? `expired ${day(row.expires_at)}`
            : row.disabled_at
              ? 'account disabled'
              : row.expires_at
                ? `active until ${day(row.expires_at)}`
                : 'active';
      const lines = table([
        ['ID', 'PREFIX', 'ACCOUNT', 'UNIT', 'NAME', 'SCOPE', 'STATE', 'CREATED'],
        ...rows.map((row) => [
          String(row.id),
          `${row.prefix}…`,
          `${row.account_id} ${row.display_name}`,
          row.code,
          row.name,
          row.read_only ? 'read-only' : 'read-write',
          state(row),
          day(row.created_at),
        ]),
      ]);
      lines.forEach((line) => tools.out(line));
    },
  },
  {
    name: 'token revoke',
    usage: 'token revoke <id|prefix>',
    summary: 'revoke a token; it stops working at once',
    details: 'Give the id or the prefix that `token list` shows (or the whole secret).',
    options: {},
    positionals: 1,
    async run(tools, _values, positionals) {
      const reference = positionals[0];
      const token = await change(tools, 'token.revoke', async (em, audit) => {
        const found = await findTokenByReference(em, reference);
        if (!found) throw new AppError(ErrorCode.NOT_FOUND, `No token matches "${reference}" (give its id or prefix, as \`token list\` shows).`);
        const wasRevoked = !!found.revokedAt;
        return { token: await revokeApiToken(em, OPERATOR, found.id, audit), wasRevoked };
      });
      tools.out(
        token.wasRevoked
          ? `Token ${token.token.id} (${token.token.prefix}…) was already revoked on ${day(token.token.revokedAt!)}.`
          : `Revoked token ${token.token.id} (${token.token.prefix}…, "${token.token.name}"); it no longer signs in.`,
      );
    },
  },
];

const GROUPS = ['admin', 'account', 'token'];

function overview(): string {
  return [
    'Usage: npm run hub -- <command> [options]',
    '',
    'Manages the hub\'s accounts and tokens on the database of DATABASE_URL (or the embedded one of npm start).',
    '',
    'Commands:',
    ...table(commands.map((command) => [`  ${command.name}`, command.summary])),
    '',
    'Run `npm run hub -- <command> --help` for the options of a command.',
  ].join('\n');
}

function groupHelp(group: string): string {
  const members = commands.filter((command) => command.name.startsWith(`${group} `));
  return ['Usage:', ...members.map((command) => `  npm run hub -- ${command.usage}`), '', ...table(members.map((command) => [`  ${command.name}`, command.summary]))].join('\n');
}

function commandHelp(command: Command): string {
  return [`Usage: npm run hub -- ${command.usage}`, '', `${command.summary[0].toUpperCase()}${command.summary.slice(1)}.`, command.details].join('\n');
}

type Parsed = { kind: 'help'; text: string } | { kind: 'run'; command: Command; values: Values; positionals: string[] };

function parseCommand(argv: string[]): Parsed {
  const wantsHelp = argv.includes('--help') || argv.includes('-h');
  const words = argv.filter((arg) => !arg.startsWith('-'));
  const [group, action] = words;
  if (!group || argv[0].startsWith('-')) {
    if (wantsHelp) return { kind: 'help', text: overview() };
    throw new UsageError('Start with a command.', overview());
  }
  if (!GROUPS.includes(group)) throw new UsageError(`"${group}" is not a command.`, overview());
  const command = commands.find((candidate) => candidate.name === `${group} ${action}`);
  if (!command) {
    if (wantsHelp) return { kind: 'help', text: groupHelp(group) };
    throw new UsageError(action ? `"${group} ${action}" is not a command.` : `"${group}" needs a subcommand.`, groupHelp(group));
  }
  if (wantsHelp) return { kind: 'help', text: commandHelp(command) };
  const rest = argv.slice(argv.indexOf(action) + 1);
  let parsed;
  try {
    parsed = parseArgs({ args: rest, options: command.options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/\. To specify a positional argument.*$/s, '.'), commandHelp(command));
  }
  if (parsed.positionals.length !== command.positionals) {
    throw new UsageError(
      command.positionals === 0
        ? `Unexpected argument "${parsed.positionals[0]}".`
        : `"${command.name}" takes ${command.positionals} argument${command.positionals > 1 ? 's' : ''}.`,
      commandHelp(command),
    );
  }
  return { kind: 'run', command, values: parsed.values as Values, positionals: parsed.positionals };
}

async function main(argv: string[]): Promise<number> {
  let parsed: Parsed;
  try {
    parsed = parseCommand(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`${error.message}\n\n${error.usage}`);
    return 2;
  }
  if (parsed.kind === 'help') {
    console.log(parsed.text);
    return 0;
  }

  let config: HubConfig;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Configuration error: ${error.message}`);
      return 2;
    }
    throw error;
  }
  // Logs go to stderr, so that stdout holds only what the command prints.
  const logger = pino({ level: process.env.LOG_LEVEL ?? 'warn', base: { service: 'fao-hub-cli' } }, pino.destination(2));
  const database = await openDatabase(config, logger);
  try {
    const orm = await MikroORM.init(createOrmConfig({ clientUrl: database.url, poolMax: 2, acquireTimeoutMs: 10_000, logger }));
    try {
      await orm.getMigrator().up();
      const tools: Tools = { em: orm.em.fork() as EntityManager, config, logger, out: (line = '') => console.log(line) };
      await parsed.command.run(tools, parsed.values, parsed.positionals);
      return 0;
    } finally {
      await orm.close(true);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`${error.message}\n\n${error.usage}`);
      return 2;
    }
    if (error instanceof AppError) {
      console.error(`Error: ${error.message}`);
      return error.code === ErrorCode.BAD_USER_INPUT ? 2 : 1;
    }
    console.error(`Error: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    await database.stop();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    console.error('The hub CLI failed:', error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
