import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessRequestDueOn } from '../../src/modules/access/working-days';
import { startTestHub, type GraphQLResponse, type TestHub } from '../helpers/hub';
import { createIdentity, type TestIdentity } from '../helpers/identities';
import { globalId, insertResource, withClient, type ResourceFixture } from '../helpers/resources';

let hub: TestHub;
let owner: TestIdentity; // EDITOR of the Department of Commerce, which owns the resources
let ownerViewer: TestIdentity;
let member: TestIdentity; // EDITOR of the Department of Education, which applies
let memberViewer: TestIdentity;
let memberReadOnly: TestIdentity;
let outsider: TestIdentity; // EDITOR of the Department of Culture and Tourism: neither side
let hubAdmin: TestIdentity;

const SECRET = 'The negotiating position of the Department of Commerce.';

beforeAll(async () => {
  hub = await startTestHub();
  const url = hub.databaseUrl;
  [owner, ownerViewer, member, memberViewer, memberReadOnly, outsider, hubAdmin] = await Promise.all([
    createIdentity(url, { unit: '610000-COMMERCE', role: 'EDITOR' }),
    createIdentity(url, { unit: '610000-COMMERCE', role: 'VIEWER' }),
    createIdentity(url, { unit: '610000-EDUCATION', role: 'EDITOR' }),
    createIdentity(url, { unit: '610000-EDUCATION', role: 'VIEWER' }),
    createIdentity(url, { unit: '610000-EDUCATION', role: 'EDITOR', readOnly: true }),
    createIdentity(url, { unit: '610000-CULTURE-TOURISM', role: 'EDITOR' }),
    createIdentity(url, { unit: '610000-FAO', role: 'ADMIN' }),
  ]);
});
afterAll(async () => {
  await hub?.stop();
});

/** A resource of the Department of Commerce, CONDITIONAL and PUBLISHED unless told otherwise. */
async function commerceResource(fixture: Partial<ResourceFixture> = {}) {
  return insertResource(hub.databaseUrl, {
    owner: '610000-COMMERCE',
    tier: 'CONDITIONAL',
    titleEn: 'Investment leads from the Hannover fair',
    bodyEn: SECRET,
    domesticLocality: '610000',
    ...fixture,
  });
}

const REQUEST_FIELDS = `id status purpose dueOn overdue requestedAt decidedAt refusalReason
  requesterUnit { code } requesterAccount { id } decidedBy { id } resource { id } grant { id active }`;
const GRANT_FIELDS = `id active grantedAt expiresAt revokedAt revocationReason granteeUnit { code } request { id status } grantedBy { id } revokedBy { id }`;

const READ_RESOURCE = `query ($id: ID!) {
  node(id: $id) {
    ... on SharedResource {
      id
      bodyEn
      access { state contentReadable howToApply dueOn request { id status refusalReason } grant { id active revocationReason } }
    }
  }
}`;

const REQUEST_ACCESS = `mutation ($input: RequestAccessInput!) {
  requestAccess(input: $input) { request { ${REQUEST_FIELDS} } resource { id access { state dueOn } } }
}`;
const APPROVE = `mutation ($input: ApproveAccessRequestInput!) {
  approveAccessRequest(input: $input) { request { ${REQUEST_FIELDS} } grant { ${GRANT_FIELDS} } }
}`;
const REFUSE = `mutation ($input: RefuseAccessRequestInput!) { refuseAccessRequest(input: $input) { request { ${REQUEST_FIELDS} } } }`;
const CANCEL = `mutation ($input: CancelAccessRequestInput!) { cancelAccessRequest(input: $input) { request { ${REQUEST_FIELDS} } } }`;
const GRANT = `mutation ($input: GrantAccessInput!) { grantAccess(input: $input) { grant { ${GRANT_FIELDS} } request { id status } } }`;
const REVOKE = `mutation ($input: RevokeAccessGrantInput!) { revokeAccessGrant(input: $input) { grant { ${GRANT_FIELDS} } } }`;
const LIST_REQUESTS = `query ($filter: AccessRequestFilter, $orderBy: AccessRequestOrder) {
  accessRequests(filter: $filter, orderBy: $orderBy, first: 100) { totalCount edges { node { ${REQUEST_FIELDS} } } }
}`;
const LIST_GRANTS = `query ($filter: AccessGrantFilter) {
  accessGrants(filter: $filter, first: 100) { totalCount edges { node { ${GRANT_FIELDS} resource { id } } } }
}`;

const PURPOSE = 'To invite the Hannover exhibitors to the Xi’an education fair.';

function ok<T = any>(response: GraphQLResponse<T>): T {
  expect(response.errors).toBeUndefined();
  return response.data as T;
}

function errorOf(response: GraphQLResponse) {
  expect(response.errors?.length).toBeGreaterThan(0);
  return response.errors![0].extensions as { code: string; field?: string; reason?: string };
}

const read = async (resourceId: string, who: TestIdentity | null) =>
  ok(await hub.gql(READ_RESOURCE, { id: resourceId }, who?.headers)).node;

async function request(resourceId: string, who: TestIdentity = member) {
  return ok(await hub.gql(REQUEST_ACCESS, { input: { resource: resourceId, purpose: PURPOSE } }, who.headers)).requestAccess;
}

const nodes = (connection: { edges: Array<{ node: any }> }) => connection.edges.map((edge) => edge.node);

describe('applying for a CONDITIONAL resource', () => {
  it('takes a member from the catalogue entry through a request, an approval and a revocation', async () => {
    const resource = await commerceResource();

    const before = await read(resource.globalId, member);
    expect(before.bodyEn).toBeNull();
    expect(before.access).toMatchObject({ state: 'NOT_REQUESTED', contentReadable: false, request: null, grant: null });
    expect(before.access.howToApply).toMatch(/requestAccess/);
    expect(before.access.howToApply).toMatch(/Department of Commerce of Shaanxi Province should answer within 5 working days/);
    expect(before.access.dueOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    const dueBefore = accessRequestDueOn(new Date(), 5);
    const applied = await request(resource.globalId);
    const dueAfter = accessRequestDueOn(new Date(), 5);
    expect(applied.request).toMatchObject({
      status: 'PENDING',
      purpose: PURPOSE,
      overdue: null,
      requesterUnit: { code: '610000-EDUCATION' },
      requesterAccount: { id: globalId('Account', member.accountId) },
      resource: { id: resource.globalId },
      decidedAt: null,
      grant: null,
    });
    expect([dueBefore, dueAfter]).toContain(applied.request.dueOn);
    expect(applied.resource.access).toEqual({ state: 'PENDING', dueOn: applied.request.dueOn });

    const incoming = ok(await hub.gql(LIST_REQUESTS, { filter: { direction: 'INCOMING' } }, owner.headers)).accessRequests;
    const seen = nodes(incoming).find((node) => node.id === applied.request.id);
    expect(seen).toMatchObject({ status: 'PENDING', dueOn: applied.request.dueOn, overdue: false, purpose: PURPOSE });
    expect(new Date(seen.requestedAt).getTime()).toBeGreaterThan(Date.now() - 60_000);

    const approved = ok(await hub.gql(APPROVE, { input: { request: applied.request.id, note: 'For the fair only.' } }, owner.headers))
      .approveAccessRequest;
    expect(approved.request).toMatchObject({ status: 'APPROVED', decidedBy: { id: globalId('Account', owner.accountId) } });
    expect(approved.request.grant).toEqual({ id: approved.grant.id, active: true });
    expect(approved.grant).toMatchObject({
      active: true,
      expiresAt: null,
      granteeUnit: { code: '610000-EDUCATION' },
      request: { id: applied.request.id, status: 'APPROVED' },
      grantedBy: { id: globalId('Account', owner.accountId) },
    });

    const granted = await read(resource.globalId, member);
    expect(granted.bodyEn).toBe(SECRET);
    expect(granted.access).toMatchObject({ state: 'GRANTED', contentReadable: true, howToApply: null, grant: { id: approved.grant.id, active: true } });
    expect(granted.access.request).toMatchObject({ id: applied.request.id });

    const revoked = ok(await hub.gql(REVOKE, { input: { grant: approved.grant.id, reason: 'The fair is over.' } }, owner.headers))
      .revokeAccessGrant.grant;
    expect(revoked).toMatchObject({ active: false, revocationReason: 'The fair is over.', revokedBy: { id: globalId('Account', owner.accountId) } });
    expect(revoked.revokedAt).not.toBeNull();

    const after = await read(resource.globalId, member);
    expect(after.bodyEn).toBeNull();
    expect(after.access).toMatchObject({ state: 'REVOKED', contentReadable: false, grant: { id: approved.grant.id, active: false } });
    expect(after.access.howToApply).toMatch(/revoked/);
  });

  it('records the content read by the grantee and the decisions in the audit trail', async () => {
    const resource = await commerceResource();
    const applied = await request(resource.globalId);
    ok(await hub.gql(APPROVE, { input: { request: applied.request.id } }, owner.headers));
    expect((await read(resource.globalId, member)).bodyEn).toBe(SECRET);
    const actions = await withClient(hub.databaseUrl, async (client) => {
      const { rows } = await client.query<{ action: string; outcome: string; subject_type: string; subject_owner_unit_id: number }>(
        `select action, outcome, subject_type, subject_owner_unit_id from audit_entry
         where detail->>'resource' = $1 or (subject_type = 'SharedResource' and subject_id = $1) order by id`,
        [String(resource.id)],
      );
      return rows;
    });
    expect(actions).toEqual([
      { action: 'requestAccess', outcome: 'ALLOWED', subject_type: 'SharedResource', subject_owner_unit_id: owner.unitId },
      { action: 'approveAccessRequest', outcome: 'ALLOWED', subject_type: 'AccessRequest', subject_owner_unit_id: owner.unitId },
      { action: 'readContent', outcome: 'ALLOWED', subject_type: 'SharedResource', subject_owner_unit_id: owner.unitId },
    ]);
  });

  it('needs a purpose of 10 to 2,000 characters', async () => {
    const resource = await commerceResource();
    for (const purpose of ['too short', 'x'.repeat(2001)]) {
      const error = errorOf(await hub.gql(REQUEST_ACCESS, { input: { resource: resource.globalId, purpose } }, member.headers));
      expect(error).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.purpose' });
    }
    // Ten Chinese characters are ten characters.
    const chinese = await hub.gql(REQUEST_ACCESS, { input: { resource: resource.globalId, purpose: '用于筹备西安教育展会议' } }, member.headers);
    expect(ok(chinese).requestAccess.request.status).toBe('PENDING');
  });

  it('is CONFLICT for resources the caller reads already, and for a second pending request', async () => {
    const open = await commerceResource({ tier: 'PUBLIC' });
    const unconditional = await commerceResource({ tier: 'UNCONDITIONAL' });
    for (const resource of [open, unconditional]) {
      const error = errorOf(await hub.gql(REQUEST_ACCESS, { input: { resource: resource.globalId, purpose: PURPOSE } }, member.headers));
      expect(error).toMatchObject({ code: 'CONFLICT', reason: 'ALREADY_READABLE' });
      expect((await read(resource.globalId, member)).access).toMatchObject({ state: 'OPEN', contentReadable: true, howToApply: null });
    }
    const conditional = await commerceResource();
    const own = errorOf(await hub.gql(REQUEST_ACCESS, { input: { resource: conditional.globalId, purpose: PURPOSE } }, owner.headers));
    expect(own).toMatchObject({ code: 'CONFLICT', reason: 'OWN_RESOURCE' });
    expect((await read(conditional.globalId, owner)).access).toMatchObject({ state: 'OWNER', contentReadable: true });
    expect((await read(conditional.globalId, hubAdmin)).access).toMatchObject({ state: 'HUB_ADMIN', contentReadable: true });
    const admin = errorOf(await hub.gql(REQUEST_ACCESS, { input: { resource: conditional.globalId, purpose: PURPOSE } }, hubAdmin.headers));
    expect(admin).toMatchObject({ code: 'CONFLICT', reason: 'ALREADY_READABLE' });

    await request(conditional.globalId);
    const twice = errorOf(await hub.gql(REQUEST_ACCESS, { input: { resource: conditional.globalId, purpose: PURPOSE } }, member.headers));
    expect(twice).toMatchObject({ code: 'CONFLICT', reason: 'REQUEST_PENDING' });
  });

  it('lets only one of two simultaneous requests of a unit through', async () => {
    const resource = await commerceResource();
    const input = { resource: resource.globalId, purpose: PURPOSE };
    const responses = await Promise.all([member, member].map((who) => hub.gql(REQUEST_ACCESS, { input }, who.headers)));
    const codes = responses.map((response) => response.errors?.[0]?.extensions?.code ?? 'OK').sort();
    expect(codes).toEqual(['CONFLICT', 'OK']);
  });

  it('is CONFLICT while the unit holds a grant', async () => {
    const resource = await commerceResource();
    ok(await hub.gql(GRANT, { input: { resource: resource.globalId, unit: globalId('MemberUnit', member.unitId) } }, owner.headers));
    const error = errorOf(await hub.gql(REQUEST_ACCESS, { input: { resource: resource.globalId, purpose: PURPOSE } }, member.headers));
    expect(error).toMatchObject({ code: 'CONFLICT', reason: 'ALREADY_GRANTED' });
  });

  it('answers NOT_SHARED, unpublished and missing resources with the same NOT_FOUND', async () => {
    const notShared = await commerceResource({ tier: 'NOT_SHARED' });
    const draft = await commerceResource({ status: 'DRAFT' });
    const withdrawn = await commerceResource({ status: 'WITHDRAWN' });
    const missing = globalId('SharedResource', 2_000_000_000);
    for (const id of [notShared.globalId, draft.globalId, withdrawn.globalId, missing]) {
      const response = await hub.gql(REQUEST_ACCESS, { input: { resource: id, purpose: PURPOSE } }, member.headers);
      expect(errorOf(response)).toMatchObject({ code: 'NOT_FOUND', field: 'input.resource' });
      expect(response.errors![0].message).toBe(`No shared resource has the ID "${id}".`);
    }
  });

  it('is for signed-in EDITORs and ADMINs with a token that may write', async () => {
    const resource = await commerceResource();
    const input = { resource: resource.globalId, purpose: PURPOSE };
    expect(errorOf(await hub.gql(REQUEST_ACCESS, { input })).code).toBe('UNAUTHENTICATED');
    expect(errorOf(await hub.gql(REQUEST_ACCESS, { input }, memberViewer.headers))).toMatchObject({ code: 'FORBIDDEN', reason: 'ROLE_TOO_LOW' });
    expect(errorOf(await hub.gql(REQUEST_ACCESS, { input }, memberReadOnly.headers))).toMatchObject({ code: 'FORBIDDEN', reason: 'READ_ONLY_TOKEN' });

    // A VIEWER is told to ask an editor.
    const seen = await read(resource.globalId, memberViewer);
    expect(seen.access.state).toBe('NOT_REQUESTED');
    expect(seen.access.howToApply).toMatch(/^Ask an EDITOR or ADMIN of your unit to apply/);
  });

  it('shows anonymous callers PUBLIC resources as OPEN and nothing else of access', async () => {
    const open = await commerceResource({ tier: 'PUBLIC' });
    expect((await read(open.globalId, null)).access).toMatchObject({ state: 'OPEN', contentReadable: true, howToApply: null });
    expect(errorOf(await hub.gql(LIST_REQUESTS, {})).code).toBe('UNAUTHENTICATED');
    expect(errorOf(await hub.gql(LIST_GRANTS, {})).code).toBe('UNAUTHENTICATED');
  });
});

describe('deciding on requests', () => {
  it('refuses only with a reason, which the requesting unit then sees', async () => {
    const resource = await commerceResource();
    const applied = await request(resource.globalId);
    const blank = errorOf(await hub.gql(REFUSE, { input: { request: applied.request.id, reason: '   ' } }, owner.headers));
    expect(blank).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.reason' });

    const reason = 'The leads are reserved for the investment bureau until March.';
    const refused = ok(await hub.gql(REFUSE, { input: { request: applied.request.id, reason } }, owner.headers)).refuseAccessRequest.request;
    expect(refused).toMatchObject({ status: 'REFUSED', refusalReason: reason, grant: null });

    const seen = await read(resource.globalId, member);
    expect(seen.bodyEn).toBeNull();
    expect(seen.access).toMatchObject({ state: 'REFUSED', contentReadable: false, request: { id: applied.request.id, refusalReason: reason } });
    expect(seen.access.howToApply).toMatch(/refused/);

    const outgoing = ok(await hub.gql(LIST_REQUESTS, { filter: { direction: 'OUTGOING', status: ['REFUSED'] } }, member.headers));
    expect(nodes(outgoing.accessRequests).find((node) => node.id === applied.request.id)).toMatchObject({ refusalReason: reason, overdue: null });

    // A refused unit may apply again.
    expect((await request(resource.globalId)).request.status).toBe('PENDING');
  });

  it('is CONFLICT on a request that is no longer pending, such as approving twice', async () => {
    const resource = await commerceResource();
    const applied = await request(resource.globalId);
    ok(await hub.gql(APPROVE, { input: { request: applied.request.id } }, owner.headers));
    const again = errorOf(await hub.gql(APPROVE, { input: { request: applied.request.id } }, owner.headers));
    expect(again).toMatchObject({ code: 'CONFLICT', reason: 'REQUEST_NOT_PENDING' });
    const refuse = errorOf(await hub.gql(REFUSE, { input: { request: applied.request.id, reason: 'Changed our mind.' } }, owner.headers));
    expect(refuse).toMatchObject({ code: 'CONFLICT', reason: 'REQUEST_NOT_PENDING' });
    const cancel = errorOf(await hub.gql(CANCEL, { input: { request: applied.request.id } }, member.headers));
    expect(cancel).toMatchObject({ code: 'CONFLICT', reason: 'REQUEST_NOT_PENDING' });
    // Nothing of the failed attempts was stored: still one grant.
    const grants = ok(await hub.gql(LIST_GRANTS, { filter: { resource: resource.globalId } }, owner.headers)).accessGrants;
    expect(grants.totalCount).toBe(1);
  });

  it('lets only the owner unit’s EDITORs and ADMINs and hub admins decide', async () => {
    const resource = await commerceResource();
    const applied = await request(resource.globalId);
    const input = { request: applied.request.id };
    expect(errorOf(await hub.gql(APPROVE, { input })).code).toBe('UNAUTHENTICATED');
    expect(errorOf(await hub.gql(APPROVE, { input }, member.headers))).toMatchObject({ code: 'FORBIDDEN', reason: 'OWNER_ONLY' });
    expect(errorOf(await hub.gql(APPROVE, { input }, ownerViewer.headers))).toMatchObject({ code: 'FORBIDDEN', reason: 'ROLE_TOO_LOW' });
    // A unit that is no party to the request cannot tell it exists.
    const hidden = await hub.gql(APPROVE, { input }, outsider.headers);
    expect(errorOf(hidden)).toMatchObject({ code: 'NOT_FOUND', field: 'input.request' });
    const missing = globalId('AccessRequest', 2_000_000_000);
    const missingResponse = await hub.gql(APPROVE, { input: { request: missing } }, owner.headers);
    expect(missingResponse.errors![0].message).toBe(`No access request has the ID "${missing}".`);
    expect(hidden.errors![0].message).toBe(`No access request has the ID "${applied.request.id}".`);

    const denied = await withClient(hub.databaseUrl, async (client) => {
      const { rows } = await client.query(
        `select outcome, error_code, subject_owner_unit_id from audit_entry where action = 'approveAccessRequest' and subject_id = $1 and unit_id = $2`,
        [String(Buffer.from(applied.request.id, 'base64url').toString().split(':')[1]), member.unitId],
      );
      return rows;
    });
    expect(denied).toEqual([{ outcome: 'DENIED', error_code: 'FORBIDDEN', subject_owner_unit_id: owner.unitId }]);

    const byAdmin = ok(await hub.gql(APPROVE, { input }, hubAdmin.headers)).approveAccessRequest;
    expect(byAdmin.request).toMatchObject({ status: 'APPROVED', decidedBy: { id: globalId('Account', hubAdmin.accountId) } });
  });

  it('approves a request once when two approvals race', async () => {
    const resource = await commerceResource();
    const applied = await request(resource.globalId);
    const input = { request: applied.request.id };
    const responses = await Promise.all([owner, hubAdmin].map((who) => hub.gql(APPROVE, { input }, who.headers)));
    const codes = responses.map((response) => response.errors?.[0]?.extensions?.code ?? 'OK').sort();
    expect(codes).toEqual(['CONFLICT', 'OK']);
    const grants = ok(await hub.gql(LIST_GRANTS, { filter: { resource: resource.globalId } }, owner.headers)).accessGrants;
    expect(grants.totalCount).toBe(1);
  });

  it('approves with an expiry in the future only', async () => {
    const resource = await commerceResource();
    const applied = await request(resource.globalId);
    const past = errorOf(await hub.gql(APPROVE, { input: { request: applied.request.id, expiresAt: '2020-01-01T00:00:00Z' } }, owner.headers));
    expect(past).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.expiresAt' });
    const expiresAt = new Date(Date.now() + 30 * 86_400_000).toISOString();
    const approved = ok(await hub.gql(APPROVE, { input: { request: applied.request.id, expiresAt } }, owner.headers)).approveAccessRequest;
    expect(new Date(approved.grant.expiresAt).toISOString()).toBe(expiresAt);
  });

  it('lets the requesting unit, and only it, cancel a pending request', async () => {
    const resource = await commerceResource();
    const applied = await request(resource.globalId);
    const input = { request: applied.request.id };
    expect(errorOf(await hub.gql(CANCEL, { input }, owner.headers))).toMatchObject({ code: 'FORBIDDEN', reason: 'REQUESTER_ONLY' });
    expect(errorOf(await hub.gql(CANCEL, { input }, memberViewer.headers))).toMatchObject({ code: 'FORBIDDEN', reason: 'ROLE_TOO_LOW' });
    expect(errorOf(await hub.gql(CANCEL, { input }, outsider.headers)).code).toBe('NOT_FOUND');
    const cancelled = ok(await hub.gql(CANCEL, { input }, member.headers)).cancelAccessRequest.request;
    expect(cancelled).toMatchObject({ status: 'CANCELLED', decidedBy: { id: globalId('Account', member.accountId) } });
    expect((await read(resource.globalId, member)).access.state).toBe('NOT_REQUESTED');
    expect(errorOf(await hub.gql(CANCEL, { input }, member.headers))).toMatchObject({ code: 'CONFLICT', reason: 'REQUEST_NOT_PENDING' });
  });
});

describe('overdue requests', () => {
  it('are flagged to the owner unit and hub admins once the due day has passed in China', async () => {
    const resource = await commerceResource();
    const applied = await request(resource.globalId);
    const id = Number(Buffer.from(applied.request.id, 'base64url').toString().split(':')[1]);
    await withClient(hub.databaseUrl, (client) => client.query(`update access_request set due_on = date '2026-01-05' where id = $1`, [id]));

    const filter = { direction: 'INCOMING', overdue: true, resource: resource.globalId };
    const forOwner = nodes(ok(await hub.gql(LIST_REQUESTS, { filter }, owner.headers)).accessRequests);
    expect(forOwner).toEqual([expect.objectContaining({ id: applied.request.id, overdue: true, dueOn: '2026-01-05' })]);
    const notOverdue = ok(await hub.gql(LIST_REQUESTS, { filter: { ...filter, overdue: false } }, owner.headers)).accessRequests;
    expect(notOverdue.totalCount).toBe(0);

    const forAdmin = nodes(ok(await hub.gql(LIST_REQUESTS, { filter: { ...filter, direction: 'ALL' } }, hubAdmin.headers)).accessRequests);
    expect(forAdmin).toEqual([expect.objectContaining({ id: applied.request.id, overdue: true })]);

    const forRequester = nodes(ok(await hub.gql(LIST_REQUESTS, { filter: { direction: 'OUTGOING', resource: resource.globalId } }, member.headers)).accessRequests);
    expect(forRequester).toEqual([expect.objectContaining({ id: applied.request.id, overdue: null, dueOn: '2026-01-05' })]);
    const outgoingOverdue = errorOf(await hub.gql(LIST_REQUESTS, { filter: { direction: 'OUTGOING', overdue: true } }, member.headers));
    expect(outgoingOverdue).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.overdue' });

    // Answered requests are never overdue.
    ok(await hub.gql(REFUSE, { input: { request: applied.request.id, reason: 'Too late, sorry.' } }, owner.headers));
    expect(ok(await hub.gql(LIST_REQUESTS, { filter }, owner.headers)).accessRequests.totalCount).toBe(0);
  });

  it('can be listed by due day, earliest first', async () => {
    const [first, second] = [await commerceResource(), await commerceResource()];
    const a = await request(first.globalId);
    const b = await request(second.globalId);
    const ids = [a, b].map((applied) => Number(Buffer.from(applied.request.id, 'base64url').toString().split(':')[1]));
    await withClient(hub.databaseUrl, (client) =>
      client.query(`update access_request set due_on = case id when $1 then date '2026-03-02' else date '2026-02-27' end where id in ($1, $2)`, ids),
    );
    const listed = nodes(
      ok(await hub.gql(LIST_REQUESTS, { filter: { direction: 'OUTGOING', status: ['PENDING'] }, orderBy: { field: 'DUE_ON', direction: 'ASC' } }, member.headers))
        .accessRequests,
    ).filter((node) => [a.request.id, b.request.id].includes(node.id));
    expect(listed.map((node) => node.dueOn)).toEqual(['2026-02-27', '2026-03-02']);
  });
});

describe('granting and revoking', () => {
  it('grants without a request, and a grant approves a pending request of that unit', async () => {
    const resource = await commerceResource();
    const unit = globalId('MemberUnit', outsider.unitId);
    const direct = ok(await hub.gql(GRANT, { input: { resource: resource.globalId, unit } }, owner.headers)).grantAccess;
    expect(direct).toMatchObject({ request: null, grant: { active: true, request: null, granteeUnit: { code: '610000-CULTURE-TOURISM' } } });
    expect((await read(resource.globalId, outsider)).bodyEn).toBe(SECRET);

    const applied = await request(resource.globalId);
    const answered = ok(await hub.gql(GRANT, { input: { resource: resource.globalId, unit: globalId('MemberUnit', member.unitId) } }, owner.headers))
      .grantAccess;
    expect(answered.request).toEqual({ id: applied.request.id, status: 'APPROVED' });
    expect(answered.grant.request).toEqual({ id: applied.request.id, status: 'APPROVED' });

    const again = errorOf(await hub.gql(GRANT, { input: { resource: resource.globalId, unit } }, owner.headers));
    expect(again).toMatchObject({ code: 'CONFLICT', reason: 'ALREADY_GRANTED' });
  });

  it('grants CONDITIONAL resources only, to units other than the owner', async () => {
    const unit = globalId('MemberUnit', member.unitId);
    const open = await commerceResource({ tier: 'UNCONDITIONAL' });
    expect(errorOf(await hub.gql(GRANT, { input: { resource: open.globalId, unit } }, owner.headers))).toMatchObject({
      code: 'CONFLICT',
      reason: 'ALREADY_READABLE',
    });
    const notShared = await commerceResource({ tier: 'NOT_SHARED' });
    expect(errorOf(await hub.gql(GRANT, { input: { resource: notShared.globalId, unit } }, owner.headers))).toMatchObject({
      code: 'CONFLICT',
      reason: 'NOT_SHARED',
    });
    const conditional = await commerceResource();
    const self = globalId('MemberUnit', owner.unitId);
    expect(errorOf(await hub.gql(GRANT, { input: { resource: conditional.globalId, unit: self } }, owner.headers))).toMatchObject({
      code: 'CONFLICT',
      field: 'input.unit',
    });
    const nobody = globalId('MemberUnit', 2_000_000_000);
    expect(errorOf(await hub.gql(GRANT, { input: { resource: conditional.globalId, unit: nobody } }, owner.headers))).toMatchObject({
      code: 'NOT_FOUND',
      field: 'input.unit',
    });
  });

  it('lets only the owner unit’s EDITORs and ADMINs and hub admins grant and revoke', async () => {
    const resource = await commerceResource();
    const unit = globalId('MemberUnit', member.unitId);
    const input = { resource: resource.globalId, unit };
    expect(errorOf(await hub.gql(GRANT, { input }, outsider.headers))).toMatchObject({ code: 'FORBIDDEN', reason: 'OWNER_ONLY' });
    expect(errorOf(await hub.gql(GRANT, { input }, member.headers))).toMatchObject({ code: 'FORBIDDEN', reason: 'OWNER_ONLY' });
    expect(errorOf(await hub.gql(GRANT, { input }, ownerViewer.headers))).toMatchObject({ code: 'FORBIDDEN', reason: 'ROLE_TOO_LOW' });
    const notShared = await commerceResource({ tier: 'NOT_SHARED' });
    expect(errorOf(await hub.gql(GRANT, { input: { resource: notShared.globalId, unit } }, outsider.headers)).code).toBe('NOT_FOUND');

    const grant = ok(await hub.gql(GRANT, { input }, hubAdmin.headers)).grantAccess.grant;
    const revoke = { grant: grant.id };
    expect(errorOf(await hub.gql(REVOKE, { input: revoke }, member.headers))).toMatchObject({ code: 'FORBIDDEN', reason: 'OWNER_ONLY' });
    expect(errorOf(await hub.gql(REVOKE, { input: revoke }, outsider.headers))).toMatchObject({ code: 'NOT_FOUND', field: 'input.grant' });
    expect(errorOf(await hub.gql(REVOKE, { input: revoke }, ownerViewer.headers))).toMatchObject({ code: 'FORBIDDEN', reason: 'ROLE_TOO_LOW' });
    ok(await hub.gql(REVOKE, { input: revoke }, owner.headers));
    expect(errorOf(await hub.gql(REVOKE, { input: revoke }, owner.headers))).toMatchObject({ code: 'CONFLICT', reason: 'GRANT_NOT_ACTIVE' });
  });

  it('stops opening the content the moment a grant expires', async () => {
    const resource = await commerceResource();
    const expiresAt = new Date(Date.now() + 1500).toISOString();
    const grant = ok(
      await hub.gql(GRANT, { input: { resource: resource.globalId, unit: globalId('MemberUnit', member.unitId), expiresAt } }, owner.headers),
    ).grantAccess.grant;
    expect((await read(resource.globalId, member)).bodyEn).toBe(SECRET);

    await sleep(new Date(expiresAt).getTime() - Date.now() + 100);
    const after = await read(resource.globalId, member);
    expect(after.bodyEn).toBeNull();
    expect(after.access).toMatchObject({ state: 'EXPIRED', contentReadable: false, grant: { id: grant.id, active: false } });
    expect(after.access.howToApply).toMatch(/expired/);
    const active = ok(await hub.gql(LIST_GRANTS, { filter: { direction: 'OUTGOING', active: true, resource: resource.globalId } }, member.headers));
    expect(active.accessGrants.totalCount).toBe(0);
    expect(errorOf(await hub.gql(REVOKE, { input: { grant: grant.id } }, owner.headers))).toMatchObject({ code: 'CONFLICT', reason: 'GRANT_NOT_ACTIVE' });
  });
});

describe('who sees requests and grants', () => {
  const RESOURCE_LISTS = `query ($id: ID!) {
    node(id: $id) {
      ... on SharedResource {
        accessRequests(first: 10) { totalCount edges { node { id status } } }
        grants(first: 10, active: true) { totalCount edges { node { id granteeUnit { code } } } }
      }
    }
  }`;

  it('shows a resource’s requests and grants to its owner unit and hub admins only', async () => {
    const resource = await commerceResource();
    const applied = await request(resource.globalId);
    const approved = ok(await hub.gql(APPROVE, { input: { request: applied.request.id } }, owner.headers)).approveAccessRequest;
    for (const who of [owner, ownerViewer, hubAdmin]) {
      const node = ok(await hub.gql(RESOURCE_LISTS, { id: resource.globalId }, who.headers)).node;
      expect(node.accessRequests).toEqual({ totalCount: 1, edges: [{ node: { id: applied.request.id, status: 'APPROVED' } }] });
      expect(node.grants).toEqual({ totalCount: 1, edges: [{ node: { id: approved.grant.id, granteeUnit: { code: '610000-EDUCATION' } } }] });
    }
    const forMember = await hub.gql(RESOURCE_LISTS, { id: resource.globalId }, member.headers);
    expect(forMember.data?.node).toEqual({ accessRequests: null, grants: null });
    expect(forMember.errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN', 'FORBIDDEN']);
  });

  it('lists every request to hub admins only', async () => {
    expect(errorOf(await hub.gql(LIST_REQUESTS, { filter: { direction: 'ALL' } }, owner.headers))).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'HUB_ADMIN_ONLY',
    });
    expect(errorOf(await hub.gql(LIST_GRANTS, { filter: { direction: 'ALL' } }, owner.headers)).code).toBe('FORBIDDEN');
    const all = ok(await hub.gql(LIST_REQUESTS, { filter: { direction: 'ALL' } }, hubAdmin.headers)).accessRequests;
    expect(all.totalCount).toBeGreaterThan(0);
  });

  it('keeps each unit’s lists to its own side', async () => {
    const resource = await commerceResource();
    const applied = await request(resource.globalId);
    const ids = async (who: TestIdentity, direction: string) =>
      nodes(ok(await hub.gql(LIST_REQUESTS, { filter: { direction } }, who.headers)).accessRequests).map((node) => node.id);
    expect(await ids(owner, 'INCOMING')).toContain(applied.request.id);
    expect(await ids(owner, 'OUTGOING')).not.toContain(applied.request.id);
    expect(await ids(member, 'OUTGOING')).toContain(applied.request.id);
    expect(await ids(member, 'INCOMING')).not.toContain(applied.request.id);
    expect(await ids(outsider, 'INCOMING')).not.toContain(applied.request.id);
    expect(await ids(outsider, 'OUTGOING')).not.toContain(applied.request.id);
    // INCOMING is the default.
    const byDefault = nodes(ok(await hub.gql(LIST_REQUESTS, {}, owner.headers)).accessRequests).map((node) => node.id);
    expect(byDefault).toContain(applied.request.id);
  });

  it('fetches requests and grants by node ID for their parties and hub admins only', async () => {
    const resource = await commerceResource();
    const applied = await request(resource.globalId);
    const grant = ok(await hub.gql(APPROVE, { input: { request: applied.request.id } }, owner.headers)).approveAccessRequest.grant;
    const NODE = `query ($id: ID!) { node(id: $id) { id ... on AccessRequest { status } ... on AccessGrant { active } } }`;
    for (const who of [owner, member, hubAdmin]) {
      expect(ok(await hub.gql(NODE, { id: applied.request.id }, who.headers)).node).toEqual({ id: applied.request.id, status: 'APPROVED' });
      expect(ok(await hub.gql(NODE, { id: grant.id }, who.headers)).node).toEqual({ id: grant.id, active: true });
    }
    for (const who of [outsider, null]) {
      expect(ok(await hub.gql(NODE, { id: applied.request.id }, who?.headers)).node).toBeNull();
      expect(ok(await hub.gql(NODE, { id: grant.id }, who?.headers)).node).toBeNull();
    }
  });

  it('lists requests with their resource, units, accounts and grants in a fixed number of statements', async () => {
    const resources = await Promise.all([0, 1, 2, 3, 4, 5].map(() => commerceResource()));
    const requests = [];
    for (const resource of resources) requests.push(await request(resource.globalId));
    for (const applied of requests.slice(0, 3)) ok(await hub.gql(APPROVE, { input: { request: applied.request.id } }, owner.headers));
    const filter = { direction: 'INCOMING' };
    const { result, statements } = await hub.countQueries(() => hub.gql(LIST_REQUESTS, { filter }, owner.headers));
    expect(nodes(ok(result).accessRequests).length).toBeGreaterThanOrEqual(6);
    // token, page, count, resources, units, accounts, grants, resource owners (for overdue)
    expect(statements.length).toBeLessThanOrEqual(8);
  });

  it('works out the access of a whole page of resources in one statement', async () => {
    const resources = await Promise.all([0, 1, 2, 3, 4].map(() => commerceResource({ titleEn: 'Batch of leads' })));
    await request(resources[0].globalId);
    ok(await hub.gql(GRANT, { input: { resource: resources[1].globalId, unit: globalId('MemberUnit', member.unitId) } }, owner.headers));
    const LIST = `query ($owner: ID!) {
      resources(filter: { owner: $owner, text: "Batch of leads" }, first: 20) { edges { node { id access { state } } } }
    }`;
    const { result, statements } = await hub.countQueries(() =>
      hub.gql(LIST, { owner: globalId('MemberUnit', owner.unitId) }, member.headers),
    );
    const states = new Map(nodes(ok(result).resources).map((node: any) => [node.id, node.access.state]));
    expect(states.get(resources[0].globalId)).toBe('PENDING');
    expect(states.get(resources[1].globalId)).toBe('GRANTED');
    expect(states.get(resources[2].globalId)).toBe('NOT_REQUESTED');
    expect(statements.filter((sql) => /left join lateral/.test(sql))).toHaveLength(1);
  });
});
