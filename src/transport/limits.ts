import { ApolloArmor } from '@escape.tech/graphql-armor';
import { GraphQLError, type GraphQLFormattedError, type ValidationContext } from 'graphql';
import type { HubConfig } from '../config';

type Limit = 'MAX_DEPTH' | 'MAX_ALIASES' | 'MAX_DIRECTIVES';

const LIMIT_MESSAGES: Record<Limit, (found: string, limit: string) => string> = {
  MAX_DEPTH: (found, limit) => `The query is nested ${found} levels deep; at most ${limit} are allowed.`,
  MAX_ALIASES: (found, limit) => `The query uses ${found} aliases; at most ${limit} are allowed.`,
  MAX_DIRECTIVES: (found, limit) => `The query uses ${found} directives; at most ${limit} are allowed.`,
};

/**
 * Reports a limit's rejection as a validation error with a readable message and a stable
 * `extensions.reason`. Reporting (rather than throwing, armor's default) keeps the rejection on
 * Apollo's validation path: HTTP 400 and code GRAPHQL_VALIDATION_FAILED, before any resolver runs.
 */
function rejectWith(reason: Limit) {
  return [
    (context: ValidationContext | null, error: GraphQLError) => {
      const numbers = /limit of (\d+(?:\.\d+)?) exceeded, found (\d+(?:\.\d+)?)/i.exec(error.message);
      const message = numbers
        ? LIMIT_MESSAGES[reason](String(Math.ceil(Number(numbers[2]))), numbers[1])
        : error.message.replace(/^Syntax Error: /, '');
      context?.reportError(new GraphQLError(message, { extensions: { reason } }));
    },
  ];
}

// graphql-js spells it "more that" in some versions.
const TOKEN_LIMIT = /^Syntax Error: Document contains more tha[nt] (\d+) tokens/;

/**
 * graphql-js enforces the token limit while parsing (Apollo's parseOptions.maxTokens), so the
 * rejection arrives as a parse failure; present it like the other limits.
 */
export function tokenLimitError(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const tokens = formatted.extensions?.code === 'GRAPHQL_PARSE_FAILED' ? TOKEN_LIMIT.exec(formatted.message) : null;
  if (!tokens) return formatted;
  return {
    message: `The query has more than ${tokens[1]} tokens (names, punctuation, values); at most ${tokens[1]} are allowed.`,
    extensions: { code: 'GRAPHQL_VALIDATION_FAILED', reason: 'MAX_TOKENS' },
  };
}

/**
 * Depth, alias and directive limits (graphql-armor) as validation rules, and field suggestions
 * blocked where the schema is private; the same for HTTP and WebSocket. Tokens are limited while
 * parsing (graphql-js `maxTokens`) and cost by costLimitPlugin / operationCost.
 */
export function createArmor(config: HubConfig) {
  const { limits } = config;
  return new ApolloArmor({
    maxDepth: { n: limits.maxDepth, onReject: rejectWith('MAX_DEPTH'), propagateOnRejection: false },
    maxAliases: { n: limits.maxAliases, onReject: rejectWith('MAX_ALIASES'), propagateOnRejection: false },
    // Armor's cost model ignores page sizes and grows with depth alone; cost-limit.ts counts
    // what a query can actually return (page size × selected fields, multiplied through nesting).
    costLimit: { enabled: false },
    maxDirectives: { n: 50, onReject: rejectWith('MAX_DIRECTIVES'), propagateOnRejection: false },
    // Armor's token plugin parses in a hook outside Apollo's error handling: a plain syntax error
    // then came back as HTTP 500. graphql-js counts tokens itself (parseOptions).
    maxTokens: { enabled: false },
    blockFieldSuggestion: { enabled: config.env === 'production' || !config.introspection },
  }).protect();
}
