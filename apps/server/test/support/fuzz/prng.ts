/** A small seeded PRNG (mulberry32): the same seed gives the same cases, so a failing fuzz run can be replayed. */
export class Rng {
  private state: number;

  constructor(readonly seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(maxExclusive: number): number {
    return Math.floor(this.next() * maxExclusive);
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[this.int(items.length)] as T;
  }

  /** `k` distinct items (all of them when k >= length), in a seeded order. */
  sample<T>(items: readonly T[], k: number): T[] {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
    }
    return copy.slice(0, Math.min(k, copy.length));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }
}

export const DEFAULT_FUZZ_SEED = 20261123;

/** ARGUS_FUZZ_SEED=<integer> replays a run, ARGUS_FUZZ_SEED=random explores a new one; the default is fixed. */
export function fuzzSeed(env: NodeJS.ProcessEnv = process.env): number {
  const given = env.ARGUS_FUZZ_SEED?.trim();
  if (!given) return DEFAULT_FUZZ_SEED;
  if (given === 'random') return Math.floor(Math.random() * 2 ** 31);
  const n = Number(given);
  if (!Number.isInteger(n)) throw new Error(`ARGUS_FUZZ_SEED must be an integer or "random", not ${given}`);
  return n;
}
