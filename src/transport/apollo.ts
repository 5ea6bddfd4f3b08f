import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import {
  ApolloServerPluginLandingPageLocalDefault,
  ApolloServerPluginLandingPageProductionDefault,
} from '@apollo/server/plugin/landingPage/default';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { GraphQLError, GraphQLSchema, ValidationContext } from 'graphql';
import type { HubConfig } from '../config';
import type { HubContext } from '../context';
import { maskError } from '../errors';
import type { Logger } from '../logger';

/** Tags each limit's rejection with a stable `extensions.reason`, so clients can tell them apart. */
function tagRejection(reason: string) {
  return [(_context: ValidationContext | null, error: GraphQLError) => {
    (error.extensions as Record<string, unknown>).reason = reason;
  }];
}

export function createApollo(schema: GraphQLSchema, config: HubConfig, logger: Logger): ApolloServer<HubContext> {
  const { limits } = config;
  // Depth, aliases, cost and token limits run at validation, before any resolver.
  const armor = new ApolloArmor({
    maxDepth: { n: limits.maxDepth, onReject: tagRejection('MAX_DEPTH'), propagateOnRejection: true },
    maxAliases: { n: limits.maxAliases, onReject: tagRejection('MAX_ALIASES'), propagateOnRejection: true },
    costLimit: { maxCost: limits.maxCost, onReject: tagRejection('MAX_COST'), propagateOnRejection: true },
    maxTokens: { n: limits.maxTokens, onReject: tagRejection('MAX_TOKENS'), propagateOnRejection: true },
    maxDirectives: { n: 50, onReject: tagRejection('MAX_DIRECTIVES'), propagateOnRejection: true },
    blockFieldSuggestion: { enabled: config.env === 'production' || !config.introspection },
  });
  const protection = armor.protect();
  const landingPage: ApolloServerPlugin =
    config.env === 'production'
      ? ApolloServerPluginLandingPageProductionDefault({ footer: false })
      : ApolloServerPluginLandingPageLocalDefault({ footer: false, embed: true });

  return new ApolloServer<HubContext>({
    schema,
    introspection: config.introspection,
    allowBatchedHttpRequests: false,
    csrfPrevention: true,
    includeStacktraceInErrorResponses: config.exposeStackTraces,
    hideSchemaDetailsFromClientErrors: config.env === 'production' || !config.introspection,
    validationRules: protection.validationRules,
    plugins: [...protection.plugins, landingPage],
    formatError: (formatted, error) => maskError(formatted, error, { logger, exposeStackTraces: config.exposeStackTraces }),
    logger: {
      debug: (message) => logger.debug(message),
      info: (message) => logger.info(message),
      warn: (message) => logger.warn(message),
      error: (message) => logger.error(message),
    },
  });
}
