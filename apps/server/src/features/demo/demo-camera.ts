import { resolveDemoClip } from '@argus/media';
import type { Container } from '../../container';
import { isoAt } from '../../util/clock';
import { newId } from '../../util/ids';
import { SYSTEM_ACTOR } from '../request-context';

const SEEDED_KEY = 'demo_camera_seeded';
export const DEMO_CAMERA_NAME = 'Demo camera (looping clip)';

/**
 * On first start registers a looping real clip as a camera in the root domain, so there is something to show.
 * Runs once: deleting the demo camera later is respected.
 */
export async function seedDemoCamera(c: Container): Promise<{ cameraId: string; source: string } | null> {
  if (!c.config.demo.enabled) return null;
  const k = c.db.kysely;
  if (await k.selectFrom('system_state').select('key').where('key', '=', SEEDED_KEY).executeTakeFirst()) return null;
  const clip = await resolveDemoClip(c.config.dataDir, c.media.tools());
  const root = await c.domains.ensureRoot();
  const now = isoAt(c.clock.now());
  const id = newId('cam');
  await k.transaction().execute(async (trx) => {
    await trx
      .insertInto('cameras')
      .values({
        id,
        domain_id: root.id,
        name: DEMO_CAMERA_NAME,
        kind: 'file',
        main_url: `file://${clip.path}`,
        sub_url: null,
        username: null,
        password_enc: null,
        tags: JSON.stringify(['demo']),
        location: JSON.stringify({ latitude: null, longitude: null, address: null }),
        description: `${clip.description} File sources loop.`,
        enabled: 1,
        last_probe: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await trx.insertInto('system_state').values({ key: SEEDED_KEY, value: now }).execute();
  });
  await c.audit.record(SYSTEM_ACTOR, { action: 'camera.create', targetType: 'camera', targetId: id, domainPath: root.path, details: { demo: true, source: clip.source } });
  return { cameraId: id, source: clip.source };
}
