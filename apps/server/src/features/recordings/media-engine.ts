import type { MediaTools } from '@argus/media';
// packages/media exports only its root; the recording engine is reached by path until it is re-exported there.
import { recoverWorkDir, SourceRecorder } from '@argus/media/recording';
import type { RecordingEngine } from './engine-port';

/** The recording engine of packages/media: one supervised ffmpeg per source, crash recovery of its work folder. */
export function mediaRecordingEngine(tools: () => MediaTools): RecordingEngine {
  return {
    liveTap: true,
    start(options) {
      const recorder = new SourceRecorder(options, { tools: tools() });
      recorder.start();
      return { stop: () => recorder.close() };
    },
    recover: async (workDir, sourceId) => (await recoverWorkDir(workDir, sourceId, { tools: tools() })).segments,
  };
}
