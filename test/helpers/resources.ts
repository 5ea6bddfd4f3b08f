import pg from 'pg';

/**
 * Fixtures for shared resources, access grants and the things they point at, written straight
 * into a test hub's database (tests of the mutations go through the API instead).
 */

export type Tier = 'PUBLIC' | 'UNCONDITIONAL' | 'CONDITIONAL' | 'NOT_SHARED';
export type Status = 'DRAFT' | 'PUBLISHED' | 'WITHDRAWN';
export type Kind =
  | 'COOPERATION_PROJECT'
  | 'INVESTMENT_LEAD'
  | 'EXCHANGE_PROGRAM'
  | 'EVENT'
  | 'CULTURAL_ASSET'
  | 'CONTACT_CHANNEL'
  | 'EXPERT'
  | 'POLICY_DOCUMENT'
  | 'DATASET'
  | 'OTHER';

export interface ResourceFixture {
  /** Owner unit code, e.g. "610000-COMMERCE". */
  owner: string;
  kind?: Kind;
  /** PUBLIC unless given. */
  tier?: Tier;
  /** PUBLISHED unless given (published_at is then set too). */
  status?: Status;
  /** "Test resource" unless titleZh is given. */
  titleEn?: string | null;
  titleZh?: string | null;
  summaryEn?: string | null;
  summaryZh?: string | null;
  bodyEn?: string | null;
  bodyZh?: string | null;
  tags?: string[];
  themes?: string[];
  /** ISO codes, e.g. ["JP", "KR"]. */
  countries?: string[];
  /** Locality ids (see localityId). */
  foreignLocalities?: number[];
  relations?: number[];
  /** A locality id, or a GB/T 2260 code such as "610100". */
  domesticLocality?: number | string | null;
  validFrom?: string | null;
  validUntil?: string | null;
  contact?: { name?: string; organisation?: string; email?: string; phone?: string } | null;
  links?: Array<{ title?: string; url: string }>;
  attachments?: Array<{ title?: string; url: string; mediaType?: string; bytes?: number }>;
  /** Defaults to a stated basis for NOT_SHARED resources. */
  notSharedBasis?: string | null;
  createdAt?: Date;
  updatedAt?: Date;
  publishedAt?: Date | null;
}

export interface InsertedResource {
  id: number;
  /** The global ID, as the API shows it. */
  globalId: string;
  ownerUnitId: number;
}

export const resourceGlobalId = (id: number) => Buffer.from(`SharedResource:${id}`, 'utf8').toString('base64url');
export const globalId = (type: string, id: number | string) => Buffer.from(`${type}:${id}`, 'utf8').toString('base64url');

/** Runs `work` with a client on `databaseUrl`, closed afterwards. */
export async function withClient<T>(databaseUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function unitId(client: pg.Client, code: string): Promise<number> {
  const { rows } = await client.query<{ id: number }>('select id from member_unit where code = $1', [code]);
  if (!rows.length) throw new Error(`no member unit ${code}`);
  return rows[0].id;
}

async function domesticId(client: pg.Client, value: number | string | null | undefined): Promise<number | null> {
  if (value == null || typeof value === 'number') return value ?? null;
  const { rows } = await client.query<{ id: number }>(`select id from locality where side = 'DOMESTIC' and gb_code = $1`, [value]);
  if (!rows.length) throw new Error(`no Chinese locality with code ${value}`);
  return rows[0].id;
}

/** Inserts resources (with their countries, foreign localities and relations) in one transaction, in order. */
export async function insertResources(databaseUrl: string, fixtures: ResourceFixture[]): Promise<InsertedResource[]> {
  return withClient(databaseUrl, async (client) => {
    await client.query('begin');
    try {
      const inserted: InsertedResource[] = [];
      const units = new Map<string, number>();
      for (const fixture of fixtures) {
        let owner = units.get(fixture.owner);
        if (owner == null) units.set(fixture.owner, (owner = await unitId(client, fixture.owner)));
        const status = fixture.status ?? 'PUBLISHED';
        const tier = fixture.tier ?? 'PUBLIC';
        const createdAt = fixture.createdAt ?? new Date();
        const { rows } = await client.query<{ id: number }>(
          `insert into shared_resource (owner_unit_id, kind, title_zh, title_en, summary_zh, summary_en, body_zh, body_en, tags, themes,
             domestic_locality_id, valid_from, valid_until, contact, links, attachments, tier, not_shared_basis, status,
             created_at, updated_at, published_at, withdrawn_at, withdrawal_reason)
           values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24)
           returning id`,
          [
            owner,
            fixture.kind ?? 'OTHER',
            fixture.titleZh ?? null,
            fixture.titleEn === undefined && fixture.titleZh == null ? 'Test resource' : (fixture.titleEn ?? null),
            fixture.summaryZh ?? null,
            fixture.summaryEn ?? null,
            fixture.bodyZh ?? null,
            fixture.bodyEn ?? null,
            fixture.tags ?? [],
            fixture.themes ?? [],
            await domesticId(client, fixture.domesticLocality),
            fixture.validFrom ?? null,
            fixture.validUntil ?? null,
            fixture.contact == null ? null : JSON.stringify(fixture.contact),
            JSON.stringify(fixture.links ?? []),
            JSON.stringify(fixture.attachments ?? []),
            tier,
            fixture.notSharedBasis !== undefined ? fixture.notSharedBasis : tier === 'NOT_SHARED' ? 'Internal working document (test fixture).' : null,
            status,
            createdAt,
            fixture.updatedAt ?? createdAt,
            fixture.publishedAt !== undefined ? fixture.publishedAt : status === 'DRAFT' ? null : createdAt,
            status === 'WITHDRAWN' ? createdAt : null,
            status === 'WITHDRAWN' ? 'Withdrawn by the test fixture.' : null,
          ],
        );
        const id = rows[0].id;
        for (const code of fixture.countries ?? []) {
          await client.query('insert into resource_country (resource_id, country_code) values ($1, $2)', [id, code]);
        }
        for (const locality of fixture.foreignLocalities ?? []) {
          await client.query('insert into resource_locality (resource_id, locality_id) values ($1, $2)', [id, locality]);
        }
        for (const relation of fixture.relations ?? []) {
          await client.query('insert into resource_relation (resource_id, relation_id) values ($1, $2)', [id, relation]);
        }
        inserted.push({ id, globalId: resourceGlobalId(id), ownerUnitId: owner });
      }
      await client.query('commit');
      return inserted;
    } catch (error) {
      await client.query('rollback');
      throw error;
    }
  });
}

export async function insertResource(databaseUrl: string, fixture: ResourceFixture): Promise<InsertedResource> {
  const [resource] = await insertResources(databaseUrl, [fixture]);
  return resource;
}

export interface GrantFixture {
  resourceId: number;
  /** Grantee unit code. */
  unit: string;
  expiresAt?: Date | null;
  revokedAt?: Date | null;
}

/** Inserts an access grant (as approving a request would) and returns its id. */
export async function insertGrant(databaseUrl: string, grant: GrantFixture): Promise<number> {
  return withClient(databaseUrl, async (client) => {
    const { rows } = await client.query<{ id: number }>(
      `insert into access_grant (resource_id, grantee_unit_id, expires_at, revoked_at, revocation_reason)
       values ($1, $2, $3, $4, $5) returning id`,
      [grant.resourceId, await unitId(client, grant.unit), grant.expiresAt ?? null, grant.revokedAt ?? null, grant.revokedAt ? 'Revoked by the test fixture.' : null],
    );
    return rows[0].id;
  });
}

/** The id of a locality: a Chinese one by GB/T 2260 code, or a foreign one by English name and country. */
export async function localityId(databaseUrl: string, locality: { gbCode: string } | { name: string; country: string }): Promise<number> {
  return withClient(databaseUrl, async (client) => {
    const { rows } =
      'gbCode' in locality
        ? await client.query<{ id: number }>(`select id from locality where side = 'DOMESTIC' and gb_code = $1`, [locality.gbCode])
        : await client.query<{ id: number }>(
            `select id from locality where side = 'FOREIGN' and name_en = $1 and country_code = $2 order by population desc nulls last, id limit 1`,
            [locality.name, locality.country],
          );
    if (!rows.length) throw new Error(`no locality ${JSON.stringify(locality)}`);
    return rows[0].id;
  });
}

/** The id of the friendship relation between a Chinese locality (GB code) and a foreign one (name). */
export async function relationId(databaseUrl: string, gbCode: string, foreignName: string): Promise<number> {
  return withClient(databaseUrl, async (client) => {
    const { rows } = await client.query<{ id: number }>(
      `select r.id from friendship_relation r join locality d on d.id = r.domestic_locality_id join locality f on f.id = r.foreign_locality_id
       where d.gb_code = $1 and f.name_en = $2 order by r.id limit 1`,
      [gbCode, foreignName],
    );
    if (!rows.length) throw new Error(`no relation between ${gbCode} and ${foreignName}`);
    return rows[0].id;
  });
}

/** Removes every resource (and what hangs off it) so a test starts from a known catalogue. */
export async function deleteAllResources(databaseUrl: string): Promise<void> {
  await withClient(databaseUrl, async (client) => {
    await client.query('delete from access_grant; delete from access_request; delete from shared_resource;');
  });
}
