export * from './roles';
export * from './domain-path';
export * from './access';
export * from './camera-url';
export * from './geometry/index';
export * from './rules/index';
export * from './events/workflow';
