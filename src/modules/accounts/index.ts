export { Account } from './account.entity';
export { ApiToken } from './api-token.entity';
export { AccountKind, AccountRole } from './account.enums';

/** This module's resolver classes, for the schema. */
export const accountResolvers: Function[] = [];
