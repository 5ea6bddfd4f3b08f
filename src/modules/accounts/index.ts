export { Account } from './account.entity';
export { ApiToken } from './api-token.entity';
export { AccountKind, AccountRole } from './account.enums';
