import { Entity, ManyToOne, PrimaryKey, Property, type Ref } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { Node } from '../../shared/node';
import { DateTimeScalar } from '../../shared/scalars';
import { Account } from '../accounts/account.entity';

/**
 * A published, frozen copy of the catalogue: every ACTIVE matter as it was at publication, kept
 * in catalogue_edition_matter (read with SQL: see catalogue.service.ts).
 */
@ObjectType({ implements: Node, simpleResolvers: true, description: 'A published edition of the catalogue, e.g. "2026 edition": the list as it stood then.' })
@Entity({ tableName: 'catalogue_edition' })
export class CatalogueEdition {
  @PrimaryKey({ type: 'integer' })
  id!: number;

  @Field(() => String, { description: 'Unique, e.g. "2026 edition".' })
  @Property({ type: 'text' })
  name!: string;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  note?: string | null;

  @Field(() => DateTimeScalar)
  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()' })
  publishedAt: Date = new Date();

  @ManyToOne(() => Account, { ref: true, nullable: true, fieldName: 'published_by_account_id' })
  publishedBy?: Ref<Account> | null;
}
