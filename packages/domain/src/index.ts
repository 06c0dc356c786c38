export * from './roles';
export * from './domain-path';
export * from './access';
export * from './camera-url';
