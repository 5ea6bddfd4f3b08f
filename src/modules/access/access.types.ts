import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { LocalDateScalar } from '../../shared/scalars';
import { SharedResource } from '../resources/shared-resource.entity';
import { AccessGrant } from './access-grant.entity';
import { AccessRequest } from './access-request.entity';

export enum ResourceAccessState {
  OPEN = 'OPEN',
  OWNER = 'OWNER',
  HUB_ADMIN = 'HUB_ADMIN',
  GRANTED = 'GRANTED',
  PENDING = 'PENDING',
  REFUSED = 'REFUSED',
  EXPIRED = 'EXPIRED',
  REVOKED = 'REVOKED',
  NOT_REQUESTED = 'NOT_REQUESTED',
}
registerEnumType(ResourceAccessState, {
  name: 'ResourceAccessState',
  description: "Where the caller's unit stands with a resource's content.",
  valuesConfig: {
    OPEN: { description: 'PUBLIC or UNCONDITIONAL: readable without applying.' },
    OWNER: { description: 'Your unit owns the resource.' },
    HUB_ADMIN: { description: 'Hub admins read every resource.' },
    GRANTED: { description: 'Your unit holds a grant in force: the content is readable.' },
    PENDING: { description: "Your unit's request waits for the owner's answer." },
    REFUSED: { description: "The owner refused your unit's last request; you may apply again." },
    EXPIRED: { description: "Your unit's grant ran out; you may apply again." },
    REVOKED: { description: "The owner revoked your unit's grant; you may apply again." },
    NOT_REQUESTED: { description: 'CONDITIONAL, and your unit has not applied: the content is hidden until the owner grants access.' },
  },
});

@ObjectType({ simpleResolvers: true, description: "The caller's access to a resource's content (body, contact, links, attachments), and how to get it." })
export class ResourceAccess {
  @Field(() => ResourceAccessState)
  state!: ResourceAccessState;

  @Field(() => Boolean, { description: 'Whether the content fields are readable to the caller right now.' })
  contentReadable!: boolean;

  @Field(() => String, {
    nullable: true,
    description: "What to do to read the content, when the caller's unit may apply (the mutation and the owner's deadline); null when there is nothing to do.",
  })
  howToApply!: string | null;

  @Field(() => LocalDateScalar, {
    nullable: true,
    description:
      "PENDING: the last working day (China time) for the owner's answer. When your unit may apply: the day the owner would have to answer by if it applied today. Otherwise null.",
  })
  dueOn!: string | null;

  /** Resolved by AccessResolvers: the caller's own unit's request and grant. */
  requestId!: number | null;
  grantId!: number | null;
}

@ObjectType({ simpleResolvers: true })
export class RequestAccessPayload {
  @Field(() => AccessRequest, { description: 'The new request, PENDING, with the day the owner should answer by.' })
  request!: AccessRequest;

  @Field(() => SharedResource, { nullable: true, description: 'The resource applied for (its `access` now says PENDING).' })
  resource!: SharedResource | null;
}

@ObjectType({ simpleResolvers: true })
export class ApproveAccessRequestPayload {
  @Field(() => AccessRequest) request!: AccessRequest;
  @Field(() => AccessGrant, { description: 'The grant the approval created; it takes effect at once.' }) grant!: AccessGrant;
}

@ObjectType({ simpleResolvers: true })
export class RefuseAccessRequestPayload {
  @Field(() => AccessRequest) request!: AccessRequest;
}

@ObjectType({ simpleResolvers: true })
export class CancelAccessRequestPayload {
  @Field(() => AccessRequest) request!: AccessRequest;
}

@ObjectType({ simpleResolvers: true })
export class GrantAccessPayload {
  @Field(() => AccessGrant, { description: 'The new grant; it takes effect at once.' }) grant!: AccessGrant;

  @Field(() => AccessRequest, { nullable: true, description: "The unit's pending request, which the grant approved; null if it had none." })
  request!: AccessRequest | null;
}

@ObjectType({ simpleResolvers: true })
export class RevokeAccessGrantPayload {
  @Field(() => AccessGrant, { description: 'The revoked grant; the grantee can no longer read the content.' }) grant!: AccessGrant;
}
