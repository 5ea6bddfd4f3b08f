import { RelationStatus } from './friendship-relation.enums';

/**
 * The life of a friendship relation. A proposal may go straight to signing (ESTABLISHED) when
 * the talks happened elsewhere; a relation that went quiet (DORMANT) may be revived; ENDED is
 * final. The RelationStatus enum's descriptions in the schema say the same (a unit test checks).
 */
export const RELATION_TRANSITIONS: Readonly<Record<RelationStatus, readonly RelationStatus[]>> = Object.freeze({
  [RelationStatus.PROPOSED]: [RelationStatus.NEGOTIATING, RelationStatus.ESTABLISHED, RelationStatus.ENDED],
  [RelationStatus.NEGOTIATING]: [RelationStatus.ESTABLISHED, RelationStatus.ENDED],
  [RelationStatus.ESTABLISHED]: [RelationStatus.DORMANT, RelationStatus.ENDED],
  [RelationStatus.DORMANT]: [RelationStatus.ESTABLISHED, RelationStatus.ENDED],
  [RelationStatus.ENDED]: [],
});

/** The status every new relation starts in. */
export const INITIAL_RELATION_STATUS = RelationStatus.PROPOSED;

export function nextStatuses(from: RelationStatus): readonly RelationStatus[] {
  return RELATION_TRANSITIONS[from] ?? [];
}

export function canMoveRelation(from: RelationStatus, to: RelationStatus): boolean {
  return nextStatuses(from).includes(to);
}

/** "A, B or C"; "none" for an empty list. */
export function listStatuses(statuses: readonly RelationStatus[]): string {
  if (!statuses.length) return 'none';
  if (statuses.length === 1) return statuses[0];
  return `${statuses.slice(0, -1).join(', ')} or ${statuses.at(-1)}`;
}

/** Why `from` → `to` is refused, in words a person can act on; null when the move is allowed. */
export function transitionRefusal(from: RelationStatus, to: RelationStatus): string | null {
  if (canMoveRelation(from, to)) return null;
  const allowed = nextStatuses(from);
  if (!allowed.length) return `The relation is ${from}, which is final: its status can no longer change.`;
  if (from === to) return `The relation is already ${from}. From ${from} it can move to ${listStatuses(allowed)}.`;
  return `A relation cannot move from ${from} to ${to}. From ${from} it can move to ${listStatuses(allowed)}.`;
}
