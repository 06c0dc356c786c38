import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runSubmit, type SubmitSink } from './use-submit';

/** A sink that records every state change in order, as React would apply them. */
function recorder() {
  const log: string[] = [];
  const sink: SubmitSink = {
    setBusy: (b) => log.push(`busy=${b}`),
    setError: (e) => log.push(`error=${e instanceof Error ? e.message : String(e)}`),
  };
  return { log, sink };
}

const settle = () => new Promise((r) => setImmediate(r));

describe('runSubmit', () => {
  it('turns busy on and clears the last error before the call answers', () => {
    const { log, sink } = recorder();
    runSubmit(sink, new Promise(() => undefined), undefined);
    assert.deepEqual(log, ['busy=true', 'error=null']);
  });

  it('shows the failure and frees the form again', async () => {
    const { log, sink } = recorder();
    let done = false;
    runSubmit(sink, Promise.reject(new Error('name taken')), () => (done = true));
    await settle();
    assert.deepEqual(log, ['busy=true', 'error=null', 'error=name taken', 'busy=false']);
    assert.equal(done, false);
  });

  it('keeps a closing form busy after a success, so it cannot be sent twice', async () => {
    const { log, sink } = recorder();
    const got: number[] = [];
    runSubmit(sink, Promise.resolve(7), (v) => got.push(v));
    await settle();
    assert.deepEqual(log, ['busy=true', 'error=null']);
    assert.deepEqual(got, [7]);
  });

  it('frees a repeatable form before handing over the answer', async () => {
    const { log, sink } = recorder();
    runSubmit(sink, Promise.resolve('ok'), (v) => log.push(`done=${v}`), { repeatable: true });
    await settle();
    assert.deepEqual(log, ['busy=true', 'error=null', 'busy=false', 'done=ok']);
  });
});
