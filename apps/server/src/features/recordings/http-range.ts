/** HTTP byte ranges (RFC 9110 §14) for serving stored video: one range per request, as players ask. */

export type RangeOutcome = { kind: 'full' } | { kind: 'partial'; start: number; end: number } | { kind: 'unsatisfiable' };

/**
 * `bytes=a-b`, `bytes=a-`, `bytes=-n` against a file of `size` bytes. Anything else (other units, several ranges,
 * garbage) is ignored and the whole file is served, as RFC 9110 allows.
 */
export function parseRangeHeader(header: string | undefined, size: number): RangeOutcome {
  if (header === undefined) return { kind: 'full' };
  const m = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header);
  if (!m) return { kind: 'full' };
  const [, a = '', b = ''] = m;
  if (a === '' && b === '') return { kind: 'full' };
  if (a.length > 15 || b.length > 15) return { kind: 'unsatisfiable' };
  if (a === '') {
    const n = Number(b);
    if (n === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'partial', start: Math.max(0, size - n), end: size - 1 };
  }
  const start = Number(a);
  const end = b === '' ? size - 1 : Math.min(Number(b), size - 1);
  if (start >= size || (b !== '' && Number(b) < start)) return { kind: 'unsatisfiable' };
  return { kind: 'partial', start, end };
}
