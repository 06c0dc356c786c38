export * from './types';
export * from './cron';
export * from './local-time';
export * from './schedule';
export * from './validate-rule-set';
export * from './rule-engine';
export { DEFAULT_CLASSES, DEFAULT_OBJECT_CLASSES, STAY_GRACE_S, STAY_RELINK_S, STAY_RELINK_DISTANCE } from './rule-context';
export * from './firing-match';
