/** Rules for preference keys and values, pure so the service and its tests share them. */

export const PREFERENCE_KEY_PATTERN = '^[a-z][a-z0-9._-]{0,63}$';
const KEY_RE = new RegExp(PREFERENCE_KEY_PATTERN);

/** The largest stored value: its JSON text, in UTF-8 bytes. */
export const MAX_PREFERENCE_BYTES = 64 * 1024;

export function isPreferenceKey(key: string): boolean {
  return KEY_RE.test(key);
}

/** Deepest nesting of arrays and objects a value may have (JSON.stringify recurses: very deep values overflow it). */
export const MAX_PREFERENCE_DEPTH = 32;

/** True when `value` nests arrays/objects deeper than `limit`; iterative, so any input is safe. */
export function nestedDeeperThan(value: unknown, limit: number): boolean {
  const stack: Array<{ v: unknown; d: number }> = [{ v: value, d: 0 }];
  while (stack.length > 0) {
    const { v, d } = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (d + 1 > limit) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push({ v: child, d: d + 1 });
  }
  return false;
}

/** The JSON text to store, or why the value cannot be stored. */
export function encodePreference(value: unknown): { ok: true; text: string } | { ok: false; reason: string } {
  if (value === undefined) return { ok: false, reason: 'value is required' };
  if (nestedDeeperThan(value, MAX_PREFERENCE_DEPTH)) return { ok: false, reason: `value nests deeper than ${MAX_PREFERENCE_DEPTH} levels` };
  const text = JSON.stringify(value);
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_PREFERENCE_BYTES) return { ok: false, reason: `value is ${bytes} bytes of JSON; at most ${MAX_PREFERENCE_BYTES} are allowed` };
  return { ok: true, text };
}
