import { RowShape } from '../../shared/rows';
import type { FieldSelection } from '../../shared/selection';
import { countryRows } from '../countries/country.rows';
import { Locality } from '../localities/locality.entity';
import { memberUnitRows } from '../member-units/member-unit.rows';
import { SharedResource } from './shared-resource.entity';

/** Content fields need the tier and the owner besides their column: their resolvers decide whether to audit the read. */
const CONTENT_CHECK = ['tier', 'ownerUnit'];

/** GraphQL fields of SharedResource that read the content (body, contact, links, attachments). */
const CONTENT_FIELDS = ['body', 'bodyZh', 'bodyEn', 'contact', 'links', 'attachments', 'contentReadable'] as const;

/**
 * The domestic locality is optional, and RowPlan writes the joins nested in a joined reference as
 * given: its country join must be an outer join too, or every resource without a locality would
 * drop out of the list. (Otherwise the same shape as localityRows.)
 */
const domesticLocalityRows = new RowShape(Locality, {
  joins: () => [{ prop: 'country', shape: countryRows, optional: true }],
  fieldColumns: { name: ['nameEn', 'nameZh'], children: ['side'], friendshipRelations: ['side'], resources: ['side'] },
  keyFields: ['id'],
});

/** A resource may come with its owner unit and its domestic locality in one statement. */
export const resourceRows = new RowShape(SharedResource, {
  joins: () => [
    { prop: 'ownerUnit', shape: memberUnitRows },
    { prop: 'domesticLocality', shape: domesticLocalityRows, optional: true },
  ],
  fieldColumns: {
    title: ['titleEn', 'titleZh'],
    summary: ['summaryEn', 'summaryZh'],
    body: ['bodyEn', 'bodyZh', ...CONTENT_CHECK],
    bodyEn: ['bodyEn', ...CONTENT_CHECK],
    bodyZh: ['bodyZh', ...CONTENT_CHECK],
    contact: ['contact', ...CONTENT_CHECK],
    links: ['links', ...CONTENT_CHECK],
    attachments: ['attachments', ...CONTENT_CHECK],
    notSharedBasis: ['notSharedBasis', 'ownerUnit'],
    // Fields other modules resolve from the resource's tier, status and owner.
    access: ['tier', 'status', 'ownerUnit'],
    accessRequests: ['ownerUnit'],
    grants: ['ownerUnit'],
  },
  keyFields: ['id'],
});

// The GraphQL field `owner` shows the entity property `ownerUnit`, which is what RowShape joins on.
const ownerAliased = new WeakMap<object, FieldSelection>();

/** The selection of a resource with `owner` also named `ownerUnit`, so the owner unit joins into the list statement. */
export function resourceSelection(selection: FieldSelection | undefined): FieldSelection | undefined {
  const owner = selection?.fields.get('owner');
  if (!selection || !owner) return selection;
  let aliased = ownerAliased.get(selection.key);
  if (!aliased) {
    const fields = new Map(selection.fields);
    fields.set('ownerUnit', [...(selection.fields.get('ownerUnit') ?? []), ...owner]);
    aliased = { key: selection.key, fields, fragments: selection.fragments };
    ownerAliased.set(selection.key, aliased);
  }
  return aliased;
}

/** True when the selection reads content, so the list statement must also say whether the caller may. */
export function selectsContent(selection: FieldSelection | undefined): boolean {
  return !selection || CONTENT_FIELDS.some((field) => selection.fields.has(field));
}
