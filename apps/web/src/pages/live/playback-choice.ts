// Choices a pane makes before and while playing: stream, transport, and the words for why it cannot play. Pure.
import type { StreamChoice, Transport } from './wall';

/** The wall plays sub-streams by default when the camera has one. */
export function defaultStream(camera: { subUrl: string | null }): StreamChoice {
  return camera.subUrl ? 'sub' : 'main';
}

/** The stream to ask for: 'sub' on a camera without one falls back to main. */
export function streamToRequest(choice: StreamChoice, camera: { subUrl: string | null }): StreamChoice {
  return choice === 'sub' && !camera.subUrl ? 'main' : choice;
}

/**
 * How to play a stream whose MSE type is `mime`: MSE when asked for and this browser can decode it, HLS otherwise.
 * `mseSupported` is MediaSource.isTypeSupported, or null when the browser has no MediaSource at all. WebRTC when asked
 * for and the browser has RTCPeerConnection (`rtcSupported`), MSE otherwise.
 */
export function transportFor(requested: Transport, mime: string | null, mseSupported: ((mime: string) => boolean) | null, rtcSupported = true): { transport: Transport; fellBack: string | null } {
  if (requested === 'hls') return { transport: 'hls', fellBack: null };
  if (requested === 'webrtc') {
    if (rtcSupported) return { transport: 'webrtc', fellBack: null };
    const mse = transportFor('mse', mime, mseSupported);
    return { transport: mse.transport, fellBack: `This browser has no WebRTC; playing over ${mse.transport.toUpperCase()}.` };
  }
  if (!mseSupported) return { transport: 'hls', fellBack: 'This browser has no Media Source Extensions; playing over HLS.' };
  if (mime !== null && !mseSupported(mime)) return { transport: 'hls', fellBack: `This browser cannot decode ${mime} through MSE; playing over HLS.` };
  return { transport: 'mse', fellBack: null };
}

/** Plain words for a refused or failed start (HTTP status and problem code from the server). */
export function refusalText(status: number, code: string, detail: string): string {
  if (status === 403) return 'You have no right to watch this camera live.';
  if (status === 404) return 'This camera no longer exists, or you cannot see it.';
  if (status === 401) return 'Your session has ended; sign in again.';
  if (code === 'live_transport_unavailable' || status === 501) return 'This transport is not available on this server.';
  if (status === 0) return 'The server cannot be reached.';
  if (status === 409 || status === 503) return detail || 'The camera cannot be played right now.';
  return detail || `The server refused (HTTP ${status}).`;
}

/** "Camera failing: <reason>" style text for a live state message. */
export function stateText(state: 'connecting' | 'live' | 'failing' | 'idle', reason: string | null): string {
  switch (state) {
    case 'connecting':
      return 'Connecting to the camera…';
    case 'failing':
      return reason ? `Camera failing: ${reason}` : 'The camera is not answering.';
    case 'live':
      return 'Live';
    case 'idle':
      return '';
  }
}
