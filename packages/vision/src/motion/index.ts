export { MotionGate, type MotionGateOptions, type MotionGateStats, type GateDecision, type GateInput, type GateReason } from './motion-gate';
export { BlockChangeDetector, changedBlobs, type BlockChangeOptions, type BlockChangeResult } from './block-change';
