/** Opaque list cursor: the (occurred_ms, id) of the last item of a page, base64url. Pure. */
export interface EventCursor {
  occurredMs: number;
  id: string;
}

export function encodeCursor(c: EventCursor): string {
  return Buffer.from(`${c.occurredMs}|${c.id}`, 'utf8').toString('base64url');
}

/** The decoded cursor, or null when it is not one of ours. */
export function decodeCursor(raw: string): EventCursor | null {
  let text: string;
  try {
    text = Buffer.from(raw, 'base64url').toString('utf8');
  } catch {
    return null;
  }
  const m = /^(\d{1,15})\|([a-z]{3}_[0-9a-z]{1,60})$/.exec(text);
  if (!m?.[1] || !m[2]) return null;
  return { occurredMs: Number(m[1]), id: m[2] };
}
