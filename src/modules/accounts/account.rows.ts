import { RowShape } from '../../shared/rows';
import { Account } from './account.entity';
import { ApiToken } from './api-token.entity';

export const accountRows = new RowShape(Account, { keyFields: ['id'] });
export const apiTokenRows = new RowShape(ApiToken, { keyFields: ['id'] });
