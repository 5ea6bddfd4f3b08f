import { AccountResolver } from './account.resolver';
import { ApiTokenResolver } from './api-token.resolver';
import { MeResolver } from './me.resolver';

export { Account } from './account.entity';
export { ApiToken } from './api-token.entity';
export { AccountKind, AccountRole } from './account.enums';
export { accountForViewer, tokenForViewer } from './account.visibility';

/** This module's resolver classes, for the schema. */
export const accountResolvers: Function[] = [MeResolver, AccountResolver, ApiTokenResolver];
