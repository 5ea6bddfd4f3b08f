import { registerEnumType } from 'type-graphql';

export enum InformationKind {
  NOTICE = 'NOTICE',
  BRIEF = 'BRIEF',
  POLICY = 'POLICY',
  REGULATION = 'REGULATION',
  ADVISORY = 'ADVISORY',
  EVENT_CALENDAR = 'EVENT_CALENDAR',
}
registerEnumType(InformationKind, {
  name: 'InformationKind',
  valuesConfig: {
    NOTICE: { description: 'A notice (通知).' },
    BRIEF: { description: 'A briefing (简报).' },
    POLICY: { description: 'A policy document.' },
    REGULATION: { description: 'A regulation or rule.' },
    ADVISORY: { description: 'A travel or safety advisory for one country, with a level 1-4 and a validity window.' },
    EVENT_CALENDAR: { description: 'A calendar of events.' },
  },
});

/**
 * The tiers an information item may take: the sharing tiers without CONDITIONAL, since access
 * grants apply to shared resources only. Stored with the same names as SharingTier.
 */
export enum InformationTier {
  PUBLIC = 'PUBLIC',
  UNCONDITIONAL = 'UNCONDITIONAL',
  NOT_SHARED = 'NOT_SHARED',
}

export enum InformationStatus {
  DRAFT = 'DRAFT',
  PUBLISHED = 'PUBLISHED',
  ARCHIVED = 'ARCHIVED',
}
registerEnumType(InformationStatus, {
  name: 'InformationStatus',
  valuesConfig: {
    DRAFT: { description: 'Visible to the publisher unit and hub admins only.' },
    PUBLISHED: { description: 'Visible according to its sharing tier.' },
    ARCHIVED: { description: 'No longer current; still visible according to its sharing tier.' },
  },
});

export enum InformationItemOrder {
  NEWEST_FIRST = 'NEWEST_FIRST',
  EFFECTIVE_FROM = 'EFFECTIVE_FROM',
}
registerEnumType(InformationItemOrder, {
  name: 'InformationItemOrder',
  valuesConfig: {
    NEWEST_FIRST: { description: 'Most recently created first (the default).' },
    EFFECTIVE_FROM: { description: 'Latest effectiveFrom first.' },
  },
});
