import { RowShape } from '../../shared/rows';
import { AccessGrant } from './access-grant.entity';
import { AccessRequest } from './access-request.entity';

export const accessRequestRows = new RowShape(AccessRequest, { keyFields: ['id'] });
export const accessGrantRows = new RowShape(AccessGrant, { keyFields: ['id'] });
