// The live wall's calls to the server (issue 4 HTTP contract), through the generated SDK.
import type { Schemas } from '@argus/sdk';
import { api, call } from '../../lib/api';
import type { StreamChoice, Transport } from './wall';

export type LiveSession = Schemas['LiveStart'];

/** POST /api/cameras/{id}/live: a short-lived URL set bound to this session, for one camera and transport. */
export function startLive(cameraId: string, stream: StreamChoice, transport: Transport, signal?: AbortSignal): Promise<LiveSession> {
  return call(api.POST('/api/cameras/{id}/live', { params: { path: { id: cameraId } }, body: { stream, transport }, ...(signal ? { signal } : {}) }));
}
