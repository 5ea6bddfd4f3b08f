import { RowShape } from '../../shared/rows';
import { Account } from './account.entity';
import { ApiToken } from './api-token.entity';

// Fields whose visibility depends on the account's unit read the unit along with the value.
export const accountRows = new RowShape(Account, {
  fieldColumns: {
    unit: ['memberUnit'],
    email: ['email', 'memberUnit'],
    oidcIssuer: ['oidcIssuer', 'memberUnit'],
    oidcSubject: ['oidcSubject', 'memberUnit'],
    tokens: ['memberUnit'],
  },
  keyFields: ['id'],
});
export const apiTokenRows = new RowShape(ApiToken, {
  fieldColumns: { active: ['revokedAt', 'expiresAt', 'account'] },
  keyFields: ['id'],
});
