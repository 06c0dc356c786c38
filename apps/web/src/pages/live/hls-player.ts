// Plays a live HLS (fMP4) playlist with hls.js tuned for low latency, or natively where hls.js cannot run.
import Hls from 'hls.js';
import { kbpsOf } from './bitrate';
import { LivePlayer, type PlayerHandlers } from './live-player';

/** hls.js settings for live: stay two parts/segments from the edge and speed up a little to catch up. */
export const LIVE_HLS_CONFIG = {
  lowLatencyMode: true,
  liveSyncDurationCount: 1,
  liveMaxLatencyDurationCount: 3,
  maxLiveSyncPlaybackRate: 1.2,
  backBufferLength: 10,
  maxBufferLength: 4,
  enableWorker: true,
  manifestLoadingMaxRetry: 4,
  levelLoadingMaxRetry: 4,
} as const;

export class HlsPlayer extends LivePlayer {
  private hls: Hls | null = null;

  constructor(video: HTMLVideoElement, url: string, handlers: PlayerHandlers) {
    super(video, handlers);
    if (Hls.isSupported()) {
      const hls = new Hls(LIVE_HLS_CONFIG);
      this.hls = hls;
      hls.on(Hls.Events.MANIFEST_PARSED, () => {
        video.play().catch(() => undefined);
      });
      hls.on(Hls.Events.LEVEL_LOADED, (_e, data) => {
        const level = hls.levels[data.level];
        handlers.onMessage({ type: 'init', mime: 'application/vnd.apple.mpegurl', width: level?.width || null, height: level?.height || null, codec: level?.videoCodec ?? null });
      });
      hls.on(Hls.Events.FRAG_LOADED, (_e, data) => {
        const kbps = kbpsOf(data.frag.stats.total, data.frag.duration);
        const level = hls.levels[data.frag.level];
        handlers.onMessage({ type: 'stats', bitrateKbps: kbps, avgBitrateKbps: null, fps: null, width: level?.width || null, height: level?.height || null, codec: level?.videoCodec ?? null, viewers: null, dropped: null });
      });
      hls.on(Hls.Events.ERROR, (_e, data) => {
        if (!data.fatal) return;
        if (data.type === Hls.ErrorTypes.MEDIA_ERROR) {
          hls.recoverMediaError();
          return;
        }
        const code = data.response?.code;
        this.fail(`HLS playback failed (${data.details}${code ? `, HTTP ${code}` : ''}).`, 'error');
      });
      hls.loadSource(url);
      hls.attachMedia(video);
    } else if (video.canPlayType('application/vnd.apple.mpegurl')) {
      video.src = url;
      video.play().catch(() => undefined);
    } else {
      queueMicrotask(() => this.fail('This browser can play neither MSE nor HLS video.', 'error'));
    }
  }

  /** Stops loading and releases the media element. */
  protected release(): void {
    this.hls?.destroy();
    this.hls = null;
    this.video.removeAttribute('src');
    this.video.load();
  }
}
