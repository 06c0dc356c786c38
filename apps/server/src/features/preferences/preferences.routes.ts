import { Type } from 'typebox';
import { callerOf } from '../../http/request-context';
import { errorResponses, Timestamp } from '../../http/schemas';
import type { ArgusApp } from '../../http/types';
import { PREFERENCE_KEY_PATTERN } from './preference-key';
import type { PreferencesService } from './preferences.service';

const KeyParams = Type.Object(
  { key: Type.String({ minLength: 1, maxLength: 64, pattern: PREFERENCE_KEY_PATTERN, description: 'Preference key, e.g. live.layouts' }) },
  { additionalProperties: false },
);

export const PreferenceSchema = Type.Object(
  {
    key: Type.String(),
    value: Type.Unknown({ description: 'Any JSON value the console saved' }),
    updatedAt: Timestamp,
  },
  { $id: 'Preference', additionalProperties: false },
);

const PutBody = Type.Object(
  { value: Type.Unknown({ description: 'Any JSON value; at most 64 KiB as JSON text' }) },
  { additionalProperties: false },
);

export function registerPreferenceRoutes(app: ArgusApp, prefs: PreferencesService): void {
  app.get('/api/me/preferences/:key', {
    schema: {
      tags: ['preferences'],
      summary: "One of the caller's own console preferences (an API token reads its creator's)",
      params: KeyParams,
      response: { 200: Type.Ref('Preference'), ...errorResponses(404) },
    },
  }, (req) => prefs.get(callerOf(req), req.params.key));

  app.put('/api/me/preferences/:key', {
    schema: {
      tags: ['preferences'],
      summary: "Saves one of the caller's own console preferences (replaces the value)",
      params: KeyParams,
      body: PutBody,
      response: { 200: Type.Ref('Preference'), ...errorResponses(413) },
    },
  }, (req) => prefs.put(callerOf(req), req.params.key, req.body.value));

  app.delete('/api/me/preferences/:key', {
    schema: {
      tags: ['preferences'],
      summary: "Forgets one of the caller's own console preferences",
      params: KeyParams,
      response: { 204: Type.Null({ description: 'Removed' }), ...errorResponses(404) },
    },
  }, async (req, reply) => {
    await prefs.delete(callerOf(req), req.params.key);
    return reply.status(204).send(null);
  });
}
