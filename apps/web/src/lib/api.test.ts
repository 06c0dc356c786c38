import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiError, call, fieldErrorsOf } from './api';

const problem = (errors?: Array<{ field: string; message: string }>) => ({
  type: 'https://argus.dev/problems/validation_failed',
  title: 'The request is not valid',
  status: 400,
  code: 'validation_failed',
  detail: 'body/location/latitude must be <= 90',
  correlationId: 'abc12345',
  ...(errors ? { errors } : {}),
});

describe('api helpers', () => {
  it('maps field errors from body paths and service names to form keys', () => {
    const err = new ApiError(problem([{ field: 'body/location/latitude', message: 'must be <= 90' }, { field: 'mainUrl', message: 'bad scheme' }, { field: 'groupIds/0', message: 'no such group' }]));
    assert.deepEqual(fieldErrorsOf(err), { 'location.latitude': 'must be <= 90', mainUrl: 'bad scheme', 'groupIds.0': 'no such group' });
    assert.deepEqual(fieldErrorsOf(new Error('x')), {});
  });

  it('returns data, or throws the server’s problem as an ApiError', async () => {
    const ok = new Response('{}', { status: 200 });
    assert.deepEqual(await call(Promise.resolve({ data: { a: 1 }, response: ok })), { a: 1 });
    const bad = new Response('', { status: 400 });
    await assert.rejects(call(Promise.resolve({ error: problem(), response: bad })), (e: unknown) => e instanceof ApiError && e.status === 400 && e.message.includes('latitude'));
    const proxy = new Response('', { status: 502, statusText: 'Bad Gateway' });
    await assert.rejects(call(Promise.resolve({ error: 'upstream down', response: proxy })), (e: unknown) => e instanceof ApiError && e.status === 502 && e.message === 'upstream down');
    await assert.rejects(call(Promise.reject(new TypeError('fetch failed'))), (e: unknown) => e instanceof ApiError && /cannot be reached/.test(e.message));
  });
});
