import mqtt, { type MqttClient } from 'mqtt';
import type { EventLog } from '../events/event-port';
import { holdForGap } from './webhook-dispatcher';
import { isoAt } from '../../util/clock';
import { cameraStateMessage, eventMessages, redactBrokerUrl, type MqttMessage } from './mqtt-topics';
import type { MqttConfig } from './subscriptions.config';
import type { WebhooksRepo } from './webhooks.repo';

export const MQTT_TARGET = 'mqtt';

export interface MqttStatus {
  enabled: boolean;
  connected: boolean;
  broker: string;
  topicPrefix: string;
  lastPublishAt: string | null;
  cursorSeq: number | null;
  backlog: number | null;
  published: number;
  lastError: string | null;
}

export interface MqttPublisherDeps {
  config: MqttConfig;
  log: EventLog;
  repo: WebhooksRepo;
  now(): number;
  /** Cameras and their recorder state, for `<prefix>/<camera>/state`. */
  cameras(): Promise<Array<{ id: string; name: string; state: { status: string; reason: string | null; sinceMs: number | null } | null }>>;
  batchSize?: number;
  /** A publish not acknowledged in this time counts as failed (the batch is retried from the cursor). */
  ackTimeoutMs?: number;
  onError?(err: unknown): void;
}

/**
 * Publishes events to MQTT as one more durable target: its cursor lives in subscription_cursors ('mqtt'); events are
 * published with the configured QoS and the cursor advances only after the broker acknowledged every message of an
 * event (PUBACK for QoS 1). While the broker is away nothing advances; mqtt.js reconnects with its period, and the
 * loop resumes from the cursor, so events published meanwhile arrive after the broker is back (at least once).
 * `<prefix>/available` is retained 'online' and the last will sets it to 'offline'.
 */
export class MqttPublisher {
  private client: MqttClient | null = null;
  private closed = false;
  private running = false;
  private again = false;
  private stateTimer: NodeJS.Timeout | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private lastPublishMs: number | null = null;
  private published = 0;
  private lastError: string | null = null;
  private cursor: number | null = null;
  private lastSeqSeen: number | null = null;
  private readonly classCounts = new Map<string, number>();
  private loopDone: Promise<void> = Promise.resolve();

  constructor(private readonly deps: MqttPublisherDeps) {}

  get enabled(): boolean {
    return this.deps.config.enabled;
  }

  start(): void {
    if (!this.enabled || this.client || this.closed) return;
    const c = this.deps.config;
    const prefix = c.topicPrefix;
    this.client = mqtt.connect(c.url, {
      clientId: c.clientId,
      ...(c.username ? { username: c.username } : {}),
      ...(c.password ? { password: c.password } : {}),
      reconnectPeriod: 1000,
      connectTimeout: 10_000,
      will: { topic: `${prefix}/available`, payload: Buffer.from('offline'), qos: 1, retain: true },
    });
    this.client.on('connect', () => {
      this.lastError = null;
      void this.client?.publishAsync(`${prefix}/available`, 'online', { qos: 1, retain: true }).catch((e: unknown) => this.fail(e));
      void this.publishStates();
      this.kick();
    });
    this.client.on('error', (e) => this.fail(e));
    this.stateTimer = setInterval(() => void this.publishStates(), c.stateIntervalMs);
    this.stateTimer.unref?.();
  }

  /** New events may be there: run the publish loop (coalesced). */
  kick(): void {
    if (!this.client || this.closed) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    this.loopDone = this.loop()
      .catch((e: unknown) => {
        this.fail(e);
        this.retrySoon();
      })
      .finally(() => {
        this.running = false;
        if (this.again && !this.closed) {
          this.again = false;
          this.kick();
        }
      });
  }

  async status(): Promise<MqttStatus> {
    const c = this.deps.config;
    const cursor = this.cursor ?? (await this.deps.repo.targetCursor(MQTT_TARGET).catch(() => null));
    const last = await this.deps.log.lastSeq().catch(() => this.lastSeqSeen);
    return {
      enabled: c.enabled,
      connected: this.client?.connected ?? false,
      broker: redactBrokerUrl(c.url),
      topicPrefix: c.topicPrefix,
      lastPublishAt: this.lastPublishMs === null ? null : isoAt(this.lastPublishMs),
      cursorSeq: cursor,
      backlog: cursor !== null && last !== null ? Math.max(0, last - cursor) : null,
      published: this.published,
      lastError: this.lastError,
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.stateTimer) clearInterval(this.stateTimer);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    await this.loopDone.catch(() => undefined);
    const client = this.client;
    this.client = null;
    if (!client) return;
    if (client.connected) {
      await client.publishAsync(`${this.deps.config.topicPrefix}/available`, 'offline', { qos: 1, retain: true }).catch(() => undefined);
    }
    await client.endAsync(true).catch(() => undefined);
  }

  private fail(e: unknown): void {
    this.lastError = e instanceof Error ? e.message : String(e);
    this.deps.onError?.(e);
  }

  private retrySoon(): void {
    if (this.closed || this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.kick();
    }, 1000);
    this.retryTimer.unref?.();
  }

  private async publish(m: MqttMessage, qos: 0 | 1 | 2): Promise<void> {
    const client = this.client;
    if (!client?.connected) throw new Error('not connected to the broker');
    const timeoutMs = this.deps.ackTimeoutMs ?? 10_000;
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        client.publishAsync(m.topic, m.payload, { qos, retain: m.retain }),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no acknowledgement from the broker within ${timeoutMs} ms`)), timeoutMs);
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
    this.published++;
    this.lastPublishMs = this.deps.now();
  }

  private async loop(): Promise<void> {
    const c = this.deps.config;
    const batch = this.deps.batchSize ?? 200;
    let cursor = await this.deps.repo.targetCursor(MQTT_TARGET);
    if (cursor === null) {
      // First start: begin with what is stored from now on.
      cursor = await this.deps.log.lastSeq();
      await this.deps.repo.setTargetCursor(MQTT_TARGET, cursor, isoAt(this.deps.now()));
    }
    this.cursor = cursor;
    while (!this.closed && this.client?.connected) {
      const events = await this.deps.log.after(cursor, batch);
      if (events.length === 0) return;
      for (const e of events) {
        if (this.closed || !this.client.connected) return;
        if (holdForGap(cursor, e, this.deps.now())) {
          this.retrySoon();
          return;
        }
        let count: number | null = null;
        if (e.className) {
          const key = `${e.cameraId}\u0000${e.className}`;
          count = (this.classCounts.get(key) ?? 0) + 1;
          this.classCounts.set(key, count);
        }
        await Promise.all(eventMessages(c.topicPrefix, e, count, c.retainState).map((m) => this.publish(m, m.retain ? 1 : c.qos)));
        cursor = e.seq;
        this.cursor = cursor;
        this.lastSeqSeen = e.seq;
        await this.deps.repo.setTargetCursor(MQTT_TARGET, cursor, isoAt(this.deps.now()));
      }
      if (events.length < batch) return;
    }
  }

  private async publishStates(): Promise<void> {
    if (!this.client?.connected || this.closed) return;
    try {
      const cams = await this.deps.cameras();
      for (const cam of cams) await this.publish(cameraStateMessage(this.deps.config.topicPrefix, cam, cam.state, this.deps.config.retainState), 1);
    } catch (e) {
      this.fail(e);
    }
  }
}
