import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, getNamedType, type DocumentNode, type GraphQLSchema } from 'graphql';
import { getComplexity, simpleEstimator, type ComplexityEstimator } from 'graphql-query-complexity';
import { DEFAULT_PAGE_SIZE } from '../shared/connection';

/**
 * A connection multiplies the cost of what it selects by the page size asked for (GitHub's
 * "node limit" model): `relations(first: 50) { edges { node { … } } }` costs 50 × the node's
 * fields, and nesting multiplies. A plain field costs 1.
 */
const connectionEstimator: ComplexityEstimator = ({ field, args, childComplexity }) => {
  if (!getNamedType(field.type).name.endsWith('Connection')) return undefined;
  const size = Number(args.first ?? args.last ?? DEFAULT_PAGE_SIZE);
  return 1 + (Number.isFinite(size) && size > 0 ? size : DEFAULT_PAGE_SIZE) * childComplexity;
};

/**
 * The error for an operation over `maxCost`, or null when it fits. Variables that do not coerce
 * count as fitting: execution reports them with a proper message.
 */
// Apollo and graphql-ws reuse parsed documents, so the cost of a document with the same variables
// is computed once; a bounded number of variable sets is kept per document.
const costs = new WeakMap<DocumentNode, Map<string, number | null>>();
const VARIABLE_SETS_PER_DOCUMENT = 64;

function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown> | undefined,
  operationName: string | undefined,
): number | null {
  let byVariables = costs.get(document);
  if (!byVariables) costs.set(document, (byVariables = new Map()));
  const key = JSON.stringify([operationName ?? null, variables ?? null]);
  const known = byVariables.get(key);
  if (known !== undefined) return known;
  let cost: number | null;
  try {
    cost = getComplexity({
      schema,
      query: document,
      operationName,
      variables: variables ?? {},
      estimators: [connectionEstimator, simpleEstimator({ defaultComplexity: 1 })],
    });
  } catch {
    cost = null;
  }
  if (byVariables.size >= VARIABLE_SETS_PER_DOCUMENT) byVariables.clear();
  byVariables.set(key, cost);
  return cost;
}

export function costLimitError(
  schema: GraphQLSchema,
  maxCost: number,
  document: DocumentNode,
  variables: Record<string, unknown> | undefined,
  operationName: string | undefined,
): GraphQLError | null {
  const cost = operationCost(schema, document, variables, operationName);
  if (cost === null) return null;
  if (cost <= maxCost) return null;
  return new GraphQLError(
    `The query would cost ${cost} points; at most ${maxCost} are allowed. Ask for smaller pages or fewer nested lists.`,
    { extensions: { code: 'GRAPHQL_VALIDATION_FAILED', reason: 'MAX_COST', cost, maxCost, http: { status: 400 } } },
  );
}

/** Rejects operations whose estimated cost exceeds `maxCost`, after variables are known, before execution. */
export function costLimitPlugin(schema: GraphQLSchema, maxCost: number): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document }) {
          const error = costLimitError(schema, maxCost, document, request.variables, request.operationName ?? undefined);
          if (error) throw error;
        },
      };
    },
  };
}
