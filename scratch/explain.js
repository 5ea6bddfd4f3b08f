require('reflect-metadata');
const { MikroORM } = require('@mikro-orm/postgresql');
const { createOrmConfig } = require('/work/wt-match/dist/src/db/orm.config');
const sqlMod = require('/work/wt-match/dist/src/shared/sql');
const svc = require('/work/wt-match/dist/src/modules/partner-matching/partner-matching.service');
const { toGlobalId } = require('/work/wt-match/dist/src/shared/global-id');
const db = process.env.DB || 'match_scratch';
(async () => {
  const orm = await MikroORM.init(createOrmConfig({ clientUrl: `postgres://postgres@127.0.0.1:5432/${db}` }));
  const em = orm.em.fork();
  const [{ id }] = await em.getConnection().execute(`select id from locality where gb_code = '${process.argv[2] || '140600'}'`);
  const viewer = { kind: 'member', accountId: 1, unitId: 1, role: 'ADMIN', hubAdmin: false, readOnly: false };
  const orig = sqlMod.queryRows;
  let explain = false;
  sqlMod.queryRows = async (em2, sql, params) => {
    if (explain && sql.includes('with pairs')) {
      const rows = await orig(em2, 'explain (analyze, buffers) ' + sql, params);
      console.log(rows.map((r) => r['QUERY PLAN']).join('\n'));
    }
    return orig(em2, sql, params);
  };
  await svc.suggestPartners(em.fork(), viewer, toGlobalId('Locality', id), process.argv[3] ? JSON.parse(process.argv[3]) : null, null, 20);
  explain = true;
  await svc.suggestPartners(em.fork(), viewer, toGlobalId('Locality', id), process.argv[3] ? JSON.parse(process.argv[3]) : null, null, 20);
  await orm.close();
})().catch((e) => { console.error(e); process.exit(1); });
