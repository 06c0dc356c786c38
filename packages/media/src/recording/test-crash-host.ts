/**
 * Test fixture (crash-recovery.test.ts): a minimal "server" that records one source and leaves the segments where
 * they are (it never moves them). It prints one JSON line per state change and per segment, and is killed with -9.
 *   node --import tsx test-crash-host.ts '{"url":"…","workDir":"…","sourceId":"…","segmentSeconds":2}'
 */
import { SourceRecorder } from './source-recorder';

interface HostArgs {
  url: string;
  workDir: string;
  sourceId: string;
  segmentSeconds: number;
}

const args = JSON.parse(process.argv[2] ?? '{}') as HostArgs;
const print = (value: unknown): void => {
  process.stdout.write(`${JSON.stringify(value)}\n`);
};
const recorder = new SourceRecorder({
  sourceId: args.sourceId,
  input: { url: args.url },
  workDir: args.workDir,
  segmentSeconds: args.segmentSeconds,
  stallTimeoutSeconds: 5,
  backoff: { initialMs: 200, maxMs: 2000 },
  loopFiles: true,
  async onSegment(segment) {
    print({ segment });
  },
  onState(state) {
    print({ state, pid: recorder.stats().pid });
  },
});
recorder.start();
