require('reflect-metadata');
const pg = require('pg');
const { MikroORM } = require('@mikro-orm/postgresql');
const { createOrmConfig } = require('/work/wt-match/dist/src/db/orm.config');
const svc = require('/work/wt-match/dist/src/modules/partner-matching/partner-matching.service');
const { partnerSuggestionBodies } = require('/work/wt-match/dist/bench/partner-workload');
const db = process.env.DB || 'match_scratch';
(async () => {
  const client = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:5432/${db}` });
  await client.connect();
  const bodies = (await partnerSuggestionBodies(client)).map((b) => JSON.parse(b).variables);
  await client.end();
  const orm = await MikroORM.init(createOrmConfig({ clientUrl: `postgres://postgres@127.0.0.1:5432/${db}`, poolMax: 8 }));
  const viewer = { kind: 'member', accountId: 1, unitId: 1, role: 'ADMIN', hubAdmin: false, readOnly: false };
  for (const v of bodies) {
    const ts = [];
    let r;
    for (let i = 0; i < 3; i++) { const t = performance.now(); r = await svc.suggestPartners(orm.em.fork(), viewer, v.for, v.filter, null, v.first); ts.push(performance.now() - t); }
    console.log(Buffer.from(v.for, 'base64url').toString(), JSON.stringify(v.filter ?? null), 'considered', r.considered, 'min ms', Math.min(...ts).toFixed(0));
  }
  await orm.close();
})().catch((e) => { console.error(e); process.exit(1); });
