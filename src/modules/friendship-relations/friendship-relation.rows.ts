import { RowShape } from '../../shared/rows';
import { localityRows } from '../localities/locality.rows';
import { memberUnitRows } from '../member-units/member-unit.rows';
import { FriendshipRelation } from './friendship-relation.entity';
import { RelationStatusChange } from './relation-status-change.entity';

/** A relation may come with both localities (and their countries) and its liaison unit, in one statement. */
export const relationRows = new RowShape(FriendshipRelation, {
  joins: () => [
    { prop: 'domesticLocality', shape: localityRows },
    { prop: 'foreignLocality', shape: localityRows },
    { prop: 'liaisonUnit', shape: memberUnitRows, optional: true },
  ],
});

export const statusChangeRows = new RowShape(RelationStatusChange);
