import { registerEnumType } from 'type-graphql';

export enum CatalogueMatterKind {
  LICENCE = 'LICENCE',
  PUBLIC_SERVICE = 'PUBLIC_SERVICE',
}
registerEnumType(CatalogueMatterKind, {
  name: 'CatalogueMatterKind',
  valuesConfig: {
    LICENCE: { description: 'An administrative licence matter (行政许可事项).' },
    PUBLIC_SERVICE: { description: 'A public service matter (公共服务事项).' },
  },
});

export enum OnlineAvailability {
  OFFLINE = 'OFFLINE',
  ONLINE_APPLICATION = 'ONLINE_APPLICATION',
  FULLY_ONLINE = 'FULLY_ONLINE',
}
registerEnumType(OnlineAvailability, {
  name: 'OnlineAvailability',
  valuesConfig: {
    OFFLINE: { description: 'Applications are made in person or by post only.' },
    ONLINE_APPLICATION: { description: 'Applications can be made online; some steps still need a visit (网上申请).' },
    FULLY_ONLINE: { description: 'The whole matter can be handled online (全程网办).' },
  },
});

/** How often the provider updates the entry, as Chinese sharing catalogues record it (更新周期). */
export enum UpdateCycle {
  REAL_TIME = 'REAL_TIME',
  DAILY = 'DAILY',
  WEEKLY = 'WEEKLY',
  MONTHLY = 'MONTHLY',
  QUARTERLY = 'QUARTERLY',
  YEARLY = 'YEARLY',
  IRREGULAR = 'IRREGULAR',
}
registerEnumType(UpdateCycle, { name: 'UpdateCycle', description: 'How often the provider updates a catalogue entry (更新周期).' });

export enum CatalogueMatterStatus {
  ACTIVE = 'ACTIVE',
  WITHDRAWN = 'WITHDRAWN',
}
registerEnumType(CatalogueMatterStatus, {
  name: 'CatalogueMatterStatus',
  valuesConfig: {
    ACTIVE: { description: 'In the catalogue; the next edition includes it.' },
    WITHDRAWN: { description: 'No longer handled; left out of later editions.' },
  },
});
