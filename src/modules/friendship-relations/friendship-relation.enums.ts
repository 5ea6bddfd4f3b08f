import { registerEnumType } from 'type-graphql';

export enum RelationKind {
  SISTER = 'SISTER',
  FRIENDLY_EXCHANGE = 'FRIENDLY_EXCHANGE',
}
registerEnumType(RelationKind, {
  name: 'RelationKind',
  valuesConfig: {
    SISTER: { description: 'A formal friendship (sister) city or province-state relation (友好城市 / 友好省州).' },
    FRIENDLY_EXCHANGE: { description: 'A lighter tie, usually a memorandum of understanding (友好交流城市).' },
  },
});

export enum RelationStatus {
  PROPOSED = 'PROPOSED',
  NEGOTIATING = 'NEGOTIATING',
  ESTABLISHED = 'ESTABLISHED',
  DORMANT = 'DORMANT',
  ENDED = 'ENDED',
}
registerEnumType(RelationStatus, { name: 'RelationStatus' });
