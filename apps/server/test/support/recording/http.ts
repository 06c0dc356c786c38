import { runProcess } from '@argus/media';

export { eventually } from '../wait';

/** ffprobe over HTTP with a session cookie (as a player would fetch the playlist and its byte ranges). */
export async function ffprobeUrl(url: string, cookie: string, entries = 'format=duration,format_name:stream=codec_name,width,height'): Promise<{ ok: boolean; json: any; stderr: string }> {
  const r = await runProcess('ffprobe', ['-v', 'error', '-headers', `Cookie: ${cookie}\r\n`, '-show_entries', entries, '-of', 'json', url], { timeoutMs: 60_000 });
  let json: any = null;
  try {
    json = JSON.parse(r.stdout);
  } catch {
    json = null;
  }
  return { ok: r.exitCode === 0 && json !== null, json, stderr: r.stderr };
}

/** The null muxer's complaint about repeated DTS values of the source stream: not a decoding error. */
const BENIGN = [/non monotonically increasing dts to muxer/, /^\s*Last message repeated/];

/** Decodes every frame of a URL or file with ffmpeg; ok when it decodes without errors. */
export async function decodesCleanly(input: string, cookie?: string): Promise<{ ok: boolean; stderr: string }> {
  const args = ['-v', 'error', ...(cookie ? ['-headers', `Cookie: ${cookie}\r\n`] : []), '-i', input, '-f', 'null', '-'];
  const r = await runProcess('ffmpeg', args, { timeoutMs: 120_000 });
  const errors = r.stderr.split('\n').filter((l) => l.trim() !== '' && !BENIGN.some((re) => re.test(l)));
  return { ok: r.exitCode === 0 && errors.length === 0, stderr: errors.join('\n').slice(-2000) };
}
