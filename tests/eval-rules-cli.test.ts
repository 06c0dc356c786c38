/**
 * `argus eval rules` through the real CLI on real footage (PETS09-S2L1, 400 frames with MOTChallenge ground truth):
 * the output format, exit code 2 for invalid rule files, and the accuracy of the pipeline's events against the
 * events the SAME rule engine produces over the ground-truth tracks (matched within ±1 s and 0.1 of the image).
 * Floors are below the figures in docs/rules.md, with margin for detector/ffmpeg build differences.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { requireSharedFile } from '@argus/media';

const root = path.resolve(import.meta.dirname, '..');
const dir = mkdtempSync(path.join(tmpdir(), 'argus-eval-rules-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function argus(args: string[]) {
  return spawnSync('npx', ['argus', ...args], { cwd: root, encoding: 'utf8', timeout: 240_000 });
}
function writeJson(name: string, value: unknown): string {
  const file = path.join(dir, name);
  writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value));
  return file;
}

/** The rule set measured in docs/rules.md: the walkway right of the lamp post, a vertical line through it. */
const PETS_RULES = {
  zones: [{ name: 'walkway', polygon: [[0.45, 0.3], [0.85, 0.3], [0.85, 0.62], [0.45, 0.62]] }],
  lines: [{ name: 'mid', from: [0.5, 0.15], to: [0.5, 0.85] }],
  rules: [
    { type: 'intrusion', zone: 'walkway', classes: ['person'], minSeconds: 0 },
    { type: 'crossing', line: 'mid', direction: 'both', classes: ['person'] },
    { type: 'loitering', zone: 'walkway', classes: ['person'], minSeconds: 5 },
  ],
};

/** Measured (docs/rules.md) → floor asserted here. */
const FLOORS = {
  intrusion: { precision: 0.7, recall: 0.85 },
  crossing: { precision: 0.65, recall: 0.55 },
  loitering: { precision: 0.7, recall: 0.6 },
} as const;

describe('argus eval rules', () => {
  it('PETS09-S2L1 frames 1-400: one JSON line per event, the summary last line, and accuracy against ground truth', (t) => {
    const video = requireSharedFile('videos/opencv_vtest_PETS09-S2L1.avi', t);
    const gt = requireSharedFile('gt/pets09_s2l1_dev/gt_mot_480x360_frames1-400.txt', t);
    if (!video || !gt) return;
    const rules = writeJson('pets.json', PETS_RULES);
    const r = argus(['eval', 'rules', '--video', video, '--rules', rules, '--from-frame', '1', '--to-frame', '400', '--gt', gt]);
    assert.equal(r.status, 0, r.stderr);
    const lines = r.stdout.trim().split('\n');
    const last = lines.at(-1) ?? '';
    const m = /^events intrusion=(\d+) crossing=(\d+) loitering=(\d+)$/.exec(last);
    assert.ok(m, last);

    const events = lines.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
    for (const type of ['intrusion', 'crossing', 'loitering'] as const) {
      const n = events.filter((e) => e.type === type).length;
      assert.equal(n, Number(m[['intrusion', 'crossing', 'loitering'].indexOf(type) + 1]), `${type} lines vs summary`);
      assert.ok(n > 0, `some ${type} events`);
    }
    for (const e of events) {
      assert.equal(typeof e.rule, 'string');
      assert.equal(typeof e.track, 'string');
      assert.ok(typeof e.time === 'number' && e.time >= 0 && e.time <= 40, `time ${String(e.time)} within the 40 s analysed`);
      assert.ok(Array.isArray(e.boxes) && e.boxes.length === 1);
    }
    const times = events.map((e) => e.time as number);
    assert.deepEqual(times, [...times].sort((a, b) => a - b), 'events in time order');

    for (const [type, floor] of Object.entries(FLOORS)) {
      const a = new RegExp(`^accuracy ${type} expected=(\\d+) found=(\\d+) matched=(\\d+) precision=(\\d\\.\\d+) recall=(\\d\\.\\d+)$`, 'm').exec(r.stdout);
      assert.ok(a, `accuracy line for ${type}`);
      t.diagnostic(a[0]);
      assert.ok(Number(a[1]) >= 5, `ground truth has ${type} events to score`);
      assert.ok(Number(a[4]) >= floor.precision, `${type} precision ${a[4]} < ${floor.precision}`);
      assert.ok(Number(a[5]) >= floor.recall, `${type} recall ${a[5]} < ${floor.recall}`);
    }
  });

  it('invalid rule files exit 2 and list the problems with their fields', () => {
    const bad = writeJson('bad.json', {
      zones: [{ name: 'z', polygon: [[0.2, 0.2], [0.8, 0.8], [0.8, 0.2], [0.2, 0.8]] }, { name: 'y', polygon: [[0, 0], [1, 1]] }],
      lines: [{ name: 'l', from: [0.5, 0.5], to: [0.5, 0.5] }],
      rules: [
        { type: 'intrusion', zone: 'missing', classes: ['unicorn'] },
        { type: 'loitering', zone: 'z', minSeconds: -3, schedule: { kind: 'cron', expression: '0 0 31 2 *', durationMinutes: 10 } },
      ],
    });
    const r = argus(['eval', 'rules', '--video', 'unused.avi', '--rules', bad]);
    assert.equal(r.status, 2, r.stderr);
    for (const needle of [
      /zones\/0\/polygon: intersects itself/,
      /zones\/1\/polygon: needs at least 3 points/,
      /lines\/0: has zero length/,
      /rules\/0\/zone: no zone is named "missing"/,
      /rules\/0\/classes\/0: unknown class "unicorn"/,
      /rules\/1\/minSeconds: must be at least 0/,
      /rules\/1\/schedule\/expression: "0 0 31 2 \*" matches no date in a year/,
    ]) assert.match(r.stderr, needle);

    const notJson = argus(['eval', 'rules', '--video', 'x.avi', '--rules', writeJson('nj.json', '{"zones": [')]);
    assert.equal(notJson.status, 2);
    assert.match(notJson.stderr, /is not JSON/);
    assert.equal(argus(['eval', 'rules', '--video', 'x.avi']).status, 2, '--rules missing');
    assert.equal(argus(['eval', 'rules', '--video', 'x.avi', '--rules', path.join(dir, 'none.json')]).status, 2, 'unreadable');
    const range = argus(['eval', 'rules', '--video', 'x.avi', '--rules', writeJson('ok.json', PETS_RULES), '--from-frame', '9', '--to-frame', '3']);
    assert.equal(range.status, 2);
    assert.match(range.stderr, /--to-frame 3 is before --from-frame 9/);
    const fps = argus(['eval', 'rules', '--video', 'x.avi', '--rules', writeJson('ok2.json', PETS_RULES), '--fps', '0']);
    assert.equal(fps.status, 2);
    assert.match(fps.stderr, /--fps must be a number of frames a second above 0/);
  });
});
