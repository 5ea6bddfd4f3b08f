export { Exchange } from './exchange.entity';
export { ExchangeField, ExchangeKind, ExchangeStatus } from './exchange.enums';
import { ExchangeMutationResolver } from './exchange.mutations';
import { ExchangeDestinationResolver, ExchangeResolver, LocalityExchangesResolver, RelationExchangesResolver } from './exchange.resolver';

/** This module's resolver classes, for the schema. */
export const exchangeResolvers: Function[] = [
  ExchangeResolver,
  ExchangeDestinationResolver,
  RelationExchangesResolver,
  LocalityExchangesResolver,
  ExchangeMutationResolver,
];
