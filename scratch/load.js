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
  const run = (v) => svc.suggestPartners(orm.em.fork(), viewer, v.for, v.filter, null, v.first);
  for (const v of bodies) await run(v); // warm
  const times = [];
  let next = 0;
  const total = Number(process.env.N || 400);
  const t0 = Date.now();
  await Promise.all([0, 1, 2, 3].map(async () => {
    while (next < total) { const v = bodies[next++ % bodies.length]; const t = performance.now(); await run(v); times.push(performance.now() - t); }
  }));
  times.sort((a, b) => a - b);
  const q = (p) => times[Math.min(times.length - 1, Math.floor(p * times.length))].toFixed(1);
  console.log(`${bodies.length} bodies, ${times.length} requests at 4 concurrent in ${Date.now() - t0} ms: p50 ${q(0.5)} p90 ${q(0.9)} p99 ${q(0.99)} max ${q(1)} ms`);
  await orm.close();
})().catch((e) => { console.error(e); process.exit(1); });
