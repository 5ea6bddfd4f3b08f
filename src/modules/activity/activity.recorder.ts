import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '../../auth/viewer';
import type { AuditSubject } from '../audit/audit.service';
import { ActivityVerb, VERB_OF_ACTION } from './activity.enums';

const ACCESS_VERBS = new Set<ActivityVerb>([
  ActivityVerb.ACCESS_REQUESTED,
  ActivityVerb.ACCESS_GRANTED,
  ActivityVerb.ACCESS_REFUSED,
  ActivityVerb.ACCESS_REQUEST_CANCELLED,
  ActivityVerb.ACCESS_REVOKED,
]);

const COLUMNS =
  'verb, actor_account_id, actor_unit_id, subject_type, subject_id, subject_title, audience, resource_id, owner_unit_id, ' +
  'audience_unit_id, tier, country_codes, locality_ids, relation_ids';

/** A resource's title, tier, owner and links, as of this moment of the transaction. */
const RESOURCE_FACTS = (resource: string) =>
  `coalesce(${resource}.title_en, ${resource}.title_zh), ?, ${resource}.id, ${resource}.owner_unit_id, AUDIENCE_UNIT, ${resource}.tier,
   array(select x.country_code::text from resource_country x where x.resource_id = ${resource}.id order by 1),
   array(select x.locality_id from resource_locality x where x.resource_id = ${resource}.id
         union select ${resource}.domestic_locality_id where ${resource}.domestic_locality_id is not null order by 1),
   array(select x.relation_id from resource_relation x where x.resource_id = ${resource}.id order by 1)`;

/** For each subject type: how to describe it (one INSERT … SELECT; `?` = id, last). */
function describe(type: string, accessVerb: boolean): string | null {
  const audience = accessVerb ? `'RESOURCE_PARTIES'` : `'RESOURCE'`;
  switch (type) {
    case 'SharedResource':
      return `select ?, ?, ?, 'SharedResource', r.id, ${RESOURCE_FACTS('r').replace('?', audience).replace('AUDIENCE_UNIT', accessVerb ? '?::int' : 'null')}
              from shared_resource r where r.id = ?`;
    case 'AccessRequest':
      return `select ?, ?, ?, 'AccessRequest', q.id, ${RESOURCE_FACTS('r').replace('?', `'RESOURCE_PARTIES'`).replace('AUDIENCE_UNIT', 'q.requester_unit_id')}
              from access_request q join shared_resource r on r.id = q.resource_id where q.id = ?`;
    case 'AccessGrant':
      return `select ?, ?, ?, 'AccessGrant', g.id, ${RESOURCE_FACTS('r').replace('?', `'RESOURCE_PARTIES'`).replace('AUDIENCE_UNIT', 'g.grantee_unit_id')}
              from access_grant g join shared_resource r on r.id = g.resource_id where g.id = ?`;
    case 'FriendshipRelation':
      return `select ?, ?, ?, 'FriendshipRelation', x.id, coalesce(d.name_en, d.name_zh) || ' – ' || coalesce(f.name_en, f.name_zh),
                'PUBLIC', null, x.liaison_unit_id, null, null, array[f.country_code::text], array[x.domestic_locality_id, x.foreign_locality_id], array[x.id]
              from friendship_relation x join locality d on d.id = x.domestic_locality_id join locality f on f.id = x.foreign_locality_id
              where x.id = ?`;
    case 'MemberUnit':
      return `select ?, ?, ?, 'MemberUnit', u.id, coalesce(u.name_en, u.name_zh), 'PUBLIC', null, u.id, null, null, '{}'::text[],
                case when u.locality_id is null then '{}'::int[] else array[u.locality_id] end, '{}'::int[]
              from member_unit u where u.id = ?`;
    // Audience EXCHANGE: whoever may see the exchange now (its tier and organising unit).
    case 'Exchange':
      return `select ?, ?, ?, 'Exchange', e.id, coalesce(e.title_en, e.title_zh), 'EXCHANGE', null, e.organising_unit_id, null, e.tier,
                array(select distinct trim(d.country_code) from exchange_destination d where d.exchange_id = e.id order by 1),
                array(select d.locality_id from exchange_destination d where d.exchange_id = e.id and d.locality_id is not null
                      union select r.domestic_locality_id from exchange_relation x join friendship_relation r on r.id = x.relation_id
                      where x.exchange_id = e.id order by 1),
                array(select x.relation_id from exchange_relation x where x.exchange_id = e.id order by 1)
              from exchange e where e.id = ?`;
    case 'Account':
      return `select ?, ?, ?, 'Account', a.id, a.display_name, 'MEMBERS', null, a.member_unit_id, null, null, '{}'::text[], '{}'::int[], '{}'::int[]
              from account a where a.id = ?`;
    case 'InformationItem':
      // Who sees it is decided when it is read, from the item's status and tier of that moment
      // (audience INFORMATION, see visibleActivitySql); the tier here is the one at the time.
      return `select ?, ?, ?, 'InformationItem', i.id, coalesce(i.title_en, i.title_zh), 'INFORMATION', null, i.owner_unit_id, null, i.tier,
                array(select x.country_code::text from information_item_country x where x.item_id = i.id order by 1),
                array(select x.locality_id from information_item_locality x where x.item_id = i.id order by 1), '{}'::int[]
              from information_item i where i.id = ?`;
    // Visible by the matter's tier of now (audience CATALOGUE, see activity.service.ts).
    case 'CatalogueMatter':
      return `select ?, ?, ?, 'CatalogueMatter', m.id, coalesce(m.name_en, m.name_zh), 'CATALOGUE', null, m.provider_unit_id, null, m.tier,
                '{}'::text[], '{}'::int[], '{}'::int[]
              from catalogue_matter m where m.id = ?`;
    case 'CatalogueEdition':
      return `select ?, ?, ?, 'CatalogueEdition', e.id, e.name, 'PUBLIC', null, null, null, null, '{}'::text[], '{}'::int[], '{}'::int[]
              from catalogue_edition e where e.id = ?`;
    // Indicator values are for members (MEMBERS), like the queries that read them.
    case 'IndicatorValue':
      return `select ?, ?, ?, 'IndicatorValue', v.id, i.name_en || ' – ' || l.name_en || ' ' || v.period || ' (revision ' || v.revision || ')',
                'MEMBERS', null, v.reported_by_unit_id, null, null, '{}'::text[], array[v.locality_id], '{}'::int[]
              from indicator_value v join indicator i on i.code = v.indicator_code join locality l on l.id = v.locality_id where v.id = ?`;
    // Profiles are public, like the localities they describe; the subject is the locality (a node).
    case 'LocalityProfile':
      return `select ?, ?, ?, 'Locality', p.locality_id, coalesce(l.name_en, l.name_zh) || ' – profile', 'PUBLIC', null, p.updated_by_unit_id,
                null, null, array[l.country_code::text], array[l.id], '{}'::int[]
              from locality_profile p join locality l on l.id = p.locality_id where p.locality_id = ?`;
    // Wishes are for members, like the queries that read them.
    case 'PartnerWish':
      return `select ?, ?, ?, 'PartnerWish', w.id, coalesce(l.name_en, l.name_zh) || ' seeks a partner', 'MEMBERS', null, w.owner_unit_id,
                null, null, array[l.country_code::text] || w.countries, array[l.id], '{}'::int[]
              from partner_wish w join locality l on l.id = w.locality_id where w.id = ?`;
    default:
      return null;
  }
}

/**
 * Appends the activity of an allowed mutation, in its transaction (called by `audited()` after the
 * audit entry, so the position lock is already held: see the activity migration). Mutations that
 * are not activities (token changes, CLI housekeeping) record nothing.
 */
export async function recordActivity(em: EntityManager, viewer: Viewer, action: string, subject: AuditSubject | null): Promise<void> {
  const verb = VERB_OF_ACTION[action];
  if (!verb || !subject || subject.id == null) return;
  const id = Number(subject.id);
  if (!Number.isSafeInteger(id)) return;
  const accessVerb = ACCESS_VERBS.has(verb);
  const select = describe(subject.type, accessVerb);
  if (!select) return;
  const actorAccount = viewer.kind === 'member' ? viewer.accountId : null;
  const actorUnit = viewer.kind === 'member' ? viewer.unitId : null;
  const params: unknown[] = [verb, actorAccount, actorUnit];
  // An access request made on a resource: its audience is the requesting (acting) unit.
  if (subject.type === 'SharedResource' && accessVerb) params.push(actorUnit);
  params.push(id);
  await em.execute(`insert into activity (${COLUMNS}) ${select}`, params);
}
