/**
 * Headless live viewers in their own process (so their CPU is not billed to the server): argv = base URL, cookie,
 * then WebSocket paths. Prints the fragments and bytes received when it gets SIGTERM.
 */
import WebSocket from 'ws';

const [base, cookie, ...paths] = process.argv.slice(2);
let bytes = 0;
let messages = 0;
const sockets = paths.map((p) => {
  const ws = new WebSocket(`${base!.replace(/^http/, 'ws')}${p}`, { headers: { cookie: cookie! } });
  ws.on('message', (data: Buffer, isBinary) => {
    if (!isBinary) return;
    bytes += data.length;
    messages += 1;
  });
  ws.on('error', (err) => console.error(`viewer: ${err.message}`));
  return ws;
});
process.on('SIGTERM', () => {
  for (const s of sockets) s.terminate();
  console.log(JSON.stringify({ bytes, messages }));
  process.exit(0);
});
console.log('ready');
