/** What the analysis-task tests share: a rule set watching the whole picture, and a polling wait. */

/** One intrusion rule over (almost) the whole picture: every person who appears fires once. */
export const WALKWAY = {
  zones: [{ name: 'walkway', polygon: [[0.02, 0.02], [0.98, 0.02], [0.98, 0.98], [0.02, 0.98]] }],
  lines: [],
  rules: [{ name: 'walker', type: 'intrusion', zone: 'walkway', classes: ['person'], minSeconds: 0 }],
};

/** Polls `probe` every `everyMs` until it gives a truthy value (returned), or fails after `timeoutMs`. */
export async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | null | undefined | false>, everyMs = 300): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
