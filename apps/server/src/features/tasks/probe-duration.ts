import { execFile } from 'node:child_process';

/** Seconds of media in a file (ffprobe's format duration), null when it is not a readable video. */
export function probeDuration(ffprobe: string, file: string): Promise<number | null> {
  return new Promise((resolve) => {
    execFile(ffprobe, ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', file], { timeout: 10_000 }, (err, out) => {
      const d = Number(String(out).trim());
      resolve(err || !Number.isFinite(d) || d <= 0 ? null : d);
    });
  });
}
