/** Public API of detection evaluation: AP/precision/recall, dataset readers, and the `argus eval detect` runner. */
export * from './ap';
export * from './detection-dataset';
export * from './detection-eval';
