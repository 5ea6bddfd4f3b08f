require('reflect-metadata');
const { MikroORM } = require('@mikro-orm/postgresql');
const { createOrmConfig } = require('/work/wt-match/dist/src/db/orm.config');
const svc = require('/work/wt-match/dist/src/modules/partner-matching/partner-matching.service');
const { toGlobalId } = require('/work/wt-match/dist/src/shared/global-id');
(async () => {
  const orm = await MikroORM.init(createOrmConfig({ clientUrl: 'postgres://postgres@127.0.0.1:5432/match_scratch' }));
  const em = orm.em.fork();
  const [{ id }] = await em.getConnection().execute(`select id from locality where gb_code = '${process.argv[2] || '140600'}'`);
  const viewer = { kind: 'member', accountId: 1, unitId: 1, role: 'ADMIN', hubAdmin: false, readOnly: false };
  for (let i = 0; i < 3; i++) { const t0 = Date.now(); await svc.suggestPartners(em.fork(), viewer, toGlobalId("Locality", id), process.argv[3] ? JSON.parse(process.argv[3]) : null, null, 20); console.log("warm", Date.now() - t0); }
  const t = Date.now();
  const r = await svc.suggestPartners(em, viewer, toGlobalId('Locality', id), process.argv[3] ? JSON.parse(process.argv[3]) : null, null, 5);
  console.log(Date.now() - t, 'ms', JSON.stringify(r, null, 1).slice(0, 4000));
  await orm.close();
})().catch((e) => { console.error(e); process.exit(1); });
