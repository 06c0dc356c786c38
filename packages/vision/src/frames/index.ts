export { FfmpegFrameSource, FrameSourceError, openFrameSource, type FrameSourceOptions, type FrameSourceStats } from './frame-source';
export { frameSourceArgs, frameSourceFilter, isNetworkInput, type FrameSourceSpec, type FramePacing, type FramePixelFormat } from './frame-source-args';
export { parseShowinfoPts, type FrameSourceErrorCode } from './ffmpeg-log';
export { FrameRing } from './frame-ring';
export { RawFrameSplitter } from './raw-frame-splitter';
export { RateMeter } from './rate-meter';
export { toGray, downscaleGray } from './frame-convert';
