import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createPager, type CursorPage } from './use-cursor-pages';

/** A fetch whose answers the test gives by hand, in any order. */
function manualFetch() {
  const pending: { filter: string; cursor: string | null; resolve: (p: CursorPage<number>) => void; reject: (e: unknown) => void }[] = [];
  const fetch = (filter: string, cursor: string | null) => new Promise<CursorPage<number>>((resolve, reject) => pending.push({ filter, cursor, resolve, reject }));
  return { pending, fetch };
}

function recorder() {
  const log: string[] = [];
  return {
    log,
    sink: {
      setLoading: (on: boolean) => log.push(`loading=${on}`),
      setError: (e: unknown) => log.push(`error=${e instanceof Error ? e.message : String(e)}`),
      page: (items: number[], appended: boolean, next: string | null) => log.push(`page=${items.join(',')} appended=${appended} next=${next}`),
    },
  };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('createPager', () => {
  it('loads a first page, then appends the next one from its cursor', async () => {
    const { pending, fetch } = manualFetch();
    const { log, sink } = recorder();
    const pager = createPager(fetch, sink);
    pager.load('all', null);
    pending[0]!.resolve({ items: [3, 2], nextCursor: 'c1' });
    await tick();
    pager.load('all', 'c1');
    assert.equal(pending[1]!.cursor, 'c1');
    pending[1]!.resolve({ items: [1], nextCursor: null });
    await tick();
    assert.deepEqual(log, ['loading=true', 'error=null', 'page=3,2 appended=false next=c1', 'loading=false', 'loading=true', 'error=null', 'page=1 appended=true next=null', 'loading=false']);
  });

  it('drops the answer to a request overtaken by a newer one, success or failure', async () => {
    const { pending, fetch } = manualFetch();
    const { log, sink } = recorder();
    const pager = createPager(fetch, sink);
    pager.load('old', null);
    pager.load('new', null);
    pending[1]!.resolve({ items: [9], nextCursor: null });
    pending[0]!.resolve({ items: [1], nextCursor: 'x' });
    await tick();
    assert.deepEqual(log.filter((l) => l.startsWith('page')), ['page=9 appended=false next=null']);
    pager.load('newer', null);
    pager.load('newest', null);
    pending[2]!.reject(new Error('stale failure'));
    await tick();
    assert.ok(!log.includes('error=stale failure'));
  });

  it('is settled only once the newest request has answered with a page', async () => {
    const { pending, fetch } = manualFetch();
    const { log, sink } = recorder();
    const pager = createPager(fetch, sink);
    assert.equal(pager.settled(), true);
    pager.load('a', null);
    assert.equal(pager.settled(), false);
    pending[0]!.reject(new Error('down'));
    await tick();
    assert.equal(pager.settled(), false, 'a failed page leaves it unsettled, so paging does not run on by itself');
    assert.deepEqual(log.slice(-2), ['error=down', 'loading=false']);
    pager.load('a', null);
    pending[1]!.resolve({ items: [], nextCursor: null });
    await tick();
    assert.equal(pager.settled(), true);
  });
});
