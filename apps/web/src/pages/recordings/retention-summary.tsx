// The effective retention of a camera and where each limit comes from (camera, group, domain, server default).
import { api, call } from '../../lib/api';
import { useLoad } from '../../lib/use-load';

const SOURCE: Record<string, string> = {
  camera: 'camera setting',
  group: 'camera group',
  domain: 'domain',
  global: 'server default',
  none: 'no limit',
};

function size(bytes: number): string {
  return bytes >= 1e12 ? `${(bytes / 1e12).toFixed(1)} TB` : `${(bytes / 1e9).toFixed(1)} GB`;
}

function age(hours: number): string {
  return hours % 24 === 0 ? `${hours / 24} days` : `${hours} h`;
}

export function RetentionSummary({ cameraId }: { cameraId: string }) {
  const settings = useLoad(() => call(api.GET('/api/cameras/{id}/recording-settings', { params: { path: { id: cameraId } } })), [cameraId]);
  const e = settings.data?.effective;
  if (!e) return null;
  return (
    <span className="muted" data-testid="rec-retention">
      kept {e.maxAgeHours === null ? 'without age limit' : `for ${age(e.maxAgeHours)}`} ({SOURCE[e.maxAgeSource]}),{' '}
      {e.maxBytes === null ? 'no size limit' : `at most ${size(e.maxBytes)}`}
      {e.maxBytes !== null ? ` (${SOURCE[e.maxBytesSource]})` : ''}
    </span>
  );
}
