export * from './point';
export * from './polygon';
export * from './line-crossing';
