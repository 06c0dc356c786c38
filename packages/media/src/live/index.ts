export { Fmp4Splitter, Fmp4SplitError, MAX_BOX_BYTES, type SplitFragment, type SplitInit, type SplitOutput } from './fmp4-splitter';
export { videoCodecString } from './codec-string';
export { StreamHub, type HubFragment, type HubInit, type HubSubscriber, type HubSubscription, type StreamHubOptions } from './stream-hub';
export { buildLiveRemuxArgs, type LiveRemuxArgsOptions } from './live-remux-args';
export { LiveRemux, type LiveRemuxOptions, type LiveRemuxState } from './live-remux';
export { accessUnitNals, fragmentSamples, H264SampleError, nalType, parseAvcConfig, rtpTimestamp90k, splitAvcc, toAnnexB, type AvcConfig, type H264Sample } from './h264-samples';
export { DEFAULT_RTP_PAYLOAD_BYTES, depacketize, packetizeAccessUnit, packetizeNal } from './h264-rtp-packetizer';
export { offersH264Mode1, preferH264Mode1 } from './sdp-h264-preference';
export { H264RtpStream, type RtpAccessUnit, type RtpOut } from './h264-rtp-stream';
