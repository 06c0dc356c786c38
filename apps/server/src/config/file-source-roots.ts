import path from 'node:path';
import { OPENCV_VTEST_PATH } from '@argus/media';

/** Where file sources may live when the configuration names no folders: uploads and the bundled demo clip. */
export function defaultFileSourceRoots(dataDir: string): string[] {
  return [path.join(dataDir, 'media'), path.join(dataDir, 'demo'), path.dirname(OPENCV_VTEST_PATH)];
}
