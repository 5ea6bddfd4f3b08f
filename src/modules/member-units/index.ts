export { MemberUnit, MemberUnitKind } from './member-unit.entity';
export { MemberUnitResolver } from './member-unit.resolver';
