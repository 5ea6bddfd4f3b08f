import { Field, ObjectType } from 'type-graphql';
import { Account } from './account.entity';
import { ApiToken } from './api-token.entity';

@ObjectType({ simpleResolvers: true })
export class CreateAccountPayload {
  @Field(() => Account) account!: Account;
}

@ObjectType({ simpleResolvers: true })
export class UpdateAccountPayload {
  @Field(() => Account) account!: Account;
}

@ObjectType({ simpleResolvers: true })
export class CreateApiTokenPayload {
  @Field(() => ApiToken) token!: ApiToken;

  @Field(() => String, {
    description: 'The bearer token: send it as "Authorization: Bearer <secret>". Shown this once; the hub keeps only its hash.',
  })
  secret!: string;
}

@ObjectType({ simpleResolvers: true })
export class RevokeApiTokenPayload {
  @Field(() => ApiToken) token!: ApiToken;
}
