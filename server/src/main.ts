// Start-up: config → database → migrations → first-run seed → HTTP server.
import { sql } from 'drizzle-orm';
import { buildApp } from './app.js';
import { type Config, ConfigError, loadConfig } from './config.js';
import { migrate, openDatabase } from './db/client.js';
import { bootstrap } from './db/seed/index.js';
import type { Deps } from './deps.js';
import { createScheduler, type Scheduler } from './jobs/scheduler.js';
import { createIdCipher } from './lib/crypto.js';
import { KeyMismatchError, verifySecret } from './lib/key-check.js';
import { claimDataDir, serverUsing } from './lib/pid-file.js';
import { failInterruptedJobs } from './modules/imports/jobs.js';

async function main() {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  // The embedded database tolerates one process only (see lib/pid-file.ts).
  let releaseDataDir = () => {};
  if (!config.databaseUrl) {
    const other = serverUsing(config.dataDir);
    if (other) {
      console.error(
        `数据目录 ${config.dataDir} 正被另一个服务器进程（PID ${other}）使用，不能同时启动两个。\n` +
          `The data directory is in use by another server process (PID ${other}); stop it first.`,
      );
      process.exit(1);
    }
    releaseDataDir = claimDataDir(config.dataDir);
  }
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    databaseReadUrl: config.databaseReadUrl,
    dataDir: config.dataDir,
  });
  await migrate(database);
  try {
    await verifySecret(database.db, config.secret);
  } catch (err) {
    if (err instanceof KeyMismatchError) {
      console.error(err.message);
      await database.close().catch(() => {});
      releaseDataDir();
      process.exit(1);
    }
    throw err;
  }
  // Imports left "running" by a process that died (kill -9, power loss) are failed, with a message.
  const interrupted = await failInterruptedJobs(database);
  if (interrupted)
    console.log(`已将 ${interrupted} 个中断的导入任务标记为失败 (failed ${interrupted} interrupted jobs)`);
  const deps: Deps = { database, db: database.db, read: database.read, config, cipher: createIdCipher(config.secret) };
  const started = Date.now();
  const seeded = await bootstrap(deps);
  // PGlite runs no autovacuum, so nothing refreshes planner statistics unless we do; without them
  // the planner hashes whole tables for single-row lookups. Cheap at county size.
  if (database.kind === 'pglite') await database.db.execute(sql`analyze`);
  if (seeded.created) console.log(`首次启动：已初始化数据（${((Date.now() - started) / 1000).toFixed(1)} 秒）`);
  const app = await buildApp(deps, { logger: true });
  // Daily jobs (pg-boss, Asia/Shanghai); SHIXUN_JOBS=false leaves them to other instances.
  let scheduler: Scheduler | undefined;
  if (config.jobs !== false) {
    scheduler = createScheduler(deps, {
      log: { info: (m) => app.log.info(m), error: (e, m) => app.log.error(e, m) },
    });
    try {
      await scheduler.start();
    } catch (err) {
      // Requests still work without the daily jobs; another instance (or the next start) runs them.
      app.log.error(err, '定时任务调度器启动失败 (scheduler failed to start)');
      scheduler = undefined;
    }
  }
  const close = async () => {
    await scheduler?.stop();
    await app.close();
    await database.close();
    releaseDataDir();
    process.exit(0);
  };
  process.on('SIGINT', close);
  process.on('SIGTERM', close);
  await app.listen({ port: config.port, host: config.host });
  const where = database.kind === 'pglite' ? `PGlite @ ${config.dataDir}` : 'PostgreSQL';
  console.log(`\n师训 Shixun 已启动: http://localhost:${config.port}   (数据库: ${where})`);
  console.log(`API 文档: http://localhost:${config.port}/api/docs`);
  if (seeded.logins.length) {
    console.log('\n登录账号 (logins):');
    for (const l of seeded.logins) {
      console.log(`  ${l.role.padEnd(12, '　')} ${l.username.padEnd(22)} ${l.password}${l.note ? `  ${l.note}` : ''}`);
    }
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
