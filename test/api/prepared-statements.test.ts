import type { EntityManager } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PREPARED_PER_CONNECTION, queryRows } from '../../src/shared/sql';
import { startTestHub, type TestHub } from '../helpers/hub';

// One connection in the pool: every statement below runs on the same server session.
let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub({ dbPoolMax: 1 });
});
afterAll(async () => {
  await hub?.stop();
});

const em = () => hub.app.orm.em.fork() as EntityManager;
const preparedCount = async () =>
  Number((await queryRows<{ n: number }>(em(), `select count(*)::int as n from pg_prepared_statements where name like 'hub\\_%'`, []))[0].n);

describe('prepared statements of hot read paths', () => {
  it('keeps at most PREPARED_PER_CONNECTION on a server session, and runs an evicted one again', async () => {
    const texts = Array.from({ length: PREPARED_PER_CONNECTION + 25 }, (_, i) => `select ?::int + ${i} as n`);
    for (const [i, text] of texts.entries()) {
      const [row] = await queryRows<{ n: number }>(em(), text, [1], { prepared: true });
      expect(row.n).toBe(1 + i);
    }
    expect(await preparedCount()).toBe(PREPARED_PER_CONNECTION);
    // The first ones were deallocated to make room; they are prepared again when used.
    const [again] = await queryRows<{ n: number }>(em(), texts[0], [41], { prepared: true });
    expect(again.n).toBe(41);
    expect(await preparedCount()).toBe(PREPARED_PER_CONNECTION);
  });

  it('answers a search the same way once its plan is kept', async () => {
    const search = `{ searchLocalities(query: "hamburg", filter: { side: FOREIGN }, first: 5) { edges { match node { name country { code } } } } }`;
    const first = await hub.gql(search);
    expect(first.errors).toBeUndefined();
    expect(first.data.searchLocalities.edges[0].node).toEqual({ name: 'Hamburg', country: { code: 'DE' } });
    // PostgreSQL plans a prepared statement with its values five times before keeping a generic plan.
    for (let i = 0; i < 7; i++) expect((await hub.gql(search)).data).toEqual(first.data);
  });
});
