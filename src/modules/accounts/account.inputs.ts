import { Field, ID, InputType } from 'type-graphql';
import { DateTimeScalar } from '../../shared/scalars';
import { AccountKind, AccountRole } from './account.enums';

@InputType()
export class AccountFilter {
  @Field(() => ID, { nullable: true, description: "Accounts of this member unit. Members may name their own unit only; hub admins any." })
  unit?: string | null;

  @Field(() => AccountRole, { nullable: true }) role?: AccountRole | null;
  @Field(() => AccountKind, { nullable: true }) kind?: AccountKind | null;

  @Field(() => String, { nullable: true, description: 'Part of the display name or email address. At most 200 characters.' })
  search?: string | null;
}

@InputType()
export class CreateAccountInput {
  @Field(() => ID, { description: 'The member unit the account acts for.' })
  unit!: string;

  @Field(() => String, { description: 'How the account is shown to others, 1 to 200 characters.' })
  displayName!: string;

  @Field(() => String, { nullable: true, description: 'Unique across the hub (case-insensitive).' })
  email?: string | null;

  @Field(() => AccountRole)
  role!: AccountRole;

  @Field(() => AccountKind, { defaultValue: AccountKind.PERSON, description: "SERVICE for a dashboard or another system: its tokens are read-only unless a hub admin decides otherwise." })
  kind!: AccountKind;

  @Field(() => String, { nullable: true, description: 'Links an OpenID Connect identity: the issuer URL (with oidcSubject).' })
  oidcIssuer?: string | null;

  @Field(() => String, { nullable: true, description: 'Links an OpenID Connect identity: its `sub` claim (with oidcIssuer).' })
  oidcSubject?: string | null;
}

@InputType({ description: 'Fields left out keep their value.' })
export class UpdateAccountInput {
  @Field(() => ID) id!: string;
  @Field(() => String, { nullable: true }) displayName?: string | null;

  @Field(() => String, { nullable: true, description: 'null removes the email address.' })
  email?: string | null;

  @Field(() => AccountRole, { nullable: true }) role?: AccountRole | null;

  @Field(() => Boolean, { nullable: true, description: 'true disables the account (every token of it stops working at once); false enables it again.' })
  disabled?: boolean | null;
}

@InputType()
export class CreateApiTokenInput {
  @Field(() => ID, { nullable: true, description: 'The account the token signs in as; your own when left out.' })
  account?: string | null;

  @Field(() => String, { description: 'What the token is for, e.g. "wall dashboard"; 1 to 200 characters.' })
  name!: string;

  @Field(() => Boolean, {
    nullable: true,
    description: 'A read-only token cannot run mutations. Left out: read-only for service accounts, read-write for people. Only hub admins may give a service account a token that writes.',
  })
  readOnly?: boolean | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the token stops working; it never expires when left out.' })
  expiresAt?: Date | null;
}

@InputType()
export class RevokeApiTokenInput {
  @Field(() => ID) id!: string;
}
