import { describeCase, type FuzzCase } from './cases';
import { judge } from './check';
import type { RawClient, RawRequest, RawResponse } from './raw-client';

export interface Tally {
  requests: number;
  byStatus: Map<number, number>;
  serverErrors: number;
  failures: Array<{ case: FuzzCase; why: string; res: RawResponse }>;
  /** Bodies of accepted (2xx) answers: every new row must be announced by one of them. */
  accepted: string[];
  byFamily: Map<string, number>;
  acceptedByFamily: Map<string, number>;
}

export function newTally(): Tally {
  return { requests: 0, byStatus: new Map(), serverErrors: 0, failures: [], accepted: [], byFamily: new Map(), acceptedByFamily: new Map() };
}

export function requestOf(c: FuzzCase, adminCookie: string): RawRequest {
  if (c.as === 'anonymous') return c.req;
  const headers = { ...(c.req.headers ?? {}) };
  headers.cookie = headers.cookie ? `${adminCookie}; ${String(headers.cookie)}` : adminCookie;
  return { ...c.req, headers };
}

export function record(tally: Tally, c: FuzzCase, res: RawResponse): void {
  tally.requests++;
  tally.byStatus.set(res.status, (tally.byStatus.get(res.status) ?? 0) + 1);
  if (res.status >= 500) tally.serverErrors++;
  const family = c.family.replace(/\+anonymous$/, '');
  tally.byFamily.set(family, (tally.byFamily.get(family) ?? 0) + 1);
  if (res.status >= 200 && res.status < 300) {
    tally.accepted.push(res.text);
    tally.acceptedByFamily.set(family, (tally.acceptedByFamily.get(family) ?? 0) + 1);
  }
  const why = judge(c, res);
  if (why) tally.failures.push({ case: c, why, res });
}

/** Runs the cases with at most `parallel` in flight (1: strictly one after another, in order). */
export async function runCases(raw: RawClient, cases: readonly FuzzCase[], adminCookie: string, tally: Tally, parallel = 1): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < cases.length) {
      const c = cases[next++] as FuzzCase;
      record(tally, c, await raw.send(requestOf(c, adminCookie)));
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
}

export function statusLine(byStatus: ReadonlyMap<number, number>): string {
  return `{${[...byStatus].sort((a, b) => a[0] - b[0]).map(([s, n]) => `${s === 0 ? 'no-response' : s}: ${n}`).join(', ')}}`;
}

export function familyLine(counts: ReadonlyMap<string, number>): string {
  return `{${[...counts].sort((a, b) => b[1] - a[1]).map(([f, n]) => `${f}: ${n}`).join(', ')}}`;
}

/** Failures grouped by operation, family and reason, with a few reproducible examples each. */
export function failureReport(failures: Tally['failures'], seed: number, examples = 3): string {
  const groups = new Map<string, Tally['failures']>();
  for (const f of failures) {
    const reason = (f.why.split(':')[0] ?? f.why).slice(0, 120);
    const k = `${f.case.op} [${f.case.family.replace(/\+anonymous$/, '')}] ${reason}`;
    groups.set(k, [...(groups.get(k) ?? []), f]);
  }
  const lines = [`${failures.length} bad answers in ${groups.size} groups (seed ${seed}; replay with ARGUS_FUZZ_SEED=${seed}):`];
  for (const [k, fs] of groups) {
    lines.push(`- ${k}  (×${fs.length})`);
    for (const f of fs.slice(0, examples)) lines.push(`    ${describeCase(f.case)}\n      → ${f.why.slice(0, 300)}`);
  }
  return lines.join('\n');
}
