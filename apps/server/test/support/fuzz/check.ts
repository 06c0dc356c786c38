import { ERROR_CATALOGUE } from '../../../src/errors';
import type { FuzzCase } from './cases';
import type { RawResponse } from './raw-client';

/**
 * Judges one answer: never 5xx, the expected class of status, and every 4xx a problem document whose `code` is in
 * the catalogue with a matching status and a correlation id. Returns why it is wrong, or null.
 */
export function judge(c: FuzzCase, res: RawResponse): string | null {
  if (res.status === 0) return `no response (${res.error ?? 'connection closed'})`;
  if (res.status >= 500) return `server error ${res.status}: ${res.text.slice(0, 300)}`;
  if (res.status < 200 || res.status >= 500) return `unexpected status ${res.status}`;
  const { expect } = c;
  if (expect === 'reject' && (res.status < 400 || res.status >= 500)) return `accepted (${res.status}) a request that must be refused: ${res.text.slice(0, 200)}`;
  if (Array.isArray(expect) && !expect.includes(res.status)) return `status ${res.status}, expected ${expect.join(' or ')}: ${res.text.slice(0, 200)}`;
  if (res.status < 400) return null;

  const ct = String(res.headers['content-type'] ?? '');
  if (!ct.startsWith('application/problem+json')) return `${res.status} with content-type "${ct}" instead of application/problem+json: ${res.text.slice(0, 200)}`;
  const p = res.json as { code?: unknown; status?: unknown; correlationId?: unknown } | undefined;
  if (!p || typeof p !== 'object') return `${res.status} problem body is not JSON: ${res.text.slice(0, 200)}`;
  if (typeof p.code !== 'string' || !Object.hasOwn(ERROR_CATALOGUE, p.code)) return `${res.status} with code ${JSON.stringify(p.code)} that is not in ERROR_CATALOGUE`;
  const entry = ERROR_CATALOGUE[p.code as keyof typeof ERROR_CATALOGUE];
  if (entry.status !== res.status || p.status !== res.status) return `code ${p.code} is ${entry.status} in the catalogue, body says ${String(p.status)}, HTTP says ${res.status}`;
  if (typeof p.correlationId !== 'string' || p.correlationId.length === 0) return `${res.status} ${p.code} without a correlationId`;
  const header = res.headers['x-correlation-id'];
  if (header !== undefined && header !== p.correlationId) return `x-correlation-id header ${String(header)} differs from the body's ${p.correlationId}`;
  if (c.correlation?.startsWith('!') && p.correlationId === c.correlation.slice(1)) return `echoed a hostile correlation id ${c.correlation.slice(1)}`;
  if (c.correlation && !c.correlation.startsWith('!') && p.correlationId !== c.correlation) return `correlationId ${p.correlationId} does not echo ${c.correlation}`;
  return null;
}
