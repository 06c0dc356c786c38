/**
 * Runs inside the Chromium page (passed to page.addScriptTag as text): plays a live stream with MSE (our WebSocket
 * protocol), hls.js or WebRTC (RTCPeerConnection, non-trickle offer to the server), and for every presented frame (requestVideoFrameCallback) reads the capture time the clock
 * camera drew into it and compares it with the wall clock at presentation. Returns the latencies in ms.
 */
export const PAGE_SCRIPT = String.raw`
window.__sample = function (video, seconds, warmupS) {
  const canvas = document.createElement('canvas');
  canvas.width = 320; canvas.height = 240;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  const out = [];
  const t0 = performance.now();
  return new Promise((resolve) => {
    const onFrame = (now, meta) => {
      const shownAt = Date.now() - (performance.now() - (meta.expectedDisplayTime || now));
      ctx.drawImage(video, 0, 0, 320, 240);
      const px = ctx.getImageData(0, 0, 320, 240).data;
      let v = 0;
      for (let bit = 0; bit < 32; bit += 1) {
        const x = (bit % 8) * 40 + 20, y = Math.floor(bit / 8) * 60 + 30;
        if (px[(y * 320 + x) * 4] > 128) v += 2 ** bit;
      }
      const wall = shownAt % 2 ** 32;
      let lat = wall - v;
      if (lat < -(2 ** 31)) lat += 2 ** 32;
      if (performance.now() - t0 > warmupS * 1000 && lat >= 0 && lat < 60000) out.push(lat);
      if (performance.now() - t0 < (warmupS + seconds) * 1000) video.requestVideoFrameCallback(onFrame);
      else resolve(out);
    };
    video.requestVideoFrameCallback(onFrame);
  });
};
window.__video = function () {
  const video = document.createElement('video');
  video.muted = true; video.autoplay = true; video.playsInline = true;
  document.body.append(video);
  return video;
};
window.__mse = async function (wsUrl, seconds) {
  const video = window.__video();
  const ms = new MediaSource();
  video.src = URL.createObjectURL(ms);
  await new Promise((r) => ms.addEventListener('sourceopen', r, { once: true }));
  const ws = new WebSocket(location.origin.replace(/^http/, 'ws') + wsUrl);
  ws.binaryType = 'arraybuffer';
  let sb = null;
  const queue = [];
  const pump = () => { if (sb && !sb.updating && queue.length) sb.appendBuffer(queue.shift()); };
  ws.onmessage = (e) => {
    if (typeof e.data === 'string') {
      const m = JSON.parse(e.data);
      if (m.type === 'init' && !sb) {
        sb = ms.addSourceBuffer(m.mime);
        sb.addEventListener('updateend', () => {
          const b = video.buffered;
          if (b.length) {
            const end = b.end(b.length - 1);
            if (end - video.currentTime > 0.3) video.currentTime = end - 0.05;
            if (video.paused) video.play().catch(() => undefined);
          }
          pump();
        });
      }
      return;
    }
    queue.push(e.data);
    pump();
  };
  const lat = await window.__sample(video, seconds, 2);
  ws.close();
  video.remove();
  return lat;
};
window.__webrtc = async function (webrtcUrl, seconds) {
  const video = window.__video();
  const pc = new RTCPeerConnection({ iceServers: [] });
  pc.addTransceiver('video', { direction: 'recvonly' });
  pc.ontrack = (e) => { video.srcObject = e.streams[0] || new MediaStream([e.track]); video.play().catch(() => undefined); };
  await pc.setLocalDescription(await pc.createOffer());
  await new Promise((r) => {
    if (pc.iceGatheringState === 'complete') return r();
    pc.addEventListener('icegatheringstatechange', () => pc.iceGatheringState === 'complete' && r());
    setTimeout(r, 2000);
  });
  const res = await fetch(webrtcUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sdp: pc.localDescription.sdp, type: 'offer' }) });
  if (!res.ok) throw new Error('offer refused: ' + res.status + ' ' + (await res.text()));
  await pc.setRemoteDescription(await res.json());
  const lat = await window.__sample(video, seconds, 2);
  window.__webrtcState = pc.connectionState;
  pc.close();
  video.remove();
  return lat;
};
window.__hls = async function (hlsUrl, seconds) {
  const video = window.__video();
  const hls = new Hls({ liveSyncDurationCount: 1, liveMaxLatencyDurationCount: 3, maxLiveSyncPlaybackRate: 1.5, backBufferLength: 5 });
  hls.loadSource(hlsUrl);
  hls.attachMedia(video);
  video.play().catch(() => undefined);
  const lat = await window.__sample(video, seconds, 4);
  hls.destroy();
  video.remove();
  return lat;
};
`;
