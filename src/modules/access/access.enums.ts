import { registerEnumType } from 'type-graphql';

export enum AccessRequestStatus {
  PENDING = 'PENDING',
  APPROVED = 'APPROVED',
  REFUSED = 'REFUSED',
  CANCELLED = 'CANCELLED',
}
registerEnumType(AccessRequestStatus, { name: 'AccessRequestStatus' });
