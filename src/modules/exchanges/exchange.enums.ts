import { registerEnumType } from 'type-graphql';

export enum ExchangeKind {
  OUTBOUND_VISIT = 'OUTBOUND_VISIT',
  INBOUND_VISIT = 'INBOUND_VISIT',
  EVENT = 'EVENT',
  PROJECT = 'PROJECT',
  VIDEO_CONFERENCE = 'VIDEO_CONFERENCE',
}
registerEnumType(ExchangeKind, {
  name: 'ExchangeKind',
  description: 'What kind of exchange took place.',
  valuesConfig: {
    OUTBOUND_VISIT: { description: 'A delegation from the province travelling abroad (出访); needs at least one destination.' },
    INBOUND_VISIT: { description: 'A foreign delegation received in the province (来访); needs at least one destination (where it came from).' },
    EVENT: { description: 'An event: a forum, festival, exhibition, competition.' },
    PROJECT: { description: 'A cooperation project carried out together.' },
    VIDEO_CONFERENCE: { description: 'A meeting held by video.' },
  },
});

/** Kinds that move people between places: they need somewhere to go (or come from). */
export const VISIT_KINDS: ReadonlySet<ExchangeKind> = new Set([ExchangeKind.OUTBOUND_VISIT, ExchangeKind.INBOUND_VISIT]);

export enum ExchangeStatus {
  PLANNED = 'PLANNED',
  DONE = 'DONE',
  CANCELLED = 'CANCELLED',
}
registerEnumType(ExchangeStatus, {
  name: 'ExchangeStatus',
  valuesConfig: {
    PLANNED: { description: 'Planned, not carried out yet.' },
    DONE: { description: 'Carried out; counts towards the health of its relations. Its start date cannot lie in the future.' },
    CANCELLED: { description: 'Called off (`cancelExchange`); final.' },
  },
});

/** The controlled vocabulary of exchange fields (交流领域). */
export enum ExchangeField {
  ADMINISTRATION = 'ADMINISTRATION',
  ECONOMY_AND_TRADE = 'ECONOMY_AND_TRADE',
  CULTURE_AND_ARTS = 'CULTURE_AND_ARTS',
  EDUCATION = 'EDUCATION',
  SCIENCE_AND_TECHNOLOGY = 'SCIENCE_AND_TECHNOLOGY',
  TOURISM = 'TOURISM',
  SPORTS = 'SPORTS',
  HEALTH = 'HEALTH',
  AGRICULTURE = 'AGRICULTURE',
  ENVIRONMENT = 'ENVIRONMENT',
  YOUTH = 'YOUTH',
}
registerEnumType(ExchangeField, {
  name: 'ExchangeField',
  description: 'The fields an exchange covers: a controlled vocabulary, so that exchanges can be counted and filtered by field.',
  valuesConfig: {
    ADMINISTRATION: { description: 'Government and administration (政务).' },
    ECONOMY_AND_TRADE: { description: 'Economy, trade and investment (经贸).' },
    CULTURE_AND_ARTS: { description: 'Culture and the arts (文化艺术).' },
    EDUCATION: { description: 'Education (教育).' },
    SCIENCE_AND_TECHNOLOGY: { description: 'Science and technology (科技).' },
    TOURISM: { description: 'Tourism (旅游).' },
    SPORTS: { description: 'Sports (体育).' },
    HEALTH: { description: 'Health and medicine (卫生).' },
    AGRICULTURE: { description: 'Agriculture (农业).' },
    ENVIRONMENT: { description: 'Environment (环保).' },
    YOUTH: { description: 'Youth (青少年).' },
  },
});
