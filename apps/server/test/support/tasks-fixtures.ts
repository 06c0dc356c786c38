/** What the analysis-task tests share: a rule set watching the whole picture, and the polling wait (support/wait.ts). */

/** One intrusion rule over (almost) the whole picture: every person who appears fires once. */
export const WALKWAY = {
  zones: [{ name: 'walkway', polygon: [[0.02, 0.02], [0.98, 0.02], [0.98, 0.98], [0.02, 0.98]] }],
  lines: [],
  rules: [{ name: 'walker', type: 'intrusion', zone: 'walkway', classes: ['person'], minSeconds: 0 }],
};

export { until } from './wait';
