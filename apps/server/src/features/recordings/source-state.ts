import type { RecordingMode } from './recording-settings.repo';

/** What a camera's recorder is doing, as the API shows it. */
export type SourceStatus = 'disabled' | 'idle' | 'connecting' | 'recording' | 'failing' | 'stopped';

export interface SourceState {
  status: SourceStatus;
  /** The effective mode (the camera's own, or the default). */
  mode: RecordingMode;
  /** When the current status began (epoch ms), if known. */
  sinceMs: number | null;
  /** Why it fails, or why it is disabled. */
  reason: string | null;
  attempt: number | null;
  retryInMs: number | null;
  /** Segments stored since the recorder (re)started. */
  segments: number;
  /** Segments waiting in the local spool because the blob store refused them. */
  spooled: number;
  /** Segments held in the event pre-roll buffer. */
  preRoll: number;
}

export interface SourceStates {
  stateOf(cameraId: string): SourceState | null;
}
