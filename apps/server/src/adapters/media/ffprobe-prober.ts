import { probeSource, type MediaTools } from '@argus/media';
import type { StreamProber } from '../../features/cameras/probe-port';

/** The camera registry's probe port, served by ffprobe from packages/media. */
export function ffprobeProber(tools: () => MediaTools): StreamProber {
  return { probe: (input) => probeSource(input, tools()) };
}
