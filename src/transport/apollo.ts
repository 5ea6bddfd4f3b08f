import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import {
  ApolloServerPluginLandingPageLocalDefault,
  ApolloServerPluginLandingPageProductionDefault,
} from '@apollo/server/plugin/landingPage/default';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import type { GraphQLSchema } from 'graphql';
import { costLimitPlugin } from './cost-limit';
import { createArmor, tokenLimitError } from './limits';
import type { HubConfig } from '../config';
import type { HubContext } from '../context';
import { maskError } from '../errors';
import type { Logger } from '../logger';

export function createApollo(schema: GraphQLSchema, config: HubConfig, logger: Logger): ApolloServer<HubContext> {
  const { limits } = config;
  // Depth, alias, token and cost limits all reject an operation before any resolver runs.
  const protection = createArmor(config);
  const landingPage: ApolloServerPlugin =
    config.env === 'production'
      ? ApolloServerPluginLandingPageProductionDefault({ footer: false })
      : ApolloServerPluginLandingPageLocalDefault({ footer: false, embed: true });

  return new ApolloServer<HubContext>({
    schema,
    introspection: config.introspection,
    allowBatchedHttpRequests: false,
    // The hub drains HTTP, sockets, Apollo and the pool in order on SIGTERM/SIGINT (src/main.ts);
    // Apollo's own handlers would stop it first and re-raise the signal.
    stopOnTerminationSignals: false,
    csrfPrevention: true,
    includeStacktraceInErrorResponses: config.exposeStackTraces,
    hideSchemaDetailsFromClientErrors: config.env === 'production' || !config.introspection,
    parseOptions: { maxTokens: limits.maxTokens },
    validationRules: protection.validationRules,
    plugins: [...protection.plugins, costLimitPlugin(schema, limits.maxCost), ApolloServerPluginCacheControlDisabled(), landingPage],
    formatError: (formatted, error) => maskError(tokenLimitError(formatted), error, { logger, exposeStackTraces: config.exposeStackTraces }),
    logger: {
      debug: (message) => logger.debug(message),
      info: (message) => logger.info(message),
      warn: (message) => logger.warn(message),
      error: (message) => logger.error(message),
    },
  });
}
