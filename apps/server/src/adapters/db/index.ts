export * from './connect';
export type * from './tables';
