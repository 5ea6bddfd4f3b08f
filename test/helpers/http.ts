import { expect } from 'vitest';

export interface RawResponse {
  status: number;
  headers: Headers;
  /** The body exactly as it arrived. */
  text: string;
  /** The parsed body when it is JSON, else undefined. */
  json: any;
}

/** An HTTP request with full control of method, headers and body; the raw body text is kept. */
export async function request(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<RawResponse> {
  const response = await fetch(url, { method: init.method ?? 'GET', headers: init.headers, body: init.body });
  const text = await response.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

/** POSTs a GraphQL request as JSON, like a client would, keeping the raw body text. */
export function postGraphQL(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<RawResponse> {
  return request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
}

/** Shapes of internal detail that must never reach a client: stack frames, paths, SQL, ORM names. */
const INTERNAL_DETAIL: Array<[string, RegExp]> = [
  ['a stack trace', /stacktrace|\bat [^\s"]+ \(|\.(ts|js|mjs|cjs):\d+/i],
  ['a file path', /\/work\/|node_modules|\/src\//i],
  ['SQL', /\bselect\b[^"]*\bfrom\b|\binsert into\b|\bwhere\b[^"]*(=|\blike\b)/i],
  ['the query builder or ORM', /knex|mikro-?orm|DriverException|pg_trgm/i],
];

/** Fails when a response body gives away stack traces, file paths, SQL or library internals. */
export function expectNoInternalDetail(text: string): void {
  for (const [what, pattern] of INTERNAL_DETAIL) {
    expect(pattern.test(text), `the response body shows ${what}: ${text.slice(0, 500)}`).toBe(false);
  }
}
