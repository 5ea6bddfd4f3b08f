import { RowShape } from '../../shared/rows';
import { AccessGrant } from './access-grant.entity';
import { AccessRequest } from './access-request.entity';

export const accessRequestRows = new RowShape(AccessRequest, {
  // Computed fields and the columns they read.
  fieldColumns: {
    overdue: ['status', 'dueOn', 'resource', 'requesterUnit'],
    grant: [],
  },
  keyFields: ['id'],
});

export const accessGrantRows = new RowShape(AccessGrant, {
  fieldColumns: {
    active: ['revokedAt', 'expiresAt'],
  },
  keyFields: ['id'],
});
