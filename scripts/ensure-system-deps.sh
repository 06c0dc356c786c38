#!/usr/bin/env bash
# Installs the Debian packages Argus needs when they are missing (this machine kind runs as root with apt).
#   ffmpeg/ffprobe          media tools (required)
#   opencv-doc              ships vtest.avi, the real clip behind the demo camera
# With --test also: Chromium (console end-to-end tests) and the GStreamer RTSP server (test cameras).
set -euo pipefail
want=()
command -v ffmpeg >/dev/null && command -v ffprobe >/dev/null || want+=(ffmpeg)
[ -f /usr/share/doc/opencv-doc/examples/data/vtest.avi ] || want+=(opencv-doc)
if [ "${1:-}" = "--test" ]; then
  command -v chromium >/dev/null || want+=(chromium)
  /usr/bin/python3 -c "import gi; gi.require_version('GstRtspServer','1.0'); from gi.repository import GstRtspServer" 2>/dev/null \
    || want+=(gir1.2-gst-rtsp-server-1.0 python3-gst-1.0 gstreamer1.0-rtsp gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-plugins-bad gstreamer1.0-plugins-ugly gstreamer1.0-libav)
fi
[ ${#want[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
  echo "argus: missing system packages: ${want[*]}. Install them with your package manager (Debian: apt-get install ${want[*]})." >&2
  # ffmpeg is required; the rest only degrades (generated demo clip, skipped browser tests).
  case " ${want[*]} " in *" ffmpeg "*) exit 1;; esac
  exit 0
fi
echo "argus: installing Debian packages: ${want[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends "${want[@]}" >/dev/null
