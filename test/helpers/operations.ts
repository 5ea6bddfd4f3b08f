import { print } from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { expect } from 'vitest';
import type { GraphQLResponse, TestHub } from './hub';

const printed = new WeakMap<object, string>();

/** The query text of a generated document, printed once. */
export function source(document: TypedDocumentNode<any, any>): string {
  let text = printed.get(document);
  if (text === undefined) {
    text = print(document);
    printed.set(document, text);
  }
  return text;
}

/** Sends a generated document (test/generated/graphql.ts) over HTTP; the response is typed by it. */
export function execute<TData, TVariables extends Record<string, unknown>>(
  hub: TestHub,
  document: TypedDocumentNode<TData, TVariables>,
  variables?: TVariables,
  headers?: Record<string, string>,
): Promise<GraphQLResponse<TData>> {
  return hub.gql<TData>(source(document), variables, headers);
}

/** Like `execute`, but fails the test unless the response has data and no errors, and returns the data. */
export async function query<TData, TVariables extends Record<string, unknown>>(
  hub: TestHub,
  document: TypedDocumentNode<TData, TVariables>,
  variables?: TVariables,
): Promise<TData> {
  const response = await execute(hub, document, variables);
  expect(response.errors).toBeUndefined();
  expect(response.data).toBeDefined();
  return response.data as TData;
}
