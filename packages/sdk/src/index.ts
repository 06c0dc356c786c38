import createClient, { type Client } from 'openapi-fetch';
import type { components, paths } from './schema';

export type { components, paths } from './schema';
export type Schemas = components['schemas'];
export type Problem = Schemas['Problem'];

export interface ArgusClientOptions {
  /** Server origin, e.g. http://127.0.0.1:8080; '' (default) for the same origin as the page. */
  baseUrl?: string;
  /** API token (argus_pat_…); without it the browser's session cookie is used. */
  token?: string;
  fetch?: typeof globalThis.fetch;
}

export type ArgusClient = Client<paths>;

/** Typed client of the Argus HTTP API; request and response types come from the server's OpenAPI document. */
export function createArgusClient(options: ArgusClientOptions = {}): ArgusClient {
  return createClient<paths>({
    baseUrl: options.baseUrl ?? '',
    credentials: 'same-origin',
    headers: options.token ? { authorization: `Bearer ${options.token}` } : {},
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}

/** True when a value is an Argus problem document. */
export function isProblem(value: unknown): value is Problem {
  return typeof value === 'object' && value !== null && 'code' in value && 'status' in value && 'detail' in value;
}
