/**
 * @argus/vision: frame sources, motion gate, detectors, tracker, the analysis pipeline that joins them, and their
 * evaluation against ground truth.
 */
export * from './types';
export * from './frames/index';
export * from './motion/index';
export * from './detect/index';
export * from './track/index';
export * from './eval/detection-index';
export * from './eval/tracking-index';
export * from './pipeline/index';
