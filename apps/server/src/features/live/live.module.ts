import { AppError } from '../../errors';
import type { AuthService } from '../auth/auth.service';
import type { FeatureModule } from '../feature-module';
import type { ModuleDeps } from '../module-deps';
import type { CameraStreams } from './camera-streams-port';
import { registerLiveMetrics } from './live-metrics';
import { registerLiveRoutes } from './live.routes';
import { LIVE_SCHEMAS } from './live.schemas';
import { LiveService } from './live.service';
import { LiveUpstreams } from './live-upstreams';
import { RecorderFeeds } from './recorder-feeds';
import type { OverlayMessage } from './live-ws-viewer';

export interface LiveModule extends FeatureModule {
  streams: CameraStreams;
  /** Sends an analysis overlay (aligned to the stream's decode time) to the camera's live viewers; returns how many. */
  publishOverlay(cameraId: string, msg: OverlayMessage): number;
  readonly service: LiveService;
  readonly upstreams: LiveUpstreams;
}

export interface LiveModuleExtras {
  /** Re-resolves a viewer's credential (revocation checks); container.ts passes the AuthService. */
  auth: Pick<AuthService, 'contextForBearer'>;
}

/** Live view: fan-out of camera streams to browsers (fMP4 over WebSocket, HLS; WebRTC answers 501 for now). */
export function createLiveModule(deps: ModuleDeps, extras: LiveModuleExtras): LiveModule {
  const config = deps.config.live;
  // One camera connection for recording and live: recorders started from now on also feed live view (recorder-feeds.ts).
  const feeds = config.enabled ? new RecorderFeeds(config.fragmentMs) : undefined;
  if (feeds) deps.recorder.useLiveTaps(feeds);
  const upstreams = new LiveUpstreams({
    config,
    ffmpegPath: () => deps.media.tools().ffmpeg,
    camera: (id) => deps.camerasRepo.byId(id),
    credentials: (row) => deps.cameras.streamCredentials(row),
    ...(feeds ? { feeds } : {}),
  });
  const service = new LiveService({
    config,
    clock: deps.clock,
    cameras: deps.camerasRepo,
    audit: deps.audit,
    upstreams,
    resolveCredential: (secret) => extras.auth.contextForBearer(secret, 'live-revalidation'),
  });
  const streams: CameraStreams = {
    async subscribe(cameraId, stream, subscriber) {
      if (!config.enabled) throw new AppError('not_ready', 'live view is turned off');
      const upstream = await upstreams.acquire(cameraId, stream);
      return upstream.subscribe(subscriber);
    },
  };
  let closed = false;
  return {
    name: 'live',
    schemas: LIVE_SCHEMAS,
    streams,
    service,
    upstreams,
    publishOverlay: (cameraId, msg) => service.publishOverlay(cameraId, msg),
    registerRoutes: (app) => {
      if (config.enabled) registerLiveRoutes(app, service);
    },
    registerMetrics: (registry) => registerLiveMetrics(registry, upstreams, service),
    start: async () => {
      service.start();
    },
    close: async () => {
      if (closed) return;
      closed = true;
      await service.close();
      await upstreams.close();
    },
  };
}
