import type { Builder } from './operations';
import { none, targeted } from './plan-helpers';

/** How to exercise each operation of the live view (issue 4) slice; see operations.ts for the helpers. */
export const LIVE_BUILDERS: Record<string, Builder> = {
  'POST /api/cameras/{id}/live': targeted(async ({ org, side }) => {
    const id = side === 'out' ? org.cameraB : org.cameraA1;
    return { method: 'POST', url: `/api/cameras/${id}/live`, body: { stream: 'main', transport: 'mse' }, subjects: [id] };
  }),
  'GET /api/live/stats': none(() => ({ method: 'GET', url: '/api/live/stats', subjects: [] })),
  // The token is made by R (the harness admin's session): it works for R alone; for everyone else it is as good as
  // a token that never existed (404), whatever the camera's domain.
  'GET /api/live/hls/{id}/index.m3u8': targeted(async ({ org, side }) => {
    const id = side === 'out' ? org.cameraB : org.cameraA1;
    const r = await org.t.admin.post(`/api/cameras/${id}/live`, { transport: 'hls' });
    if (r.status !== 201) throw new Error(`live token: ${r.status} ${r.text}`);
    const token = (r.body as { token: string }).token;
    return { method: 'GET', url: `/api/live/hls/${token}/index.m3u8`, subjects: [token] };
  }),
};
