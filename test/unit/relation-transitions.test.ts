import { describe, expect, it } from 'vitest';
import { RELATION_STATUS_DESCRIPTIONS, RelationStatus } from '../../src/modules/friendship-relations/friendship-relation.enums';
import {
  canMoveRelation,
  listStatuses,
  nextStatuses,
  RELATION_TRANSITIONS,
  transitionRefusal,
} from '../../src/modules/friendship-relations/relation-transitions';

const { PROPOSED, NEGOTIATING, ESTABLISHED, DORMANT, ENDED } = RelationStatus;
const ALL = Object.values(RelationStatus);

describe('relation status transitions', () => {
  it.each([
    [PROPOSED, [NEGOTIATING, ESTABLISHED, ENDED]],
    [NEGOTIATING, [ESTABLISHED, ENDED]],
    [ESTABLISHED, [DORMANT, ENDED]],
    [DORMANT, [ESTABLISHED, ENDED]],
    [ENDED, []],
  ])('from %s a relation may move to exactly %j', (from, allowed) => {
    expect([...nextStatuses(from)].sort()).toEqual([...allowed].sort());
    for (const to of ALL) expect(canMoveRelation(from, to)).toBe(allowed.includes(to));
  });

  it('has a row for every status and never allows staying in place or going back to PROPOSED', () => {
    expect(Object.keys(RELATION_TRANSITIONS).sort()).toEqual([...ALL].sort());
    for (const from of ALL) {
      expect(canMoveRelation(from, from)).toBe(false);
      expect(canMoveRelation(from, PROPOSED)).toBe(false);
    }
  });

  it('lets every status reach ENDED except ENDED itself, which is final', () => {
    for (const from of ALL) expect(canMoveRelation(from, ENDED)).toBe(from !== ENDED);
    expect(nextStatuses(ENDED)).toEqual([]);
  });

  it('explains a refused move with the statuses that are allowed instead', () => {
    expect(transitionRefusal(ESTABLISHED, NEGOTIATING)).toBe(
      'A relation cannot move from ESTABLISHED to NEGOTIATING. From ESTABLISHED it can move to DORMANT or ENDED.',
    );
    expect(transitionRefusal(PROPOSED, PROPOSED)).toBe(
      'The relation is already PROPOSED. From PROPOSED it can move to NEGOTIATING, ESTABLISHED or ENDED.',
    );
    expect(transitionRefusal(ENDED, ESTABLISHED)).toBe('The relation is ENDED, which is final: its status can no longer change.');
    expect(transitionRefusal(DORMANT, ESTABLISHED)).toBeNull();
  });

  it('lists statuses in plain words', () => {
    expect(listStatuses([])).toBe('none');
    expect(listStatuses([ENDED])).toBe('ENDED');
    expect(listStatuses([DORMANT, ENDED])).toBe('DORMANT or ENDED');
  });

  it('documents in each RelationStatus description exactly the moves the table allows', () => {
    for (const from of ALL) {
      const description = RELATION_STATUS_DESCRIPTIONS[from];
      const next = /Next: (.*)\.$/.exec(description)?.[1] ?? '';
      const named = ALL.filter((status) => new RegExp(`\\b${status}\\b`).test(next));
      expect(named.sort(), `${from}: "${description}"`).toEqual([...nextStatuses(from)].sort());
      if (!nextStatuses(from).length) expect(description).toMatch(/final/);
    }
  });
});
