import { AppError, invalid } from '../../errors';

/** Earliest instant any query may name; anything before is a typo or an attack, not a recording. */
export const EARLIEST_MS = Date.UTC(2000, 0, 1);
/** How far into the future a range may reach (clock skew between cameras and server, a timeline ending "now"). */
export const FUTURE_SLACK_MS = 24 * 3600 * 1000;

const EPOCH_MS = /^\d{1,15}$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** Query/body instants: epoch milliseconds (digits) or ISO-8601 with a zone. */
export const INSTANT_PATTERN = '^(\\d{1,15}|\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:\\d{2}))$';

export function parseInstant(field: string, raw: string | number): number {
  if (typeof raw === 'number') {
    if (!Number.isSafeInteger(raw)) throw invalid(field, 'must be epoch milliseconds or an ISO-8601 time');
    return raw;
  }
  const text = raw.trim();
  let ms = Number.NaN;
  if (EPOCH_MS.test(text)) ms = Number(text);
  else if (ISO.test(text)) ms = Date.parse(text);
  if (!Number.isFinite(ms)) throw invalid(field, 'must be epoch milliseconds or an ISO-8601 time with a zone (2026-01-31T08:00:00Z)');
  return ms;
}

export interface TimeRangeRules {
  nowMs: number;
  /** Longest allowed span. */
  maxSpanMs: number;
  /** Name of the limit for the message (e.g. "24 h per export"). */
  maxSpanText: string;
}

/** Parses and checks a [from, to) range: ordered, not absurdly early or late, not longer than allowed. */
export function parseRange(rawFrom: string | number, rawTo: string | number, rules: TimeRangeRules): { fromMs: number; toMs: number } {
  const fromMs = parseInstant('from', rawFrom);
  const toMs = parseInstant('to', rawTo);
  if (fromMs >= toMs) throw new AppError('validation_failed', 'from must be before to', [{ field: 'to', message: 'must be after from' }]);
  if (fromMs < EARLIEST_MS) throw invalid('from', 'is before the year 2000');
  if (toMs > rules.nowMs + FUTURE_SLACK_MS) throw invalid('to', 'is more than a day in the future');
  if (toMs - fromMs > rules.maxSpanMs) throw invalid('to', `the range is longer than ${rules.maxSpanText}`);
  return { fromMs, toMs };
}
