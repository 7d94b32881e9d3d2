/**
 * Baseline for bench/collection: the same page query the API runs, issued with `pg` behind bare
 * `node:http` — no tRPC, no session lookup, no validation.
 */
import http from 'node:http';
import pg from 'pg';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
const query = JSON.parse(process.env.BASELINE_QUERY ?? '{}') as { text: string; values: unknown[] };

http
  .createServer(async (req, res) => {
    if (req.url === '/ready') return res.end('ok');
    try {
      const { rows } = await pool.query(query.text, query.values);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ items: rows }));
    } catch (error) {
      res.writeHead(500);
      res.end(String(error));
    }
  })
  .listen(Number(process.env.PORT), process.env.HOST);
