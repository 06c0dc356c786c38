import type { StoredEvent } from '../events/event-port';

/** One MQTT message to publish. */
export interface MqttMessage {
  topic: string;
  payload: string;
  retain: boolean;
}

/** A camera name as one topic level: no '/', '+', '#' or control characters; empty becomes the id. */
export function topicLevel(name: string, fallback: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
  const clean = name.replace(/[/+#\u0000-\u001f]/g, '_').trim();
  return clean.length > 0 ? clean : fallback;
}

/**
 * The messages of one event, following Frigate's layout where it fits (pure):
 *   <prefix>/events                     {type: 'new'|'update', after: event}   (not retained)
 *   <prefix>/<camera>/events/<type>     the event                              (not retained)
 *   <prefix>/<camera>/<class>           count of events of that class on that camera since the publisher started (retained when retainState)
 */
export function eventMessages(prefix: string, e: StoredEvent, classCount: number | null, retainState: boolean): MqttMessage[] {
  const camera = topicLevel(e.cameraName, e.cameraId);
  const out: MqttMessage[] = [
    { topic: `${prefix}/events`, payload: JSON.stringify({ type: e.count > 1 ? 'update' : 'new', after: e }), retain: false },
    { topic: `${prefix}/${camera}/events/${topicLevel(e.type, 'event')}`, payload: JSON.stringify(e), retain: false },
  ];
  if (e.className && classCount !== null) {
    out.push({ topic: `${prefix}/${camera}/${topicLevel(e.className, 'object')}`, payload: String(classCount), retain: retainState });
  }
  return out;
}

/** `<prefix>/<camera>/state`: the recorder's view of the camera (retained when retainState). */
export function cameraStateMessage(
  prefix: string,
  camera: { id: string; name: string },
  state: { status: string; reason: string | null; sinceMs: number | null } | null,
  retainState: boolean,
): MqttMessage {
  const payload = state
    ? { status: state.status, reason: state.reason, since: state.sinceMs === null ? null : new Date(state.sinceMs).toISOString() }
    : { status: 'not_recording', reason: null, since: null };
  return { topic: `${prefix}/${topicLevel(camera.name, camera.id)}/state`, payload: JSON.stringify({ cameraId: camera.id, ...payload }), retain: retainState };
}

/** The broker URL without user and password, for status pages and logs. */
export function redactBrokerUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    return u.toString().replace(/\/$/, '');
  } catch {
    return '(invalid URL)';
  }
}
