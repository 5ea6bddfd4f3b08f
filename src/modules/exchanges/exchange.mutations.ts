import type { EntityManager } from '@mikro-orm/postgresql';
import { Arg, Ctx, Field, Mutation, ObjectType, Resolver } from 'type-graphql';
import type { Viewer } from '../../auth/viewer';
import type { HubContext } from '../../context';
import { notFound } from '../../errors';
import { audited, type MutationAudit } from '../audit/audit.service';
import { Exchange } from './exchange.entity';
import { CancelExchangeInput, RecordExchangeInput, UpdateExchangeInput } from './exchange.inputs';
import { createExchangeLoaders } from './exchange.loaders';
import { cancelExchange, recordExchange, updateExchange } from './exchange.service';

@ObjectType({ simpleResolvers: true })
export class RecordExchangePayload {
  @Field(() => Exchange) exchange!: Exchange;
}

@ObjectType({ simpleResolvers: true })
export class UpdateExchangePayload {
  @Field(() => Exchange) exchange!: Exchange;
}

@ObjectType({ simpleResolvers: true })
export class CancelExchangePayload {
  @Field(() => Exchange) exchange!: Exchange;
}

/** The exchange as the caller sees it once changed, read inside the mutation's transaction. */
async function readBack(em: EntityManager, viewer: Viewer, id: number): Promise<Exchange> {
  const exchange = await createExchangeLoaders(em, viewer).byId.load(id);
  // Whoever may change an exchange may see it; this guards against a rule changing under us.
  if (!exchange) throw notFound('The exchange is not visible to you after the change.', 'OBJECT_NOT_FOUND', 'input.id');
  return exchange;
}

/** Runs an audited exchange change (its audit entry and activity in the same transaction) and reads the exchange back. */
async function change(context: HubContext, action: string, work: (em: EntityManager, audit: MutationAudit) => Promise<number>) {
  const exchange = await audited(context, action, { type: 'Exchange', id: null }, async (em, audit) =>
    readBack(em, context.viewer, await work(em, audit)),
  );
  context.loaders.exchanges.byId.clear(exchange.id).prime(exchange.id, exchange);
  return { exchange };
}

@Resolver()
export class ExchangeMutationResolver {
  @Mutation(() => RecordExchangePayload, {
    description:
      "Records an exchange organised by the caller's unit (hub admins: by any unit, with `organisingUnit`). EDITOR or ADMIN; it appears in the activity feed as EXCHANGE_RECORDED, to those its tier allows.",
  })
  recordExchange(@Ctx() context: HubContext, @Arg('input', () => RecordExchangeInput) input: RecordExchangeInput): Promise<RecordExchangePayload> {
    return change(context, 'recordExchange', (em, audit) => recordExchange(em, context.viewer, input, audit));
  }

  @Mutation(() => UpdateExchangePayload, {
    description:
      'Changes an exchange (also PLANNED → DONE, with its outcome) and raises its version. EDITOR or ADMIN of the organising unit, or a hub admin.',
  })
  updateExchange(@Ctx() context: HubContext, @Arg('input', () => UpdateExchangeInput) input: UpdateExchangeInput): Promise<UpdateExchangePayload> {
    return change(context, 'updateExchange', (em, audit) => updateExchange(em, context.viewer, input, audit));
  }

  @Mutation(() => CancelExchangePayload, {
    description: 'Cancels an exchange (status CANCELLED, final). EDITOR or ADMIN of the organising unit, or a hub admin.',
  })
  cancelExchange(@Ctx() context: HubContext, @Arg('input', () => CancelExchangeInput) input: CancelExchangeInput): Promise<CancelExchangePayload> {
    return change(context, 'cancelExchange', (em, audit) => cancelExchange(em, context.viewer, input, audit));
  }
}
