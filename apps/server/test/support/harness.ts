import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startServer, type RunningServer } from '../../src/boot';
import { loadConfig } from '../../src/config/load';
import type { ContainerOptions } from '../../src/container';
import { dropSchema, uniqueSchema, POSTGRES_URL } from './postgres';

export interface ApiResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

/** A signed-in caller (cookie session or bearer token). */
export interface Caller {
  request<T = any>(method: string, url: string, body?: unknown, headers?: Record<string, string>): Promise<ApiResponse<T>>;
  get<T = any>(url: string): Promise<ApiResponse<T>>;
  post<T = any>(url: string, body?: unknown): Promise<ApiResponse<T>>;
  patch<T = any>(url: string, body?: unknown): Promise<ApiResponse<T>>;
  put<T = any>(url: string, body?: unknown): Promise<ApiResponse<T>>;
  delete<T = any>(url: string): Promise<ApiResponse<T>>;
}

export interface TestServer {
  url: string;
  server: RunningServer;
  admin: Caller;
  adminCredentials: { username: string; password: string };
  anonymous: Caller;
  signIn(username: string, password: string): Promise<Caller>;
  withToken(token: string): Caller;
  /** Creates a user with the given grants (through the API, as admin) and signs them in. */
  userWith(username: string, grants: Array<{ domainId: string; role: string }>): Promise<Caller & { id: string }>;
  rootDomainId: string;
  close(): Promise<void>;
}

export const TEST_PASSWORD = 'correct-horse-battery';

function caller(base: string, auth: { cookie?: string; bearer?: string }): Caller {
  const request = async (method: string, url: string, body?: unknown, headers: Record<string, string> = {}) => {
    const h: Record<string, string> = { ...headers };
    if (auth.cookie) h.cookie = auth.cookie;
    if (auth.bearer) h.authorization = `Bearer ${auth.bearer}`;
    const binary = body instanceof Uint8Array;
    if (body !== undefined && !h['content-type']) h['content-type'] = binary ? 'application/octet-stream' : 'application/json';
    const payload = body === undefined ? undefined : binary ? new Uint8Array(body) : typeof body === 'string' ? body : JSON.stringify(body);
    const res = await fetch(base + url, { method, headers: h, body: payload });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = text;
    }
    return { status: res.status, headers: res.headers, body: parsed as any, text };
  };
  return {
    request,
    get: (u) => request('GET', u),
    post: (u, b) => request('POST', u, b ?? {}),
    patch: (u, b) => request('PATCH', u, b ?? {}),
    put: (u, b) => request('PUT', u, b ?? {}),
    delete: (u) => request('DELETE', u),
  };
}

export interface TestServerOptions extends ContainerOptions {
  database?: 'sqlite' | 'postgres';
  demo?: boolean;
  overrides?: Record<string, unknown>;
}

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'argus-test-'));
  const schema = options.database === 'postgres' ? uniqueSchema('argus_test') : undefined;
  const config = loadConfig({
    env: {},
    overrides: {
      dataDir,
      'server.port': 0,
      'server.logLevel': 'silent',
      'demo.enabled': options.demo ?? false,
      ...(schema ? { 'database.url': POSTGRES_URL, 'database.schema': schema } : {}),
      ...options.overrides,
    },
  });
  const server = await startServer(config, { ...options, logger: false });
  const adminCredentials = { username: 'admin', password: TEST_PASSWORD };
  await server.container.setup.createFirstAdmin(adminCredentials);
  const signIn = async (username: string, password: string): Promise<Caller> => {
    const res = await fetch(`${server.url}/api/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    if (res.status !== 200) throw new Error(`sign-in of ${username} failed: ${res.status} ${await res.text()}`);
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    return caller(server.url, { cookie });
  };
  const admin = await signIn(adminCredentials.username, adminCredentials.password);
  const root = await server.container.domains.ensureRoot();
  const ts: TestServer = {
    url: server.url,
    server,
    admin,
    adminCredentials,
    anonymous: caller(server.url, {}),
    signIn,
    withToken: (token) => caller(server.url, { bearer: token }),
    userWith: async (username, grants) => {
      const res = await ts.admin.post<{ id: string }>('/api/users', { username, password: TEST_PASSWORD, grants });
      if (res.status !== 201) throw new Error(`creating ${username} failed: ${res.status} ${res.text}`);
      return { ...(await signIn(username, TEST_PASSWORD)), id: res.body.id };
    },
    rootDomainId: root.id,
    close: async () => {
      await server.close();
      if (schema) await dropSchema(schema);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  return ts;
}
