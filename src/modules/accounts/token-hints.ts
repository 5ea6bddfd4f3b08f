import type { HubConfig } from '../../config';

/** Where a person on this machine reaches the hub, from HOST and PORT. */
export function hubUrl(config: Pick<HubConfig, 'host' | 'port'>): string {
  const host = ['0.0.0.0', '::', '127.0.0.1', '::1'].includes(config.host) ? 'localhost' : config.host;
  return `http://${host}:${config.port}/graphql`;
}

/** A one-line curl command that asks the hub who the token's holder is. */
export function curlExample(url: string, secret: string): string {
  const body = JSON.stringify({ query: '{ me { account { displayName } unit { code } role hubAdmin readOnly } }' });
  return `curl -s ${url} -H 'content-type: application/json' -H 'authorization: Bearer ${secret}' -d '${body}'`;
}
