// The text messages of the live WebSocket (see docs/console-live.md), parsed defensively. Pure.
import type { OverlayFrame, OverlayObject } from './overlay-sync';

export interface InitMessage {
  type: 'init';
  mime: string;
  width: number | null;
  height: number | null;
  codec: string | null;
}

export interface StatsMessage {
  type: 'stats';
  bitrateKbps: number | null;
  avgBitrateKbps: number | null;
  fps: number | null;
  width: number | null;
  height: number | null;
  codec: string | null;
  viewers: number | null;
  dropped: number | null;
}

export interface StateMessage {
  type: 'state';
  state: 'connecting' | 'live' | 'failing';
  reason: string | null;
}

export type OverlayMessage = { type: 'overlay' } & OverlayFrame;

export type LiveMessage = InitMessage | StatsMessage | StateMessage | OverlayMessage;

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** One text frame → a message, or null for anything unknown or malformed (ignored by the player). */
export function parseLiveMessage(text: string): LiveMessage | null {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof v !== 'object' || v === null) return null;
  const o = v as Record<string, unknown>;
  switch (o.type) {
    case 'init': {
      const mime = str(o.mime);
      return mime ? { type: 'init', mime, width: num(o.width), height: num(o.height), codec: str(o.codec) } : null;
    }
    case 'stats':
      return {
        type: 'stats',
        bitrateKbps: num(o.bitrateKbps),
        avgBitrateKbps: num(o.avgBitrateKbps),
        fps: num(o.fps),
        width: num(o.width),
        height: num(o.height),
        codec: str(o.codec),
        viewers: num(o.viewers),
        dropped: num(o.dropped),
      };
    case 'state':
      return o.state === 'connecting' || o.state === 'live' || o.state === 'failing' ? { type: 'state', state: o.state, reason: str(o.reason) } : null;
    case 'overlay': {
      const t = num(o.decodeTimeS);
      if (t === null || !Array.isArray(o.objects)) return null;
      return { type: 'overlay', decodeTimeS: t, objects: (o.objects as unknown[]).flatMap(parseObject) };
    }
    default:
      return null;
  }
}

function parseObject(v: unknown): OverlayObject[] {
  if (typeof v !== 'object' || v === null) return [];
  const o = v as Record<string, unknown>;
  const box = Array.isArray(o.box) ? (o.box as unknown[]).map(num) : [];
  if (box.length !== 4 || box.some((b) => b === null)) return [];
  const [x, y, w, h] = box as [number, number, number, number];
  return [{ id: str(o.id) ?? (typeof o.id === 'number' ? String(o.id) : ''), className: str(o.className) ?? 'object', box: [x, y, w, h], confidence: num(o.confidence) ?? 0 }];
}
