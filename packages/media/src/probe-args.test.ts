import assert from 'node:assert/strict';
import { it } from 'node:test';
import { buildProbeArgs, inputOptions } from './probe-args';
import { resolveMediaTarget } from './source-url';

function target(url: string) {
  const r = resolveMediaTarget(url);
  assert.ok(r.ok);
  return r.target;
}

it('uses -rtsp_transport and -timeout (µs) for RTSP', () => {
  assert.deepEqual(inputOptions(target('rtsp://h/x'), 2500, 'tcp'), ['-rtsp_transport', 'tcp', '-timeout', '2500000']);
  assert.deepEqual(inputOptions(target('rtsps://h/x'), 1000, 'udp'), ['-rtsp_transport', 'udp', '-timeout', '1000000']);
});

it('uses -rw_timeout for other network inputs and nothing for files', () => {
  assert.deepEqual(inputOptions(target('http://h/x.mp4'), 3000, 'tcp'), ['-rw_timeout', '3000000']);
  assert.deepEqual(inputOptions(target('rtmp://h/live/k'), 3000, 'tcp'), ['-rw_timeout', '3000000']);
  assert.deepEqual(inputOptions(target('/a.mp4'), 3000, 'tcp'), []);
});

it('asks for streams, format and a short packet sample in one run, input last', () => {
  const args = buildProbeArgs(target('rtsp://h/x'), { ioTimeoutMs: 5000, rtspTransport: 'tcp', sampleSeconds: 2 });
  assert.deepEqual(args.slice(0, 6), ['-hide_banner', '-v', 'error', '-print_format', 'json', '-show_streams']);
  assert.ok(args.includes('-show_format'));
  assert.equal(args[args.indexOf('-read_intervals') + 1], '%+2');
  assert.equal(args[args.indexOf('-show_entries') + 1], 'packet=stream_index,size,pts_time,dts_time,flags');
  assert.deepEqual(args.slice(-2), ['-i', 'rtsp://h/x']);
  assert.ok(args.indexOf('-timeout') < args.indexOf('-i'));
});
