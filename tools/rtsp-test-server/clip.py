"""Load a video file as a list of H.264 access units held in memory.

H.264 sources are used as they are (packets copied, never re-encoded). Other codecs (vtest.avi is msmpeg4v3),
and H.264 without presentation timestamps (B-frames in AVI), are transcoded ONCE with ffmpeg into a cached
H.264 mp4 (no B-frames, a key frame every 2 s, like an IP camera) and then served by the same packet-copy path.
Encoding once instead of per client keeps the serving path identical for every source and the CPU cost out of
the streaming path (each RTSP client gets its own media, so an in-pipeline x264enc would run one encoder per
client on a 2-core machine).
"""

import hashlib
import json
import os
import subprocess
import tempfile
from dataclasses import dataclass

from gi.repository import Gst

MAX_CLIP_BYTES = 512 * 1024 * 1024


class ClipError(Exception):
    pass


@dataclass(frozen=True)
class Packet:
    buffer: Gst.Buffer
    pts_rel: int  # ns from the clip origin
    dts_rel: int  # ns from the clip origin (== pts_rel when the demuxer gave no DTS)
    duration: int


@dataclass(frozen=True)
class Clip:
    path: str
    served_path: str
    caps: Gst.Caps
    packets: list
    loop_ns: int  # length of one loop; loop k is stamped with k * loop_ns added
    transcoded: bool


def _probe_codec(path):
    ffprobe = os.environ.get("ARGUS_FFPROBE_PATH") or "ffprobe"
    cmd = [ffprobe, "-v", "error", "-select_streams", "v:0", "-show_entries",
           "stream=codec_name,avg_frame_rate", "-of", "json", path]
    try:
        res = subprocess.run(cmd, capture_output=True, text=True, timeout=30, check=False)
    except FileNotFoundError as exc:
        raise ClipError(f"ffprobe not found ({ffprobe}); install ffmpeg or set ARGUS_FFPROBE_PATH") from exc
    if res.returncode != 0:
        raise ClipError(f"cannot read {path}: {res.stderr.strip()[-400:]}")
    streams = json.loads(res.stdout or "{}").get("streams") or []
    if not streams:
        raise ClipError(f"{path} has no video stream")
    stream = streams[0]
    num, _, den = str(stream.get("avg_frame_rate", "0/0")).partition("/")
    try:
        fps = float(num) / float(den or "1")
    except (ValueError, ZeroDivisionError):
        fps = 0.0
    fps = fps if 0 < fps <= 240 else 25.0
    return stream.get("codec_name", ""), fps


def _transcode_cached(path, fps, cache_dir):
    st = os.stat(path)
    key = hashlib.sha1(f"{os.path.realpath(path)}|{st.st_size}|{st.st_mtime_ns}|v2".encode()).hexdigest()[:16]
    os.makedirs(cache_dir, exist_ok=True)
    out = os.path.join(cache_dir, f"{key}.mp4")
    if os.path.exists(out) and os.path.getsize(out) > 0:
        return out
    ffmpeg = os.environ.get("ARGUS_FFMPEG_PATH") or "ffmpeg"
    fd, tmp = tempfile.mkstemp(prefix=f"{key}.", suffix=".part.mp4", dir=cache_dir)
    os.close(fd)
    gop = max(1, round(fps * 2))
    cmd = [ffmpeg, "-nostdin", "-y", "-v", "error", "-i", path, "-map", "0:v:0", "-an",
           "-c:v", "libx264", "-preset", "veryfast", "-bf", "0",
           "-g", str(gop), "-pix_fmt", "yuv420p", "-f", "mp4", tmp]
    try:
        res = subprocess.run(cmd, capture_output=True, text=True, timeout=600, check=False)
        if res.returncode != 0:
            raise ClipError(f"transcoding {path} to H.264 failed: {res.stderr.strip()[-400:]}")
        os.replace(tmp, out)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return out


def _on_pad_added(_parsebin, pad, parse):
    caps = pad.get_current_caps() or pad.query_caps(None)
    name = caps.get_structure(0).get_name() if caps and caps.get_size() > 0 else ""
    sink = parse.get_static_pad("sink")
    if name == "video/x-h264" and not sink.is_linked():
        pad.link(sink)


def _read_packets(path):
    pipeline = Gst.parse_launch(
        "filesrc name=src ! parsebin name=pb "
        "h264parse name=parse config-interval=-1 ! "
        "video/x-h264,stream-format=byte-stream,alignment=au ! appsink name=sink sync=false")
    pipeline.get_by_name("src").set_property("location", path)
    parse = pipeline.get_by_name("parse")
    pipeline.get_by_name("pb").connect("pad-added", _on_pad_added, parse)
    sink = pipeline.get_by_name("sink")
    samples = []
    caps = None
    total = 0
    try:
        if pipeline.set_state(Gst.State.PLAYING) == Gst.StateChangeReturn.FAILURE:
            raise ClipError(f"cannot open {path}")
        while True:
            sample = sink.emit("try-pull-sample", 10 * Gst.SECOND)
            if sample is None:
                break
            caps = caps or sample.get_caps()
            buf = sample.get_buffer()
            total += buf.get_size()
            if total > MAX_CLIP_BYTES:
                raise ClipError(f"{path} is larger than {MAX_CLIP_BYTES >> 20} MiB; use a shorter clip")
            samples.append(buf)
        msg = pipeline.get_bus().pop_filtered(Gst.MessageType.ERROR)
        if msg is not None:
            err, _dbg = msg.parse_error()
            raise ClipError(f"cannot read {path}: {err.message}")
    finally:
        pipeline.set_state(Gst.State.NULL)
    if not samples or caps is None:
        raise ClipError(f"{path}: no H.264 video could be read")
    return caps, samples


class MissingTimestamps(Exception):
    pass


def _to_packets(buffers):
    none = Gst.CLOCK_TIME_NONE
    pts = [b.pts for b in buffers if b.pts != none]
    if len(pts) != len(buffers):
        raise MissingTimestamps()
    dts_known = [b.dts for b in buffers if b.dts != none]
    origin = min(pts + dts_known)
    durations = sorted(b.duration for b in buffers if b.duration != none and b.duration > 0)
    frame_ns = durations[len(durations) // 2] if durations else 40_000_000
    packets = []
    end = 0
    for b in buffers:
        dur = b.duration if b.duration != none and b.duration > 0 else frame_ns
        dts = b.dts if b.dts != none else b.pts
        packets.append(Packet(b, b.pts - origin, dts - origin, dur))
        end = max(end, b.pts - origin + dur)
    start = min(p.pts_rel for p in packets)
    # One loop lasts from the first presented frame to the end of the last one, so loop k+1 starts exactly one
    # frame after loop k ends, and the DTS sequence stays strictly increasing across the boundary.
    return packets, end - start


def load_clip(path, cache_dir):
    if not os.path.isfile(path):
        raise ClipError(f"no such file: {path}")
    codec, fps = _probe_codec(path)
    served = path
    if codec != "h264":
        served = _transcode_cached(path, fps, cache_dir)
    caps, buffers = _read_packets(served)
    try:
        packets, loop_ns = _to_packets(buffers)
    except MissingTimestamps:
        if served != path:
            raise ClipError(f"{path}: the transcoded clip has packets without timestamps") from None
        # H.264 with B-frames in AVI carries no presentation times (only decode order), and RTP needs them:
        # encode this one once too, rather than guess the frame order.
        served = _transcode_cached(path, fps, cache_dir)
        caps, buffers = _read_packets(served)
        packets, loop_ns = _to_packets(buffers)
    if packets[0].buffer.has_flags(Gst.BufferFlags.DELTA_UNIT):
        raise ClipError(f"{path}: the first video packet is not a key frame")
    return Clip(path, served, caps, packets, loop_ns, served != path)
