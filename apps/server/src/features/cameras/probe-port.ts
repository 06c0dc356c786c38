/** What the camera registry needs from the media layer to probe a stream (packages/media implements it). */
export type ProbeFailureReason = 'unreachable' | 'auth_refused' | 'not_found' | 'not_video' | 'timeout' | 'unsupported' | 'error';

export type ProbeOutcome =
  | {
      ok: true;
      video: { codec: string; profile?: string; width: number; height: number; fps: number | null; bitRateKbps: number | null; pixFmt?: string };
      audio: { codec: string; sampleRate: number | null; channels: number | null } | null;
      container: string;
      durationS: number | null;
      elapsedMs: number;
    }
  | { ok: false; reason: ProbeFailureReason; message: string; detail: string; elapsedMs: number };

export interface StreamProber {
  probe(input: { url: string; username?: string; password?: string; timeoutMs: number }): Promise<ProbeOutcome>;
}
