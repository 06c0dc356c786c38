#!/usr/bin/python3
"""RTSP test server for Argus: serves real video files as looping live RTSP mounts on 127.0.0.1.

    /usr/bin/python3 tools/rtsp-test-server/server.py --port 0 --mount /cam1=clip.mp4 [--mount /cam2=vtest.avi]
        [--user U --password P] [--host 127.0.0.1] [--cache-dir DIR]

Prints exactly one line `READY rtsp://HOST:PORT` on stdout once it listens (port 0 picks a free port).
Every client gets its own media that starts at the clip's first key frame and loops forever with increasing
timestamps (see feeder.py). Only the first video stream is served. SIGTERM/SIGINT stop it cleanly; it also
exits when its parent process goes away, so it never outlives a crashed test run.
"""

import argparse
import os
import signal
import sys
import tempfile

import gi

sys.dont_write_bytecode = True  # keep __pycache__ out of the source tree when clip.py/feeder.py are imported
gi.require_version("Gst", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstRtspServer  # noqa: E402

from clip import ClipError, load_clip  # noqa: E402
from feeder import LoopFeeder  # noqa: E402

# config-interval=0: the clip's packets already carry SPS/PPS before every IDR access unit (h264parse in clip.py).
# With -1 the payloader would insert them again before every IDR *slice*, which splits multi-slice key frames in
# two for ffmpeg clients (duplicate timestamps at each key frame).
LAUNCH = ("( appsrc name=src is-live=true format=time do-timestamp=false min-latency=0 "
          "! rtph264pay name=pay0 pt=96 config-interval=0 aggregate-mode=zero-latency )")


def parse_args(argv):
    p = argparse.ArgumentParser(description="Serve video files as looping RTSP mounts (Argus tests).")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8554, help="0 picks a free port")
    p.add_argument("--mount", action="append", default=[], metavar="/name=FILE",
                   help="repeatable; serves FILE at rtsp://HOST:PORT/name")
    p.add_argument("--user")
    p.add_argument("--password")
    p.add_argument("--cache-dir", default=os.path.join(tempfile.gettempdir(), "argus-rtsp-test-server-cache"),
                   help="where non-H.264 sources are transcoded once and kept")
    args = p.parse_args(argv)
    if not args.mount:
        p.error("at least one --mount /name=FILE is needed")
    if (args.user is None) != (args.password is None):
        p.error("--user and --password go together")
    mounts = {}
    for spec in args.mount:
        name, sep, path = spec.partition("=")
        if not sep or not name.startswith("/") or len(name) < 2 or not path:
            p.error(f"bad --mount {spec!r}; expected /name=FILE")
        mounts[name] = path
    return args, mounts


class Server:
    def __init__(self, args, clips):
        self._feeders = set()
        self.loop = GLib.MainLoop()
        self.rtsp = GstRtspServer.RTSPServer()
        self.rtsp.set_address(args.host)
        self.rtsp.set_service(str(args.port))
        if args.user is not None:
            auth = GstRtspServer.RTSPAuth()
            token = GstRtspServer.RTSPToken()
            token.set_string("media.factory.role", "argus")
            auth.add_basic(GstRtspServer.RTSPAuth.make_basic(args.user, args.password), token)
            self.rtsp.set_auth(auth)
        mount_points = self.rtsp.get_mount_points()
        for name, clip in clips.items():
            factory = GstRtspServer.RTSPMediaFactory()
            factory.set_launch(LAUNCH)
            factory.set_shared(False)
            if args.user is not None:
                factory.add_role_from_structure(Gst.Structure.from_string(
                    "argus, media.factory.access=(boolean)true, media.factory.construct=(boolean)true")[0])
            factory.connect("media-configure", self._on_media_configure, clip, name)
            mount_points.add_factory(name, factory)

    def _on_media_configure(self, _factory, media, clip, name):
        appsrc = media.get_element().get_by_name("src")
        appsrc.set_property("caps", clip.caps)
        feeder = LoopFeeder(clip, appsrc, name.replace("/", "-"))
        self._feeders.add(feeder)
        media.connect("unprepared", self._on_unprepared, feeder)
        feeder.start()

    def _on_unprepared(self, _media, feeder):
        feeder.stop()
        self._feeders.discard(feeder)

    def stop_feeders(self):
        for feeder in list(self._feeders):
            feeder.stop()
        for feeder in list(self._feeders):
            feeder.join(timeout=2)
        self._feeders.clear()


def _exit_on_signal(signum, _frame):
    # Until the main loop runs (clips load, maybe an ffmpeg transcode): exit via SystemExit, so subprocess.run
    # kills its ffmpeg child and the partial transcode is removed.
    sys.exit(128 + signum)


def main(argv):
    signal.signal(signal.SIGTERM, _exit_on_signal)
    parent = os.getppid()
    args, mounts = parse_args(argv)
    Gst.init(None)
    try:
        clips = {name: load_clip(path, args.cache_dir) for name, path in mounts.items()}
    except ClipError as exc:
        print(f"rtsp-test-server: {exc}", file=sys.stderr, flush=True)
        return 2
    server = Server(args, clips)
    if server.rtsp.attach(None) == 0:
        print(f"rtsp-test-server: cannot listen on {args.host}:{args.port}", file=sys.stderr, flush=True)
        return 3

    def quit_loop(*_):
        server.loop.quit()
        return GLib.SOURCE_REMOVE

    def watch_parent():
        # The parent (a test run) died without stopping us: exit rather than live on as an orphan. Nothing is
        # printed: nobody reads our pipes any more, and a write would fail with EPIPE.
        if os.getppid() != parent:
            server.loop.quit()
            return GLib.SOURCE_REMOVE
        return GLib.SOURCE_CONTINUE

    GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, signal.SIGTERM, quit_loop)
    GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, signal.SIGINT, quit_loop)
    GLib.timeout_add(500, watch_parent)
    for name, clip in clips.items():
        note = f" (transcoded once to {clip.served_path})" if clip.transcoded else ""
        print(f"rtsp-test-server: {name} <- {clip.path}{note}, {len(clip.packets)} packets, "
              f"loop {clip.loop_ns / 1e9:.3f} s", file=sys.stderr, flush=True)
    print(f"READY rtsp://{args.host}:{server.rtsp.get_bound_port()}", flush=True)
    server.loop.run()
    server.stop_feeders()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
