// The console's one way to the server: the generated SDK client, plus error handling shared by every page.
import { createArgusClient, isProblem, type Problem } from '@argus/sdk';

export const api = createArgusClient();

/** An API call that failed: the server's problem document when it sent one, else a synthesised one. */
export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail || problem.title);
    this.name = 'ApiError';
  }

  get status(): number {
    return this.problem.status;
  }

  get code(): string {
    return this.problem.code;
  }
}

function problemFrom(error: unknown, response: Response | undefined): Problem {
  if (isProblem(error)) return error;
  const status = response?.status ?? 0;
  const text = typeof error === 'string' && error.trim() !== '' ? error.slice(0, 300) : '';
  const detail =
    status === 0
      ? 'The server cannot be reached. Check the connection and try again.'
      : text || `The server answered ${status} ${response?.statusText ?? ''}`.trim();
  return { type: 'about:blank', title: 'Request failed', status, code: status === 0 ? 'network' : 'unexpected', detail, correlationId: '' };
}

/** Error message for anything thrown by a call: the problem's detail, or the error's message. */
export function messageOf(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  if (err instanceof Error) return err.message;
  return String(err);
}

/** Field errors of a failed call keyed by field name ('body/location/latitude' → 'location.latitude'). */
export function fieldErrorsOf(err: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!(err instanceof ApiError)) return out;
  for (const e of err.problem.errors ?? []) {
    const key = e.field
      .replace(/^(body|querystring|params)\b\/?/, '')
      .split(/[/.]/)
      .filter((s) => s !== '')
      .join('.');
    out[key] ??= e.message;
  }
  return out;
}

type AnyResult = { data?: unknown; error?: unknown; response: Response };

/** Awaits an SDK call; returns its data or throws an ApiError carrying the server's problem document. */
export async function call<R extends AnyResult>(request: Promise<R>): Promise<Exclude<R['data'], undefined>> {
  let result: R;
  try {
    result = await request;
  } catch (err) {
    console.warn('argus: request failed', err);
    throw new ApiError(problemFrom(undefined, undefined));
  }
  if (result.error !== undefined || !result.response.ok) throw new ApiError(problemFrom(result.error, result.response));
  return result.data as Exclude<R['data'], undefined>;
}

// ---- session expiry: any 401 outside the sign-in/setup calls means the session is gone.
type ExpiredListener = (problem: Problem | null) => void;
const expiredListeners = new Set<ExpiredListener>();
const QUIET_401_PATHS = new Set(['/api/auth/sign-in', '/api/auth/me', '/api/setup', '/api/auth/sign-out']);

export function onSessionExpired(listener: ExpiredListener): () => void {
  expiredListeners.add(listener);
  return () => expiredListeners.delete(listener);
}

api.use({
  async onResponse({ response, schemaPath }) {
    if (response.status !== 401 || QUIET_401_PATHS.has(schemaPath)) return undefined;
    let problem: Problem | null = null;
    try {
      const body: unknown = await response.clone().json();
      if (isProblem(body)) problem = body;
    } catch (err) {
      console.warn('argus: 401 without a problem document', err);
    }
    for (const l of expiredListeners) l(problem);
    return undefined;
  },
});
