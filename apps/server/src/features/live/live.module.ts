import { AppError } from '../../errors';
import type { FeatureModule } from '../feature-module';
import type { ModuleDeps } from '../module-deps';
import type { CameraStreams } from './camera-streams-port';

export interface LiveModule extends FeatureModule {
  streams: CameraStreams;
}

/** Live view: fan-out of camera streams to browsers (fMP4 over WebSocket, HLS, WebRTC). (Placeholder until built.) */
export function createLiveModule(_deps: ModuleDeps): LiveModule {
  return {
    name: 'live',
    registerRoutes: () => undefined,
    streams: { subscribe: () => Promise.reject(new AppError('not_ready', 'live view is not built yet')) },
  };
}
