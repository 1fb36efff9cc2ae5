// A raw peer for tst_attach: Node's `ws` (Debian's node-ws) echoing on /ws, with a Prometheus
// /metrics page under names of its own, as an application server would expose them.
// Listens on 127.0.0.1, port 0; prints {"port":N,"pid":P} once listening; exits after 60 s.
'use strict';
const http = require('http');
const { WebSocketServer } = require('ws');

let received = 0, sent = 0;
const closes = new Map();
const server = http.createServer((req, res) => {
  if (req.url !== '/metrics') { res.writeHead(404); res.end(); return; }
  let body = '# TYPE app_ws_connections_open gauge\napp_ws_connections_open ' + echo.clients.size + '\n'
    + '# TYPE app_ws_messages_received_total counter\napp_ws_messages_received_total ' + received + '\n'
    + '# TYPE app_ws_messages_sent_total counter\napp_ws_messages_sent_total ' + sent + '\n'
    + '# TYPE app_ws_closes_total counter\n';
  for (const [code, n] of closes) body += 'app_ws_closes_total{code="' + code + '"} ' + n + '\n';
  res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4' });
  res.end(body);
});
const echo = new WebSocketServer({ server, path: '/ws' });
echo.on('connection', ws => {
  ws.on('error', () => {});
  ws.on('message', (data, isBinary) => { ++received; ws.send(data, { binary: isBinary }); ++sent; });
  ws.on('close', code => closes.set(code, (closes.get(code) || 0) + 1));
});
server.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ port: server.address().port, pid: process.pid })));
setTimeout(() => process.exit(0), 60000).unref();
