/**
 * The contract between the producers of events (analysis tasks and their rules, the API, the system) and the event
 * center, and between the event center and its durable consumers (webhook and MQTT subscriptions).
 *
 * Producers call `EventSink.publish`; the event center stores the event (or folds it into an open one with the same
 * de-duplication key), then notifies `EventFeed` listeners in-process. Durable consumers do not rely on the feed
 * alone: every stored event gets a strictly increasing `seq`, and `EventLog.after(seq)` reads what a consumer has not
 * seen yet (after a restart, a receiver outage, …). The feed only wakes them up.
 */

export type EventSeverity = 'info' | 'minor' | 'major' | 'critical';
export const EVENT_SEVERITIES: readonly EventSeverity[] = ['info', 'minor', 'major', 'critical'];

/** Where an event came from. */
export interface EventOrigin {
  kind: 'rule' | 'api' | 'system';
  taskId?: string;
  ruleId?: string;
  /** Human name of the rule at the time of the event. */
  ruleName?: string;
}

/** A box in image coordinates normalised to 0..1 (x, y = top-left corner). */
export interface EventBox {
  x: number;
  y: number;
  w: number;
  h: number;
  className: string;
  confidence: number;
  trackId?: string;
}

export interface NewEvent {
  cameraId: string;
  origin: EventOrigin;
  /** 'intrusion' | 'crossing' | 'loitering' | 'crowd' | 'counting' | 'left_behind' | 'removed' | … (free text, [a-z_]+). */
  type: string;
  className: string | null;
  trackId: string | null;
  severity: EventSeverity;
  /** Wall-clock time of the frame that fired, epoch ms. */
  occurredAtMs: number;
  confidence: number | null;
  boxes: EventBox[];
  /** Blob-store keys of the JPEG snapshot (boxes drawn) and the clean crop, written by the producer. */
  snapshotKey?: string;
  cropKey?: string;
  /** Rule specifics: direction of a crossing, seconds of a stay, a count, … */
  details?: Record<string, unknown>;
  /**
   * Firings with the same key within `dedupWindowMs` of the open event's last firing fold into it (count, last time,
   * best snapshot). Default key: camera + origin rule + track; no window (0) = never fold.
   */
  dedupKey?: string;
  dedupWindowMs?: number;
  /** Producer's measurement: when the frame was captured (epoch ms), for latency metrics. */
  capturedAtMs?: number;
}

import type { EventState } from '@argus/domain';

export type { EventState };

/** An event as stored (what list/detail answer, what subscriptions deliver). */
export interface StoredEvent extends Omit<NewEvent, 'dedupWindowMs'> {
  id: string;
  /** Strictly increasing across all events; the cursor of durable consumers. */
  seq: number;
  cameraName: string;
  domainPath: string;
  state: EventState;
  /** Firings folded into this event (1 = just itself). */
  count: number;
  firstAtMs: number;
  lastAtMs: number;
  createdAtMs: number;
}

export interface PublishResult {
  event: StoredEvent;
  /** True when the firing folded into an existing event instead of creating one. */
  folded: boolean;
}

export interface EventSink {
  publish(event: NewEvent): Promise<PublishResult>;
}

export interface EventNotice {
  kind: 'created' | 'updated';
  event: StoredEvent;
}

export interface EventFeed {
  /** In-process notification after the event is committed; returns an unsubscribe function. Never blocks publish. */
  subscribe(listener: (notice: EventNotice) => void): () => void;
}

export interface EventLog {
  /** Events with seq > `afterSeq`, in seq order, at most `limit`. */
  after(afterSeq: number, limit: number): Promise<StoredEvent[]>;
  /** The highest seq stored so far (0 when none). */
  lastSeq(): Promise<number>;
}
