export type Bucket = 'hour' | 'day';

const SPAN: Record<Bucket, number> = { hour: 3_600_000, day: 86_400_000 };

/** Start of the UTC bucket holding `ms`. Pure. */
export function bucketStart(ms: number, bucket: Bucket): number {
  return Math.floor(ms / SPAN[bucket]) * SPAN[bucket];
}

/** Bucket starts covering [fromMs, toMs). Pure. */
export function bucketStarts(fromMs: number, toMs: number, bucket: Bucket): number[] {
  const out: number[] = [];
  for (let t = bucketStart(fromMs, bucket); t < toMs; t += SPAN[bucket]) out.push(t);
  return out;
}

export const MAX_BUCKETS = 2000;
