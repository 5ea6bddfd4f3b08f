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
/** Schema descriptions of the statuses, with the moves each allows (the table in relation-transitions.ts). */
export const RELATION_STATUS_DESCRIPTIONS: Record<RelationStatus, string> = {
  PROPOSED: 'Put forward by a member unit, not yet under negotiation. Next: NEGOTIATING, ESTABLISHED or ENDED.',
  NEGOTIATING: 'Both sides are negotiating an agreement. Next: ESTABLISHED or ENDED.',
  ESTABLISHED: 'Signed and active. Next: DORMANT or ENDED.',
  DORMANT: 'Signed, but without exchanges for some time. Next: ESTABLISHED (revived) or ENDED.',
  ENDED: 'Ended or abandoned; final, no further change.',
};
registerEnumType(RelationStatus, {
  name: 'RelationStatus',
  description: 'Where a relation stands. `changeRelationStatus` accepts only the moves each value names; anything else is CONFLICT (INVALID_TRANSITION).',
  valuesConfig: Object.fromEntries(
    Object.entries(RELATION_STATUS_DESCRIPTIONS).map(([status, description]) => [status, { description }]),
  ) as Record<RelationStatus, { description: string }>,
});
