/**
 * The permission matrix of the contributions issue, extended to the live feed: eight kinds of
 * receiver stay subscribed (one socket each) while a scripted series of changes runs through
 * resources of every tier and status and through the access workflow. After each change the
 * test waits for the receivers that should get it, then checks, on the events actually received
 * over the socket, that each event carries no more than its receiver may read at that moment and
 * equals what the same identity reads over HTTP (`activities` and `node(id)`) at that moment.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subscribeFeed, type FeedEvent, type FeedSubscriber } from '../helpers/feed-client';
import { startTestHub, type TestHub } from '../helpers/hub';
import { createIdentity, type IdentityOptions } from '../helpers/identities';
import { globalId, localityId, relationId, type Status, type Tier } from '../helpers/resources';

const OWNER_UNIT = '610000-SCIENCE-TECH';

type Who = 'anonymous' | 'ownerEditor' | 'ownerViewer' | 'grantee' | 'otherEditor' | 'applicant' | 'hubAdmin' | 'service';
const CALLERS: Record<Exclude<Who, 'anonymous'>, IdentityOptions> = {
  ownerEditor: { unit: OWNER_UNIT, role: 'EDITOR' },
  ownerViewer: { unit: OWNER_UNIT, role: 'VIEWER' },
  // Holds grants on both CONDITIONAL resources (one through a request, one given by a hub admin).
  grantee: { unit: '610000-CULTURE-TOURISM', role: 'EDITOR' },
  // Never holds a grant: its request is refused.
  otherEditor: { unit: '610000-EDUCATION', role: 'EDITOR' },
  // Its request stays pending.
  applicant: { unit: '610000-COMMERCE', role: 'EDITOR' },
  hubAdmin: { unit: '610000-FAO', role: 'ADMIN' },
  // A dashboard of the hub operator: a plain member (not an ADMIN), read-only.
  service: { unit: '610000-FAO', role: 'VIEWER', kind: 'SERVICE', readOnly: true },
};
const WHO: Who[] = ['anonymous', ...(Object.keys(CALLERS) as Who[])];
const MEMBERS = WHO.filter((who) => who !== 'anonymous');
const OWNER_SIDE: Who[] = ['ownerEditor', 'ownerViewer', 'hubAdmin'];

type Key = 'pub' | 'unc' | 'cond' | 'cond2' | 'ns' | 'wd' | 'draft';
/** Words only this resource's title, and only its content, hold ("cond" is not inside "cond2q"). */
const titleWord = (key: Key) => `zorblat${key}q`;
const contentWord = (key: Key) => `quexifor${key}q`;
const title = (key: Key) => `Glacier survey ${titleWord(key)}`;
const summary = (key: Key, n: number) => `Catalogue summary of ${key}, version ${n}.`;
const NOT_SHARED_BASIS = 'Internal working document under the provincial confidentiality rules.';

/** The content fields (what only readers of the content get), version n. */
function content(key: Key, n: number) {
  const word = contentWord(key);
  return {
    bodyEn: `Body ${n}: download instructions ${word}.`,
    bodyZh: `正文 ${n}：${word}`,
    contact: { name: `Dr. ${word}`, organisation: 'Glacier Institute', email: `${word}@example.org`, phone: '+86 29 8888 0000' },
    links: [{ title: `Guide ${word}`, url: `https://example.org/${word}/${n}` }],
    attachments: [{ title: `Data ${word}`, url: `https://example.org/${word}/${n}.csv`, mediaType: 'text/csv', bytes: 1024 + n }],
  };
}

interface ResourceState {
  tier: Tier;
  status: Status;
  /** Content version: bumped by every update. */
  n: number;
  /** Receivers whose unit holds a grant in force. */
  grants: Who[];
}
type Snapshot = Partial<Record<Key, ResourceState>>;

/** The rules, written out independently of the code under test. */
const ownerSide = (who: Who) => OWNER_SIDE.includes(who);
function visible(who: Who, r: ResourceState): boolean {
  if (ownerSide(who)) return true;
  if (r.status !== 'PUBLISHED') return false;
  return who === 'anonymous' ? r.tier === 'PUBLIC' : r.tier !== 'NOT_SHARED';
}
function readable(who: Who, r: ResourceState): boolean {
  if (!visible(who, r)) return false;
  if (ownerSide(who) || r.tier === 'PUBLIC') return true;
  if (who === 'anonymous') return false;
  return r.tier === 'UNCONDITIONAL' || (r.tier === 'CONDITIONAL' && r.grants.includes(who));
}

/** Everything an event can carry about its subject, and about a resource in particular. */
const FRAGMENTS = `
fragment R on SharedResource {
  __typename id kind tier status version title titleEn titleZh summary summaryEn summaryZh tags themes validFrom validUntil
  createdAt updatedAt publishedAt withdrawnAt withdrawalReason notSharedBasis
  owner { id } countries { code } foreignLocalities { id } domesticLocality { id } relations { id }
  contentReadable body bodyEn bodyZh contact { name organisation email phone } links { title url } attachments { title url mediaType bytes }
  access { state contentReadable grant { id active } request { id status } }
  revisions(first: 10) { edges { node { action changedFields } } }
}
fragment S on Node {
  __typename id
  ...R
  ... on AccessRequest { requestStatus: status purpose refusalReason decisionNote requesterUnit { id } grant { id active } resource { ...R } }
  ... on AccessGrant { active revokedAt revocationReason granteeUnit { id } resource { ...R } }
  ... on FriendshipRelation { relationKind: kind relationStatus: status notes liaisonUnit { id } }
  ... on Account { displayName email role accountKind: kind unit { id } }
}`;
const ACTIVITY = `${FRAGMENTS}
fragment A on Activity {
  id position verb subjectType subjectId subjectTitle tier occurredAt
  countries { code } localities { id } relations { id } actorUnit { id } actorAccount { id displayName }
  subject { ...S }
}`;
const FEED = `subscription($after: String, $filter: ActivityFilter) { activityFeed(after: $after, filter: $filter) { cursor activity { ...A } } } ${ACTIVITY}`;
/** The activities after a cursor as the caller sees them, and node(id) of the given subjects. */
const crossCheckQuery = (ids: string[]) => `query($after: String) {
  activities(after: $after, first: 5, orderBy: OLDEST_FIRST) { edges { cursor node { ...A } } }
  ${ids.map((id, i) => `n${i}: node(id: ${JSON.stringify(id)}) { ...S }`).join(' ')}
} ${ACTIVITY}`;
const APPENDED = `query($after: String) { activities(after: $after, first: 5, orderBy: OLDEST_FIRST) { edges { cursor node { position verb subjectId } } } }`;

type StepKind = 'resource' | 'access' | 'public' | 'members';
interface Step {
  label: string;
  kind: StepKind;
  key?: Key;
  /** The applying or granted unit of an access activity. */
  party?: Who;
  verb: string;
  /** The activities the change appended (one expected), as a hub admin reads them. */
  appended: Array<{ cursor: string; position: string; verb: string; subjectId: string }>;
  position: string;
  /** The resources as they were when the change was delivered. */
  snap: Snapshot;
  expected: Who[];
  /** What each receiver's socket delivered for this change, what HTTP returned, node(id) of each subject. */
  socket: Record<Who, FeedEvent[]>;
  http: Record<Who, Array<{ cursor: string; node: FeedEvent['activity'] }>>;
  nodes: Record<Who, unknown[]>;
}

let hub: TestHub;
const headers = {} as Record<Who, Record<string, string>>;
const unitIds = {} as Record<Who, string>;
const subscribers = {} as Record<Who, FeedSubscriber>;
const model: Partial<Record<Key, ResourceState & { id: string; version: number }>> = {};
const keyOfId = new Map<string, Key>();
const steps: Step[] = [];
/** The cursor and position of the newest activity before the next change. */
let cursor: string;
let lastPosition: string;
let places: { reykjavik: string; xian: string; kyotoRelation: string };

async function gql(who: Who, query: string, variables: Record<string, unknown> = {}) {
  const response = await hub.gql(query, variables, headers[who]);
  if (response.errors) throw new Error(`${who}: ${JSON.stringify(response.errors)}`);
  return response.data;
}

const position = (event: { activity: { position: string } }) => BigInt(event.activity.position);
const inWindow = (from: string, to: string) => (event: FeedEvent) => position(event) > BigInt(from) && position(event) <= BigInt(to);
const snapshot = (): Snapshot =>
  Object.fromEntries(Object.entries(model).map(([key, r]) => [key, { tier: r!.tier, status: r!.status, n: r!.n, grants: [...r!.grants] }]));

async function waitUntil(done: () => boolean, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!done() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
}

/**
 * Runs one change, waits until the receivers the rules name got it on their sockets, then for
 * every receiver reads the change's activities and node(id) of its subject over HTTP (waiting
 * for any event HTTP shows that the socket has not delivered yet), all before the next change
 * can alter what the receivers may read.
 */
async function step(label: string, kind: StepKind, verb: string, change: () => Promise<void>, options: { key?: Key; party?: Who } = {}) {
  const before = cursor;
  const from = lastPosition;
  await change();
  const appended: Step['appended'] = (await gql('hubAdmin', APPENDED, { after: before })).activities.edges.map(
    (edge: { cursor: string; node: { position: string; verb: string; subjectId: string } }) => ({ cursor: edge.cursor, ...edge.node }),
  );
  if (!appended.length) throw new Error(`${label}: no activity was appended`);
  cursor = appended.at(-1)!.cursor;
  const last = (lastPosition = appended.at(-1)!.position);
  const snap = snapshot();
  const expected = WHO.filter((who) => {
    if (kind === 'public') return true;
    if (kind === 'members') return who !== 'anonymous';
    if (kind === 'access') return ownerSide(who) || who === options.party;
    return visible(who, snap[options.key!]!);
  });
  const record: Step = {
    label,
    kind,
    verb,
    ...options,
    appended,
    position: appended[0].position,
    snap,
    expected,
    socket: {} as Step['socket'],
    http: {} as Step['http'],
    nodes: {} as Step['nodes'],
  };
  const delivered = (who: Who, positions: string[]) => positions.every((p) => subscribers[who].events.some((event) => event.activity.position === p));
  await Promise.all(expected.map((who) => waitUntil(() => delivered(who, [record.position]), 2000)));
  const subjects = [...new Set(appended.map((activity) => activity.subjectId))];
  await Promise.all(
    WHO.map(async (who) => {
      const data = await gql(who, crossCheckQuery(subjects), { after: before });
      const http = data.activities.edges.filter((edge: { node: { position: string } }) => BigInt(edge.node.position) <= BigInt(last));
      await waitUntil(() => delivered(who, http.map((edge: { node: { position: string } }) => edge.node.position)), 2000);
      const got = subscribers[who].events.filter(inWindow(from, last));
      record.http[who] = http;
      record.socket[who] = got;
      record.nodes[who] = got.map((event) => data[`n${subjects.indexOf(event.activity.subjectId as string)}`]);
    }),
  );
  steps.push(record);
}

// The changes, through the API as a member unit would make them.
const resourceFields = `resource { id version }`;
async function contribute(key: Key, tier: Tier, publish: boolean) {
  const data = await gql(
    'ownerEditor',
    `mutation($input: ContributeResourceInput!) { contributeResource(input: $input) { ${resourceFields} } }`,
    {
      input: {
        kind: 'DATASET',
        tier,
        publish,
        titleEn: title(key),
        summaryEn: summary(key, 1),
        tags: ['feed-matrix'],
        countries: ['IS'],
        foreignLocalities: [places.reykjavik],
        domesticLocality: places.xian,
        relations: [places.kyotoRelation],
        notSharedBasis: tier === 'NOT_SHARED' ? NOT_SHARED_BASIS : undefined,
        ...content(key, 1),
      },
    },
  );
  const { id, version } = data.contributeResource.resource;
  model[key] = { id, version, tier, status: publish ? 'PUBLISHED' : 'DRAFT', n: 1, grants: [] };
  keyOfId.set(id, key);
}
async function update(key: Key, changes: { tier?: Tier } = {}) {
  const r = model[key]!;
  const n = r.n + 1;
  const data = await gql('ownerEditor', `mutation($input: UpdateResourceInput!) { updateResource(input: $input) { ${resourceFields} } }`, {
    input: {
      id: r.id,
      expectedVersion: r.version,
      summaryEn: summary(key, n),
      ...content(key, n),
      ...(changes.tier ? { tier: changes.tier, notSharedBasis: changes.tier === 'NOT_SHARED' ? NOT_SHARED_BASIS : undefined } : {}),
    },
  });
  Object.assign(r, { n, version: data.updateResource.resource.version, tier: changes.tier ?? r.tier });
}
async function publish(key: Key) {
  const r = model[key]!;
  const data = await gql('ownerEditor', `mutation($input: PublishResourceInput!) { publishResource(input: $input) { ${resourceFields} } }`, {
    input: { id: r.id, expectedVersion: r.version },
  });
  Object.assign(r, { status: 'PUBLISHED', version: data.publishResource.resource.version });
}
async function withdraw(key: Key) {
  const r = model[key]!;
  const data = await gql('ownerEditor', `mutation($input: WithdrawResourceInput!) { withdrawResource(input: $input) { ${resourceFields} } }`, {
    input: { id: r.id, expectedVersion: r.version, reason: 'Superseded by a newer survey.' },
  });
  Object.assign(r, { status: 'WITHDRAWN', version: data.withdrawResource.resource.version });
}
async function requestAccess(who: Who, key: Key): Promise<string> {
  const data = await gql(who, `mutation($input: RequestAccessInput!) { requestAccess(input: $input) { request { id } } }`, {
    input: { resource: model[key]!.id, purpose: `The ${who} unit plans a joint glacier programme.` },
  });
  return data.requestAccess.request.id;
}

beforeAll(async () => {
  // graphql-armor counts each fragment as a level: this selection needs more than the default 10.
  hub = await startTestHub({}, { GRAPHQL_MAX_DEPTH: '20' });
  headers.anonymous = {};
  for (const [who, options] of Object.entries(CALLERS)) {
    const identity = await createIdentity(hub.databaseUrl, options);
    headers[who as Who] = identity.headers;
    unitIds[who as Who] = globalId('MemberUnit', identity.unitId);
  }
  places = {
    reykjavik: globalId('Locality', await localityId(hub.databaseUrl, { name: 'Reykjavík', country: 'IS' })),
    xian: globalId('Locality', await localityId(hub.databaseUrl, { gbCode: '610100' })),
    kyotoRelation: globalId('FriendshipRelation', await relationId(hub.databaseUrl, '610100', 'Kyoto')),
  };

  // A first activity gives every subscriber the same starting cursor, so none misses a change
  // made before its subscription was set up on the server (it replays from the cursor).
  await gql('hubAdmin', `mutation($input: CreateAccountInput!) { createAccount(input: $input) { account { id } } }`, {
    input: { unit: unitIds.hubAdmin, role: 'VIEWER', displayName: 'Wall screen, before the feed' },
  });
  const [start] = (await gql('hubAdmin', `{ activities(first: 1) { edges { cursor node { position } } } }`)).activities.edges;
  cursor = start.cursor;
  lastPosition = start.node.position;
  for (const who of WHO) subscribers[who] = subscribeFeed({ url: hub.url, headers: headers[who], after: cursor, query: FEED });

  const r = (key: Key) => ({ key });
  await step('PUBLIC resource contributed', 'resource', 'RESOURCE_CONTRIBUTED', () => contribute('pub', 'PUBLIC', true), r('pub'));
  await step('UNCONDITIONAL resource contributed', 'resource', 'RESOURCE_CONTRIBUTED', () => contribute('unc', 'UNCONDITIONAL', true), r('unc'));
  await step('CONDITIONAL resource contributed', 'resource', 'RESOURCE_CONTRIBUTED', () => contribute('cond', 'CONDITIONAL', true), r('cond'));
  await step('second CONDITIONAL resource contributed', 'resource', 'RESOURCE_CONTRIBUTED', () => contribute('cond2', 'CONDITIONAL', true), r('cond2'));
  await step('NOT_SHARED resource contributed', 'resource', 'RESOURCE_CONTRIBUTED', () => contribute('ns', 'NOT_SHARED', true), r('ns'));
  await step('PUBLIC resource (to be withdrawn) contributed', 'resource', 'RESOURCE_CONTRIBUTED', () => contribute('wd', 'PUBLIC', true), r('wd'));
  await step('PUBLIC draft contributed', 'resource', 'RESOURCE_CONTRIBUTED', () => contribute('draft', 'PUBLIC', false), r('draft'));
  await step('draft updated', 'resource', 'RESOURCE_UPDATED', () => update('draft'), r('draft'));
  await step('NOT_SHARED resource updated', 'resource', 'RESOURCE_UPDATED', () => update('ns'), r('ns'));
  await step('relation proposed by a hub admin', 'public', 'RELATION_PROPOSED', async () => {
    await gql('hubAdmin', `mutation($input: ProposeRelationInput!) { proposeRelation(input: $input) { relation { id } } }`, {
      input: { domesticLocality: places.xian, foreignLocality: places.reykjavik, kind: 'FRIENDLY_EXCHANGE', note: 'Glacier research ties.' },
    });
  });
  await step('account created in the owner unit', 'members', 'ACCOUNT_CREATED', async () => {
    await gql('hubAdmin', `mutation($input: CreateAccountInput!) { createAccount(input: $input) { account { id } } }`, {
      input: { unit: unitIds.ownerEditor, role: 'EDITOR', displayName: 'Glacier data steward', email: 'steward.feed-matrix@example.org' },
    });
  });

  let granteeRequest = '';
  await step('grantee applies for the CONDITIONAL resource', 'access', 'ACCESS_REQUESTED', async () => void (granteeRequest = await requestAccess('grantee', 'cond')), {
    key: 'cond',
    party: 'grantee',
  });
  let granteeGrant = '';
  await step(
    'owner approves the request',
    'access',
    'ACCESS_GRANTED',
    async () => {
      const data = await gql('ownerEditor', `mutation($input: ApproveAccessRequestInput!) { approveAccessRequest(input: $input) { grant { id } } }`, {
        input: { request: granteeRequest },
      });
      granteeGrant = data.approveAccessRequest.grant.id;
      model.cond!.grants.push('grantee');
    },
    { key: 'cond', party: 'grantee' },
  );
  await step('applicant applies (stays pending)', 'access', 'ACCESS_REQUESTED', async () => void (await requestAccess('applicant', 'cond')), {
    key: 'cond',
    party: 'applicant',
  });
  let refusedRequest = '';
  await step('other editor applies', 'access', 'ACCESS_REQUESTED', async () => void (refusedRequest = await requestAccess('otherEditor', 'cond')), {
    key: 'cond',
    party: 'otherEditor',
  });
  await step(
    'owner refuses it',
    'access',
    'ACCESS_REFUSED',
    async () => {
      await gql('ownerEditor', `mutation($input: RefuseAccessRequestInput!) { refuseAccessRequest(input: $input) { request { id } } }`, {
        input: { request: refusedRequest, reason: 'The programme is not within the data licence.' },
      });
    },
    { key: 'cond', party: 'otherEditor' },
  );
  await step(
    'hub admin grants the second CONDITIONAL resource to the grantee directly',
    'access',
    'ACCESS_GRANTED',
    async () => {
      await gql('hubAdmin', `mutation($input: GrantAccessInput!) { grantAccess(input: $input) { grant { id } } }`, {
        input: { resource: model.cond2!.id, unit: unitIds.grantee },
      });
      model.cond2!.grants.push('grantee');
    },
    { key: 'cond2', party: 'grantee' },
  );
  await step('CONDITIONAL resource updated (grant in force)', 'resource', 'RESOURCE_UPDATED', () => update('cond'), r('cond'));
  await step('second CONDITIONAL resource updated (grant in force)', 'resource', 'RESOURCE_UPDATED', () => update('cond2'), r('cond2'));
  await step('UNCONDITIONAL resource updated', 'resource', 'RESOURCE_UPDATED', () => update('unc'), r('unc'));
  await step('PUBLIC resource withdrawn', 'resource', 'RESOURCE_WITHDRAWN', () => withdraw('wd'), r('wd'));
  // Every receiver gets this one: all have judged the draft's earlier activities before it is published.
  await step('PUBLIC resource updated', 'resource', 'RESOURCE_UPDATED', () => update('pub'), r('pub'));
  await step('draft published', 'resource', 'RESOURCE_PUBLISHED', () => publish('draft'), r('draft'));
  await step(
    "owner revokes the grantee's grant while it is subscribed",
    'access',
    'ACCESS_REVOKED',
    async () => {
      await gql('ownerEditor', `mutation($input: RevokeAccessGrantInput!) { revokeAccessGrant(input: $input) { grant { id } } }`, {
        input: { grant: granteeGrant, reason: 'The joint programme ended.' },
      });
      model.cond!.grants = [];
    },
    { key: 'cond', party: 'grantee' },
  );
  await step('CONDITIONAL resource updated (grant revoked)', 'resource', 'RESOURCE_UPDATED', () => update('cond'), r('cond'));
  await step('second CONDITIONAL resource made NOT_SHARED', 'resource', 'RESOURCE_UPDATED', () => update('cond2', { tier: 'NOT_SHARED' }), r('cond2'));
  await step('the now NOT_SHARED resource updated', 'resource', 'RESOURCE_UPDATED', () => update('cond2'), r('cond2'));
  // Every receiver gets the last change: by then each has judged every earlier one.
  await step('PUBLIC resource updated (last change)', 'resource', 'RESOURCE_UPDATED', () => update('pub'), r('pub'));
}, 120_000);

afterAll(async () => {
  await Promise.all(Object.values(subscribers).map((subscriber) => subscriber.close()));
  await hub?.stop();
});

/** Every object in a payload, depth first. */
function* objects(value: unknown): Generator<Record<string, any>> {
  if (Array.isArray(value)) for (const item of value) yield* objects(item);
  else if (value && typeof value === 'object') {
    yield value as Record<string, any>;
    for (const item of Object.values(value)) yield* objects(item);
  }
}

/**
 * What an event (or node(id) answer) shows `who` beyond what it may read in the state `snap`:
 * resources it may not see, content it may not read, wrong content, a NOT_SHARED basis, the
 * words of hidden titles and content anywhere in it.
 */
function overreach(who: Who, snap: Snapshot, payload: unknown): string[] {
  const problems: string[] = [];
  for (const object of objects(payload)) {
    if (object.__typename !== 'SharedResource') continue;
    const key = keyOfId.get(object.id);
    const state = key && snap[key];
    if (!key || !state) {
      problems.push(`an unknown resource ${object.id}`);
      continue;
    }
    if (!visible(who, state)) problems.push(`${key} (${state.tier}, ${state.status}), which it may not see`);
    const canRead = readable(who, state);
    if (object.contentReadable !== canRead || object.access?.contentReadable !== canRead) {
      problems.push(`${key} with contentReadable ${object.contentReadable} / access.contentReadable ${object.access?.contentReadable}, expected ${canRead}`);
    }
    const shown = { bodyEn: object.bodyEn, bodyZh: object.bodyZh, contact: object.contact, links: object.links, attachments: object.attachments };
    const { bodyEn, bodyZh, contact, links, attachments } = content(key, state.n);
    const wanted = canRead ? { bodyEn, bodyZh, contact, links, attachments } : { bodyEn: null, bodyZh: null, contact: null, links: null, attachments: null };
    if (JSON.stringify(shown) !== JSON.stringify(wanted) || object.body !== wanted.bodyEn) {
      problems.push(`${key}'s content ${canRead ? 'not as stored' : 'although it may not read it'}: ${JSON.stringify(shown).slice(0, 160)}`);
    }
    if (object.titleEn !== title(key) || object.summaryEn !== summary(key, state.n)) {
      problems.push(`${key}'s catalogue entry wrong: ${JSON.stringify([object.titleEn, object.summaryEn])}`);
    }
    if (object.notSharedBasis !== null && !ownerSide(who)) problems.push(`${key}'s NOT_SHARED basis`);
  }
  const text = JSON.stringify(payload);
  for (const [key, state] of Object.entries(snap) as Array<[Key, ResourceState]>) {
    if (!visible(who, state) && text.includes(titleWord(key))) problems.push(`the title of ${key}, which it may not see`);
    if (!readable(who, state) && text.includes(contentWord(key))) problems.push(`content of ${key}, which it may not read`);
  }
  return problems;
}

const got = (who: Who, s: Step) => s.socket[who].length > 0;
const describeStep = (s: Step) => `"${s.label}" (${s.verb} at ${s.position})`;

/** For the given steps: receivers that missed an event they should get, or got one they should not. */
function deliveryProblems(selected: Step[]): string[] {
  const problems: string[] = [];
  for (const s of selected) {
    for (const who of WHO) {
      if (s.expected.includes(who) && !got(who, s)) problems.push(`${who} missed ${describeStep(s)}`);
      if (!s.expected.includes(who) && got(who, s)) problems.push(`${who} got ${describeStep(s)}`);
    }
  }
  return problems;
}

describe('the activity feed under the permission matrix', () => {
  it('records each change as one activity with its verb', () => {
    expect(steps.length).toBe(28);
    expect(steps.map((s) => `${s.label}: ${s.appended.map((a) => a.verb).join(', ')}`)).toEqual(steps.map((s) => `${s.label}: ${s.verb}`));
  });

  it('each receiver gets exactly the activities it may see, once each, in position order, on one socket', () => {
    const problems: string[] = [];
    for (const who of WHO) {
      const { events, errors, closeCodes } = subscribers[who];
      const received = events.map((event) => event.activity.position);
      const wanted = steps.filter((s) => s.expected.includes(who)).map((s) => s.position);
      if (JSON.stringify(received) !== JSON.stringify(wanted)) {
        const extra = steps.filter((s) => received.includes(s.position) && !wanted.includes(s.position)).map(describeStep);
        const missed = steps.filter((s) => wanted.includes(s.position) && !received.includes(s.position)).map(describeStep);
        problems.push(`${who}: got ${received.length} of ${wanted.length}; extra [${extra.join('; ')}]; missed [${missed.join('; ')}]`);
      }
      if (errors.length) problems.push(`${who}: errors ${JSON.stringify(errors).slice(0, 300)}`);
      if (closeCodes.length) problems.push(`${who}: socket closed with ${closeCodes.join(', ')}`);
    }
    expect(problems).toEqual([]);
  });

  it('no event carries a resource, a title or content its receiver may not read at delivery', () => {
    const problems: string[] = [];
    for (const s of steps) {
      for (const who of WHO) {
        for (const event of s.socket[who]) for (const problem of overreach(who, s.snap, event)) problems.push(`${who} got, with ${describeStep(s)}, ${problem}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('anonymous subscribers get only activities about PUBLIC resources and public relations, without actor accounts', () => {
    const anonymous = steps.filter((s) => got('anonymous', s));
    expect(anonymous.map((s) => s.label)).toEqual(steps.filter((s) => s.expected.includes('anonymous')).map((s) => s.label));
    for (const s of anonymous) {
      for (const event of s.socket.anonymous) {
        const { activity } = event;
        if (activity.subjectType === 'SharedResource') expect(activity.tier, describeStep(s)).toBe('PUBLIC');
        else expect(activity.subjectType, describeStep(s)).toBe('FriendshipRelation');
        expect(activity.actorAccount, describeStep(s)).toBeNull();
        if (activity.subject) expect(activity.subject.contentReadable ?? true, describeStep(s)).toBe(true);
      }
    }
    expect(anonymous.length).toBeGreaterThan(0);
  });

  it('CONDITIONAL resources reach every member as catalogue entries, with content only for the owner unit, hub admins and granted units', () => {
    const conditional = steps.filter((s) => s.kind === 'resource' && s.snap[s.key!]!.tier === 'CONDITIONAL');
    expect(conditional.length).toBe(5);
    expect(deliveryProblems(conditional)).toEqual([]);
    const problems: string[] = [];
    for (const s of conditional) {
      for (const who of MEMBERS) {
        const subject = s.socket[who][0]?.activity.subject as Record<string, any> | undefined;
        if (!subject) continue;
        const withContent = ownerSide(who) || s.snap[s.key!]!.grants.includes(who);
        const shown = `${who} with ${describeStep(s)}`;
        if (subject.titleEn !== title(s.key!) || subject.summaryEn !== summary(s.key!, s.snap[s.key!]!.n)) problems.push(`${shown}: no catalogue entry`);
        if (subject.contentReadable !== withContent || (subject.bodyEn !== null) !== withContent) {
          problems.push(`${shown}: contentReadable ${subject.contentReadable}, bodyEn ${JSON.stringify(subject.bodyEn)}`);
        }
      }
    }
    expect(problems).toEqual([]);
    // The grantee did read content through the feed while its grants were in force.
    expect(conditional.some((s) => s.socket.grantee[0]?.activity.subject?.contentReadable === true)).toBe(true);
  });

  it('nothing of a NOT_SHARED, draft or withdrawn resource reaches another unit; the owner unit and hub admins get it', () => {
    const hidden = steps.filter((s) => s.kind === 'resource' && (s.snap[s.key!]!.tier === 'NOT_SHARED' || s.snap[s.key!]!.status !== 'PUBLISHED'));
    expect(hidden.map((s) => s.label)).toEqual([
      'NOT_SHARED resource contributed',
      'PUBLIC draft contributed',
      'draft updated',
      'NOT_SHARED resource updated',
      'PUBLIC resource withdrawn',
      'second CONDITIONAL resource made NOT_SHARED',
      'the now NOT_SHARED resource updated',
    ]);
    for (const s of hidden) expect(s.expected, s.label).toEqual(OWNER_SIDE);
    expect(deliveryProblems(hidden)).toEqual([]);
  });

  it('access activities reach only the owner unit, the applying or granted unit and hub admins', () => {
    const access = steps.filter((s) => s.kind === 'access');
    expect(access.length).toBe(7);
    expect(deliveryProblems(access)).toEqual([]);
  });

  it('a revoked grant takes the content out of the very next event on the same socket', () => {
    const events = subscribers.grantee.events;
    const revoked = events.findIndex((event) => event.activity.verb === 'ACCESS_REVOKED');
    expect(revoked, 'the grantee got the revocation').toBeGreaterThanOrEqual(0);
    const before = events.slice(0, revoked).filter((event) => event.activity.subjectId === model.cond!.id && event.activity.verb === 'RESOURCE_UPDATED').at(-1);
    expect(before?.activity.subject).toMatchObject({ contentReadable: true, bodyEn: content('cond', 2).bodyEn });
    const next = events[revoked + 1];
    expect(next?.activity).toMatchObject({ verb: 'RESOURCE_UPDATED', subjectId: model.cond!.id, subjectTitle: title('cond') });
    expect(next.activity.subject).toMatchObject({
      summaryEn: summary('cond', 3),
      contentReadable: false,
      body: null,
      bodyEn: null,
      bodyZh: null,
      contact: null,
      links: null,
      attachments: null,
      access: { state: 'REVOKED', contentReadable: false },
    });
    expect(subscribers.grantee.reconnects()).toBe(0);
    expect(subscribers.grantee.closeCodes).toEqual([]);
  });

  it('a CONDITIONAL resource made NOT_SHARED stops reaching other units from that change on', () => {
    const cond2 = model.cond2!.id;
    const change = steps.find((s) => s.label === 'second CONDITIONAL resource made NOT_SHARED')!;
    for (const who of WHO) {
      const later = subscribers[who].events.filter((event) => event.activity.subjectId === cond2 && BigInt(event.activity.position) >= BigInt(change.position));
      expect(later.map((event) => event.activity.verb), who).toEqual(ownerSide(who) ? ['RESOURCE_UPDATED', 'RESOURCE_UPDATED'] : []);
    }
    // Before the change the other members did get it, so the silence is the tier's doing.
    const earlier = steps.find((s) => s.label === 'second CONDITIONAL resource updated (grant in force)')!;
    for (const who of ['grantee', 'otherEditor', 'applicant', 'service'] as Who[]) expect(got(who, earlier), who).toBe(true);
  });

  it('every event equals what activities and node(id) return over HTTP for the same identity at that moment', () => {
    const problems: string[] = [];
    for (const s of steps) {
      for (const who of WHO) {
        const socket = s.socket[who].map((event) => ({ cursor: event.cursor, node: event.activity }));
        if (JSON.stringify(socket) !== JSON.stringify(s.http[who])) {
          problems.push(
            `${who}, ${describeStep(s)}: socket ${JSON.stringify(socket.map((e) => e.node.position))} vs activities ${JSON.stringify(s.http[who].map((e) => e.node.position))}` +
              (socket.length && s.http[who].length ? ` (payloads differ: ${firstDifference(socket[0], s.http[who][0])})` : ''),
          );
        }
        s.socket[who].forEach((event, i) => {
          if (JSON.stringify(event.activity.subject) !== JSON.stringify(s.nodes[who][i])) {
            problems.push(`${who}, ${describeStep(s)}: subject differs from node(id): ${firstDifference(event.activity.subject, s.nodes[who][i])}`);
          }
        });
      }
    }
    expect(problems).toEqual([]);
  });
});

/** The first path at which two JSON values differ, for readable failures. */
function firstDifference(a: unknown, b: unknown, path = ''): string {
  if (JSON.stringify(a) === JSON.stringify(b)) return '';
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const found = firstDifference((a as any)[key], (b as any)[key], `${path}.${key}`);
      if (found) return found;
    }
  }
  return `${path || '(root)'}: ${JSON.stringify(a)?.slice(0, 120)} vs ${JSON.stringify(b)?.slice(0, 120)}`;
}
