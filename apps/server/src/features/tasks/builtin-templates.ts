import type { TemplateView } from './tasks.schemas';

/** The built-in templates: always listed, never deleted. Zones cover the whole picture until drawn. */
export const BUILTIN_TEMPLATES: readonly TemplateView[] = Object.freeze([
  {
    id: 'tpl_builtin-intrusion-after-hours',
    name: 'Intrusion after hours',
    description: 'A person entering the area between 20:00 and 06:00, every day; 60 s cool-down.',
    builtIn: true,
    domainId: null,
    createdAt: null,
    template: {
      algorithm: { id: 'yolox-nano', version: '0.1.1rc0' },
      params: { fps: 5, minConfidence: 0.35 },
      priority: 5,
      rules: {
        zones: [{ name: 'area', polygon: [[0.02, 0.02], [0.98, 0.02], [0.98, 0.98], [0.02, 0.98]] }],
        lines: [],
        rules: [{
          name: 'intrusion after hours', type: 'intrusion', zone: 'area', classes: ['person'], event: 'enter', cooldownSeconds: 60, severity: 'major',
          schedule: { kind: 'windows', windows: [{ days: [0, 1, 2, 3, 4, 5, 6], start: '20:00', end: '06:00' }] },
        }],
      },
    },
  },
  {
    id: 'tpl_builtin-people-counting-entrance',
    name: 'People counting at the entrance',
    description: 'People crossing the entrance line in both directions, and the number of people in the entrance area per minute.',
    builtIn: true,
    domainId: null,
    createdAt: null,
    template: {
      algorithm: { id: 'yolox-nano', version: '0.1.1rc0' },
      params: { fps: 8, minConfidence: 0.3 },
      priority: 3,
      rules: {
        zones: [{ name: 'entrance', polygon: [[0.1, 0.4], [0.9, 0.4], [0.9, 0.98], [0.1, 0.98]] }],
        lines: [{ name: 'door', from: [0.1, 0.7], to: [0.9, 0.7] }],
        rules: [
          { name: 'people passing', type: 'crossing', line: 'door', direction: 'both', classes: ['person'], severity: 'info' },
          { name: 'people in the entrance', type: 'counting', zone: 'entrance', classes: ['person'], intervalSeconds: 60 },
        ],
      },
    },
  },
]);
