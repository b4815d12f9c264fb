// The server side of bench/checkin.ts, in its own process: either the product (the whole app, its
// check-in route, logging at info to stdout as in production) or the baseline (a bare Fastify route
// doing one insert, no logging). Builds its database, listens on a free port and tells the parent
// (IPC) where, with the teachers' cookies and the sessions' QR secrets.
//   spawned by bench/checkin.ts: --db=pglite|postgres --mode=product|bare --teachers=N --sessions=K
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import Fastify from 'fastify';
import { buildApp } from '../../server/src/app.js';
import { migrate, one, openDatabase, rows } from '../../server/src/db/client.js';
import type { Deps } from '../../server/src/deps.js';
import { SESSION_COOKIE } from '../../server/src/http/auth.js';
import { createIdCipher, randomToken, sha256 } from '../../server/src/lib/crypto.js';
import { arg } from './compare.js';
import { benchConfig, SECRET } from './setup.js';

const kind = arg('db', 'pglite');
const mode = arg('mode', 'product');
const TEACHERS = Number(arg('teachers', '1000'));
const SESSIONS = Number(arg('sessions', '100'));
const databaseUrl = process.env.CHECKIN_DB_URL;

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shixun-checkin-'));
const database = await openDatabase(kind === 'postgres' ? { databaseUrl } : { dataDir });

async function product() {
  await migrate(database);
  const db = database.db;
  const ids = (await one<{ region: number; school: number }>(
    db,
    sql`with r as (insert into regions (name) values ('签到基准县') returning id),
             a as (insert into areas (region_id, name) select id, '学区' from r returning id, region_id)
        insert into schools (region_id, area_id, name, type, affiliation, urban_rural)
        select region_id, id, '实验小学', '小学', '直属', '城区' from a returning region_id as region, id as school`,
  ))!;
  await db.execute(
    sql`insert into teachers (region_id, school_id, name, id_enc, id_hash, id_masked, stage, subject)
        select ${ids.region}, ${ids.school}, '教师' || g, 'bench', 'bench-' || g, '**************' || lpad(g::text, 4, '0'),
               '小学', '语文'
        from generate_series(1, ${TEACHERS}) g`,
  );
  await db.execute(
    sql`insert into users (region_id, username, display_name, role, teacher_id, school_id)
        select region_id, 'ck' || id, name, 'teacher', id, school_id from teachers`,
  );
  const project = (await one<{ id: number }>(
    db,
    sql`insert into projects (region_id, name, year, level, category, mode, organiser_type, start_date, end_date, hours,
                              status)
        values (${ids.region}, '签到基准项目', 2026, '县培', '学科/新课标', '集中面授', 'county', current_date, current_date,
                8, 'running')
        returning id`,
  ))!.id;
  await db.execute(
    sql`insert into participations (region_id, project_id, teacher_id, school_id, source, status)
        select region_id, ${project}, id, school_id, 'nomination', 'enrolled' from teachers`,
  );
  const sessions = await rows<{ id: number; qr_secret: string }>(
    db,
    sql`insert into project_sessions (region_id, project_id, starts_at, ends_at, topic, qr_secret)
        select ${ids.region}, ${project}, now() - interval '5 minutes', now() + interval '3 hours', '第' || k || '讲',
               md5('bench-secret-' || k)
        from generate_series(1, ${SESSIONS}) k
        returning id, qr_secret`,
  );
  const users = await rows<{ id: number }>(db, sql`select id from users order by id`);
  const tokens = users.map(() => randomToken());
  await db.execute(
    sql`insert into sessions (id, user_id, expires_at)
        select v.id, v.user_id, now() + interval '12 hours'
        from unnest(${`{${tokens.map(sha256).join(',')}}`}::text[], ${`{${users.map((u) => u.id).join(',')}}`}::int[])
             as v(id, user_id)`,
  );
  await db.execute(sql`analyze`);
  const deps: Deps = {
    database,
    db,
    read: database.read,
    config: { ...benchConfig(dataDir), logLevel: 'info' },
    cipher: createIdCipher(SECRET),
  };
  const app = await buildApp(deps, { logger: true, webDist: null });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    cookies: tokens.map((t) => `${SESSION_COOKIE}=${t}`),
    sessions: sessions.map((s) => ({ id: s.id, secret: s.qr_secret })),
    close: () => app.close(),
  };
}

async function bare() {
  const create = `create table bare_checkins (id serial primary key, session_id int not null, teacher_id int not null,
                    token text not null, checked_at timestamptz not null default now())`;
  const insert = `insert into bare_checkins (session_id, teacher_id, token) values ($1, $2, $3) returning id, checked_at`;
  let query: (text: string, params: unknown[]) => Promise<{ rows: Array<{ id: number; checked_at: unknown }> }>;
  if (database.kind === 'postgres') {
    const pool = database.pool!;
    query = (text, params) => pool.query(text, params);
  } else {
    const pglite = database.pglite!;
    query = (text, params) => pglite.query(text, params);
  }
  await query(create, []);
  const app = Fastify();
  app.post('/bare/checkin', async (req) => {
    const b = req.body as { sessionId: number; teacherId: number; token: string };
    const r = await query(insert, [b.sessionId, b.teacherId, b.token]);
    return { id: r.rows[0]!.id, checkedAt: r.rows[0]!.checked_at };
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  return { port: typeof address === 'object' && address ? address.port : 0, close: () => app.close() };
}

const server = mode === 'bare' ? await bare() : await product();
process.send!({ ready: true, ...server, close: undefined });
const stop = async () => {
  await server.close();
  await database.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
  process.exit(0);
};
process.on('message', (m) => {
  if (m === 'stop') void stop();
});
process.on('SIGTERM', () => void stop());
