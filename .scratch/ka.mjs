import http from 'node:http';
const srv = http.createServer((req, res) => { res.end(String(req.headers.connection)); }).listen(0, async () => {
  const { port } = srv.address();
  const r = await fetch(`http://127.0.0.1:${port}/`, { headers: { Connection: 'close' } });
  console.log(r.status, await r.text(), r.headers.get('connection'));
  srv.close();
});
