// What the three live players (MSE socket, WebRTC, HLS) share: how they report to their pane, one idempotent
// close, and a fatal failure that closes first and then tells the pane why.
import type { LiveMessage } from './live-messages';

export type FatalKind = 'unsupported' | 'closed' | 'error';

export interface PlayerHandlers {
  onMessage(m: LiveMessage): void;
  /** The socket or the decoder gave up; `reason` is shown in the pane. */
  onFatal(reason: string, kind: FatalKind): void;
}

export abstract class LivePlayer {
  private closed = false;

  protected constructor(
    protected readonly video: HTMLVideoElement,
    protected readonly handlers: PlayerHandlers,
  ) {}

  /** Frees what the player holds (socket, peer connection, hls.js, the element's source); runs once. */
  protected abstract release(): void;

  /** Gives up: closes, then tells the pane (once; nothing after a close). */
  protected fail(reason: string, kind: FatalKind): void {
    if (this.closed) return;
    this.close();
    this.handlers.onFatal(reason, kind);
  }

  /** Stops playing and releases everything; idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.release();
  }

  get isClosed(): boolean {
    return this.closed;
  }
}
