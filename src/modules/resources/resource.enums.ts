import { registerEnumType } from 'type-graphql';

export enum ResourceKind {
  COOPERATION_PROJECT = 'COOPERATION_PROJECT',
  INVESTMENT_LEAD = 'INVESTMENT_LEAD',
  EXCHANGE_PROGRAM = 'EXCHANGE_PROGRAM',
  EVENT = 'EVENT',
  CULTURAL_ASSET = 'CULTURAL_ASSET',
  CONTACT_CHANNEL = 'CONTACT_CHANNEL',
  EXPERT = 'EXPERT',
  POLICY_DOCUMENT = 'POLICY_DOCUMENT',
  DATASET = 'DATASET',
  OTHER = 'OTHER',
}
registerEnumType(ResourceKind, { name: 'ResourceKind' });

/** The State Council's 2016 sharing classes (无条件共享 / 有条件共享 / 不予共享), plus public. */
export enum SharingTier {
  PUBLIC = 'PUBLIC',
  UNCONDITIONAL = 'UNCONDITIONAL',
  CONDITIONAL = 'CONDITIONAL',
  NOT_SHARED = 'NOT_SHARED',
}
registerEnumType(SharingTier, {
  name: 'SharingTier',
  valuesConfig: {
    PUBLIC: { description: 'Anyone may read it, also without signing in.' },
    UNCONDITIONAL: { description: 'Every member unit may read it (无条件共享).' },
    CONDITIONAL: {
      description:
        'Every member unit sees the catalogue entry and may apply; the content is readable once the owner grants access (有条件共享).',
    },
    NOT_SHARED: { description: 'Only the owner unit and hub admins (不予共享); needs a stated basis.' },
  },
});

export enum ResourceStatus {
  DRAFT = 'DRAFT',
  PUBLISHED = 'PUBLISHED',
  WITHDRAWN = 'WITHDRAWN',
}
registerEnumType(ResourceStatus, {
  name: 'ResourceStatus',
  valuesConfig: {
    DRAFT: { description: 'Visible to the owner unit and hub admins only.' },
    PUBLISHED: { description: 'Visible according to its sharing tier.' },
    WITHDRAWN: { description: 'No longer offered; visible to the owner unit and hub admins only.' },
  },
});

export enum RevisionAction {
  CONTRIBUTED = 'CONTRIBUTED',
  UPDATED = 'UPDATED',
  PUBLISHED = 'PUBLISHED',
  WITHDRAWN = 'WITHDRAWN',
}
registerEnumType(RevisionAction, { name: 'RevisionAction' });
