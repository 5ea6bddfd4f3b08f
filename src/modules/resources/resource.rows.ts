import { RowShape } from '../../shared/rows';
import type { FieldSelection } from '../../shared/selection';
import { localityRows } from '../localities/locality.rows';
import { memberUnitRows } from '../member-units/member-unit.rows';
import { SharedResource } from './shared-resource.entity';

/** Content fields need the tier and the owner besides their column: their resolvers decide whether to audit the read. */
const CONTENT_CHECK = ['tier', 'ownerUnit'];

/** GraphQL fields of SharedResource that read the content (body, contact, links, attachments). */
const CONTENT_FIELDS = ['body', 'bodyZh', 'bodyEn', 'contact', 'links', 'attachments', 'contentReadable'] as const;

/** A resource may come with its owner unit and its domestic locality in one statement. */
export const resourceRows = new RowShape(SharedResource, {
  joins: () => [
    { prop: 'ownerUnit', field: 'owner', shape: memberUnitRows },
    { prop: 'domesticLocality', shape: localityRows, optional: true },
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

/** True when the selection reads content, so the list statement must also say whether the caller may. */
export function selectsContent(selection: FieldSelection | undefined): boolean {
  return !selection || CONTENT_FIELDS.some((field) => selection.fields.has(field));
}
