import { expect } from 'vitest';
import type { FeedSubscriber } from './feed-client';
import type { Tier } from './resources';

/**
 * Write bursts and the "exactly what the log says" check shared by the feed's cluster and
 * failure tests. Everything goes over HTTP to a URL, so in-process hubs and hub processes are
 * driven alike.
 */

export type Headers = Record<string, string>;

export interface GraphQLResult {
  status: number;
  data?: any;
  errors?: Array<{ message: string; extensions?: Record<string, any> }>;
}

/** One GraphQL request; a refused or reset connection rejects (callers decide whether to retry). */
export async function gqlAt(url: string, query: string, variables: Record<string, unknown> = {}, headers: Headers = {}): Promise<GraphQLResult> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: any; errors?: GraphQLResult['errors'] };
  return { status: response.status, data: body.data, errors: body.errors };
}

async function must(url: string, query: string, variables: Record<string, unknown>, headers: Headers) {
  const result = await gqlAt(url, query, variables, headers);
  if (result.errors?.length || !result.data) throw new Error(`${url} answered ${JSON.stringify(result.errors ?? result)}`);
  return result.data;
}

export const TIERS: Tier[] = ['PUBLIC', 'UNCONDITIONAL', 'CONDITIONAL', 'NOT_SHARED'];

export interface Contribution {
  tier: Tier;
  title: string;
  /** false leaves a DRAFT, which only its unit and hub admins see. */
  publish: boolean;
  idempotencyKey?: string;
}

const CONTRIBUTE = `mutation($input: ContributeResourceInput!) { contributeResource(input: $input) { replayed resource { id version } } }`;
const UPDATE = `mutation($input: UpdateResourceInput!) { updateResource(input: $input) { resource { id version } } }`;
const PUBLISH = `mutation($input: PublishResourceInput!) { publishResource(input: $input) { resource { id version } } }`;

export interface Written {
  id: string;
  version: number;
  replayed?: boolean;
}

export async function contribute(url: string, headers: Headers, contribution: Contribution): Promise<Written> {
  const { tier, title, publish, idempotencyKey } = contribution;
  const input = {
    kind: 'EVENT',
    tier,
    titleEn: title,
    summaryEn: `Summary of ${title}`,
    bodyEn: `Body of ${title}`,
    publish,
    notSharedBasis: tier === 'NOT_SHARED' ? 'Internal planning only.' : undefined,
    idempotencyKey,
  };
  const data = await must(url, CONTRIBUTE, { input }, headers);
  return { ...data.contributeResource.resource, replayed: data.contributeResource.replayed };
}

export async function updateSummary(url: string, headers: Headers, resource: Written, summaryEn: string): Promise<Written> {
  return (await must(url, UPDATE, { input: { id: resource.id, expectedVersion: resource.version, summaryEn } }, headers)).updateResource.resource;
}

export async function publish(url: string, headers: Headers, resource: Written): Promise<Written> {
  return (await must(url, PUBLISH, { input: { id: resource.id, expectedVersion: resource.version } }, headers)).publishResource.resource;
}

/** The i-th contribution of a burst: the four tiers in turn, every seventh a draft (so drafts of each tier). */
export function burstContribution(label: string, i: number): Contribution {
  return { tier: TIERS[i % TIERS.length], title: `${label} ${i}`, publish: i % 7 !== 6 };
}

/**
 * The cursor of the newest activity, read as a hub admin (who sees every activity). An empty log
 * has none yet: a draft of the admin's own makes one.
 */
export async function newestCursor(url: string, adminHeaders: Headers): Promise<string> {
  const newest = async () =>
    (await must(url, `{ activities(first: 1) { edges { cursor } } }`, {}, adminHeaders)).activities.edges[0]?.cursor as string | undefined;
  const cursor = await newest();
  if (cursor) return cursor;
  await contribute(url, adminHeaders, { tier: 'NOT_SHARED', title: 'Start of the log', publish: false });
  return (await newest())!;
}

const ACTIVITIES = `query($after: String, $filter: ActivityFilter) {
  activities(orderBy: OLDEST_FIRST, after: $after, first: 100, filter: $filter) {
    edges { node { position subjectTitle verb } }
    pageInfo { hasNextPage endCursor }
  }
}`;

export interface LoggedActivity {
  position: string;
  subjectTitle: string;
  verb: string;
}

/** Every activity after `after` that the caller may see now (with the same filter), oldest first, all pages. */
export async function loggedAfter(url: string, headers: Headers, after: string, filter?: Record<string, unknown>): Promise<LoggedActivity[]> {
  const all: LoggedActivity[] = [];
  let cursor: string | null = after;
  while (cursor) {
    const page: any = (await must(url, ACTIVITIES, { after: cursor, filter: filter ?? null }, headers)).activities;
    all.push(...page.edges.map((edge: { node: LoggedActivity }) => edge.node));
    cursor = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  }
  return all;
}

export const positionsOf = (subscriber: Pick<FeedSubscriber, 'events'>) => subscriber.events.map((event) => event.activity.position);

/**
 * The GraphQL errors a subscriber got (arrays of errors). A resuming subscriber also collects the
 * socket errors of its reconnection attempts (connection refused while a hub is down): not these.
 */
export const graphqlErrors = (subscriber: Pick<FeedSubscriber, 'errors'>) => subscriber.errors.filter((error) => Array.isArray(error));

/** A subscriber's GraphQL errors, close codes and count of socket errors, for failure messages. */
export const troubles = (...subscribers: Array<Pick<FeedSubscriber, 'errors' | 'closeCodes'>>) => () =>
  subscribers.map((subscriber) => ({
    errors: graphqlErrors(subscriber),
    socketErrors: subscriber.errors.length - graphqlErrors(subscriber).length,
    closeCodes: subscriber.closeCodes,
  }));

export interface FeedCheck {
  /** Names the subscriber in a failure message. */
  label: string;
  /** Positions received so far (one subscriber, or a closed one followed by its resumption). */
  received: () => string[];
  /** What the log lists for this subscriber (`loggedAfter` with its own headers and filter). */
  expected: string[];
  /** What else the subscriber saw (errors, close codes), shown when the check fails. */
  details?: () => unknown;
}

/**
 * Waits until every subscriber has as many events as its expected list (or the timeout passes),
 * gives stragglers half a second, then checks each got exactly its list: the same positions,
 * each once, in increasing order.
 */
export async function expectExactFeeds(checks: FeedCheck[], timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (checks.some((check) => check.received().length < check.expected.length) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await new Promise((resolve) => setTimeout(resolve, 500));
  for (const check of checks) {
    const expected = check.expected.map(Number);
    // The log itself: strictly increasing positions (so "equal to it" means in order and once).
    expect(expected.every((position, i) => i === 0 || position > expected[i - 1]), `${check.label}: the log's positions increase`).toBe(true);
    const details = check.details ? ` (${JSON.stringify(check.details())})` : '';
    expect(check.received().map(Number), `${check.label}: received exactly the log's activities, in order${details}`).toEqual(expected);
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
