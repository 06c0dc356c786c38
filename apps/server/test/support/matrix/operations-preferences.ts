import type { Builder, BuildContext } from './operations';
import { none } from './plan-helpers';

/** A fresh key with a saved value for the principal (anonymous has no preferences to save: it gets 401 anyway). */
async function saved({ p, f }: BuildContext): Promise<string> {
  const key = `matrix.${f.uniq('pref')}`;
  if (p.key !== 'N') {
    const res = await p.caller.put(`/api/me/preferences/${key}`, { value: { from: 'matrix' } });
    if (res.status !== 200) throw new Error(`saving a preference for ${p.key}: ${res.status} ${res.text}`);
  }
  return key;
}

/** How to exercise each operation of the per-user preferences slice; see operations.ts for the helpers. */
export const PREFERENCE_BUILDERS: Record<string, Builder> = {
  'GET /api/me/preferences/{key}': none(async (ctx) => ({ method: 'GET', url: `/api/me/preferences/${await saved(ctx)}`, subjects: [] })),
  'PUT /api/me/preferences/{key}': none(({ f }) => ({ method: 'PUT', url: `/api/me/preferences/matrix.${f.uniq('put')}`, body: { value: [1, 2, 3] }, subjects: [] })),
  'DELETE /api/me/preferences/{key}': none(async (ctx) => ({ method: 'DELETE', url: `/api/me/preferences/${await saved(ctx)}`, subjects: [] })),
};
