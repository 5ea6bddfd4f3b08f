import { RowShape } from '../../shared/rows';
import { ResourceRevision } from './resource-revision.entity';

export const resourceRevisionRows = new RowShape(ResourceRevision, { keyFields: ['id'] });
