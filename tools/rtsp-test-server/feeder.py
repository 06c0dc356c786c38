"""Feed a clip into an appsrc forever, with real, monotonically increasing timestamps across loops.

A naive loop (seek back to 0, or a looping source) restarts the timestamps at 0 on every loop, so a client sees
RTP timestamps jump backwards (or all-zero ones when do-timestamp is used on a non-live source). Instead, packet
i of loop k is stamped with

    pts = base + k * loop_ns + pts_rel[i]        dts = base + k * loop_ns + dts_rel[i]

where base is the pipeline's running time when the first packet was pushed, and it is pushed when the pipeline's
running time reaches its DTS (minus a small lead), so the stream is paced like a live camera. The payloader turns
running time into RTP time, so RTP timestamps keep increasing at the clip's real frame rate across loop boundaries.
"""

import threading
import time

from gi.repository import Gst

LEAD_NS = 30_000_000  # push this far ahead of the packet's due time
POLL_S = 0.005


class LoopFeeder(threading.Thread):
    def __init__(self, clip, appsrc, label):
        super().__init__(name=f"feeder{label}", daemon=True)
        self._clip = clip
        self._src = appsrc
        self._stop_event = threading.Event()
        self.loops_started = 0

    def stop(self):
        self._stop_event.set()

    def _running_time(self):
        rt = self._src.get_current_running_time()
        return None if rt == Gst.CLOCK_TIME_NONE else rt

    def _wait_until(self, due_ns):
        """Sleep until the pipeline's running time reaches due_ns; False if stopped meanwhile."""
        while not self._stop_event.is_set():
            now = self._running_time()
            if now is not None and now >= due_ns:
                return True
            wait_s = POLL_S if now is None else min(0.05, max(0.0005, (due_ns - now) / 1e9))
            time.sleep(wait_s)
        return False

    def _wait_for_clock(self):
        """Running time once the pipeline plays; None if stopped first."""
        while not self._stop_event.is_set():
            now = self._running_time()
            if now is not None:
                return now
            time.sleep(POLL_S)
        return None

    def run(self):
        packets = self._clip.packets
        loop_ns = self._clip.loop_ns
        base = self._wait_for_clock()
        if base is None:
            return
        loop = 0
        index = 0
        while not self._stop_event.is_set():
            pkt = packets[index]
            offset = base + loop * loop_ns
            dts = offset + pkt.dts_rel
            if not self._wait_until(dts - LEAD_NS):
                return
            buf = pkt.buffer.copy()
            buf.pts = offset + pkt.pts_rel
            buf.dts = dts
            buf.duration = pkt.duration
            ret = self._src.emit("push-buffer", buf)
            if ret == Gst.FlowReturn.FLUSHING:
                # A flush while the media prerolls or seeks is transient: the media is not going away (that is
                # signalled by "unprepared", which stops this feeder). Start over from the first key frame on the
                # new running time instead of going silent on a session that was accepted.
                time.sleep(POLL_S)
                base = self._wait_for_clock()
                if base is None:
                    return
                loop = 0
                index = 0
                continue
            if ret != Gst.FlowReturn.OK:
                return  # end of stream or an error: the media is going away
            index += 1
            if index == len(packets):
                index = 0
                loop += 1
                self.loops_started = loop
