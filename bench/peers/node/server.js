// Reference peer: Node's `ws` (Debian's node-ws, no download), echo on /ws, fan-out on /broadcast,
// and the usual ping/terminate heartbeat. Same endpoints as socketscope-server.
// Usage: NODE_PATH=/usr/share/nodejs node server.js [host:port] [pingSeconds]
'use strict';
const http = require('http');
const { WebSocketServer } = require('ws');

const [host, port] = (process.argv[2] || '127.0.0.1:8091').split(':');
const pingMs = 1000 * Number(process.argv[3] || 30);
const server = http.createServer((req, res) => { res.writeHead(404); res.end(); });
const echo = new WebSocketServer({ noServer: true, maxPayload: 1 << 20 });
const fanout = new WebSocketServer({ noServer: true, maxPayload: 1 << 20 });

server.on('upgrade', (req, socket, head) => {
  const path = req.url.split('?')[0];
  const wss = path === '/ws' ? echo : path === '/broadcast' ? fanout : null;
  if (!wss) return socket.destroy();
  wss.handleUpgrade(req, socket, head, ws => wss.emit('connection', ws));
});

function alive(ws) {
  ws.isAlive = true;
  ws.on('pong', () => { ws.isAlive = true; });
  ws.on('error', () => {}); // a protocol error closes the socket; it must not end the process
}
echo.on('connection', ws => {
  alive(ws);
  ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }));
});
fanout.on('connection', ws => {
  alive(ws);
  ws.on('message', (data, isBinary) => {
    for (const peer of fanout.clients) peer.send(data, { binary: isBinary });
  });
});
setInterval(() => {
  for (const wss of [echo, fanout]) {
    for (const ws of wss.clients) {
      if (!ws.isAlive) { ws.terminate(); continue; }
      ws.isAlive = false;
      ws.ping();
    }
  }
}, pingMs).unref();

server.listen(Number(port), host, () => console.error(`node ws listening on ws://${host}:${port}/ws and /broadcast`));
