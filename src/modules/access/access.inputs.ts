import { Field, ID, InputType, registerEnumType } from 'type-graphql';
import { DateTimeScalar } from '../../shared/scalars';
import { OrderDirection } from '../friendship-relations/friendship-relation.inputs';
import { AccessRequestStatus } from './access.enums';
import { PURPOSE_MAX_LENGTH, PURPOSE_MIN_LENGTH, REASON_MAX_LENGTH } from './access.limits';


@InputType({ description: 'Apply for access to a CONDITIONAL resource of another unit.' })
export class RequestAccessInput {
  @Field(() => ID, { description: 'The SharedResource.' })
  resource!: string;

  @Field(() => String, {
    description: `What your unit wants the data for, ${PURPOSE_MIN_LENGTH} to ${PURPOSE_MAX_LENGTH} characters; the owner decides on it.`,
  })
  purpose!: string;
}

@InputType()
export class ApproveAccessRequestInput {
  @Field(() => ID, { description: 'The pending AccessRequest.' })
  request!: string;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the grant ends; in the future. Without it the grant lasts until revoked.' })
  expiresAt?: Date | null;

  @Field(() => String, { nullable: true, description: 'A note on the decision (conditions of use, say); kept in the audit trail.' })
  note?: string | null;
}

@InputType()
export class RefuseAccessRequestInput {
  @Field(() => ID, { description: 'The pending AccessRequest.' })
  request!: string;

  @Field(() => String, { description: `Why the request is refused, shown to the requesting unit; required, up to ${REASON_MAX_LENGTH} characters.` })
  reason!: string;
}

@InputType()
export class CancelAccessRequestInput {
  @Field(() => ID, { description: "Your unit's pending AccessRequest." })
  request!: string;
}

@InputType({ description: 'Give a unit access to a CONDITIONAL resource without waiting for it to apply.' })
export class GrantAccessInput {
  @Field(() => ID, { description: 'The CONDITIONAL SharedResource.' })
  resource!: string;

  @Field(() => ID, { description: 'The MemberUnit that may read the content.' })
  unit!: string;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the grant ends; in the future. Without it the grant lasts until revoked.' })
  expiresAt?: Date | null;
}

@InputType()
export class RevokeAccessGrantInput {
  @Field(() => ID, { description: 'The AccessGrant.' })
  grant!: string;

  @Field(() => String, { nullable: true, description: `Why, shown to the grantee unit; up to ${REASON_MAX_LENGTH} characters.` })
  reason?: string | null;
}

/** Which side of an access request or grant the caller's unit is on. */
export enum AccessDirection {
  INCOMING = 'INCOMING',
  OUTGOING = 'OUTGOING',
  ALL = 'ALL',
}
registerEnumType(AccessDirection, {
  name: 'AccessDirection',
  description: "Which side of the sharing the caller's unit is on.",
  valuesConfig: {
    INCOMING: { description: 'About resources your unit owns: the requests it has to answer, the grants it gave.' },
    OUTGOING: { description: "Your unit's own applications, and the grants it holds on other units' resources." },
    ALL: { description: 'Every request or grant in the hub; hub admins only.' },
  },
});

@InputType()
export class AccessRequestFilter {
  @Field(() => AccessDirection, {
    defaultValue: AccessDirection.INCOMING,
    description: 'INCOMING (the default: the requests your unit has to answer), OUTGOING (your unit\'s requests) or ALL (hub admins).',
  })
  direction!: AccessDirection;

  @Field(() => [AccessRequestStatus], { nullable: true, description: 'Any of these statuses.' })
  status?: AccessRequestStatus[] | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'true: only PENDING requests past their due day in China; false: all others. For INCOMING and ALL, where the caller answers.',
  })
  overdue?: boolean | null;

  @Field(() => ID, { nullable: true, description: 'Only requests for this SharedResource.' })
  resource?: string | null;
}

export enum AccessRequestOrderField {
  REQUESTED_AT = 'REQUESTED_AT',
  DUE_ON = 'DUE_ON',
}
registerEnumType(AccessRequestOrderField, {
  name: 'AccessRequestOrderField',
  valuesConfig: {
    REQUESTED_AT: { description: 'When the request was made.' },
    DUE_ON: { description: 'The day by which the owner should answer; requests made earlier come first on the same day.' },
  },
});

@InputType()
export class AccessRequestOrder {
  @Field(() => AccessRequestOrderField, { defaultValue: AccessRequestOrderField.REQUESTED_AT }) field!: AccessRequestOrderField;
  @Field(() => OrderDirection, { defaultValue: OrderDirection.DESC }) direction!: OrderDirection;
}

@InputType()
export class AccessGrantFilter {
  @Field(() => AccessDirection, {
    defaultValue: AccessDirection.INCOMING,
    description: 'INCOMING (the default: grants on your unit\'s resources), OUTGOING (grants your unit holds) or ALL (hub admins).',
  })
  direction!: AccessDirection;

  @Field(() => Boolean, { nullable: true, description: 'true: grants in force now; false: revoked or expired ones.' })
  active?: boolean | null;

  @Field(() => ID, { nullable: true, description: 'Only grants on this SharedResource.' })
  resource?: string | null;
}
