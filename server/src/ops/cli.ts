// The backup and restore commands (scripts/backup.mjs, scripts/restore.mjs run this file):
//   npm run backup -- [--out=<file.tar.gz>] [--include-key]
//   npm run restore -- <file.tar.gz> [--force]
// Both read the server's own settings: SHIXUN_DATA_DIR, DATABASE_URL, SHIXUN_SECRET.
import path from 'node:path';
import { createBackup, OpsError, opsEnv, restoreBackup } from './backup.js';

const [command, ...args] = process.argv.slice(2);
const flag = (name: string) => args.includes(`--${name}`);
const option = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const log = (line: string) => console.log(`  ${line}`);
/** File names are taken relative to where the command was typed (npm runs scripts from the project root). */
const resolve = (file: string) => path.resolve(process.env.INIT_CWD ?? process.cwd(), file);

async function main() {
  const env = opsEnv();
  if (command === 'backup') {
    const stamp = new Date().toISOString().slice(0, 16).replace(/[-:T]/g, '');
    const out = resolve(option('out') ?? `shixun-backup-${stamp}.tar.gz`);
    const m = await createBackup({ env, out, includeKey: flag('include-key'), log });
    console.log(`备份完成 (backup written): ${out}`);
    log(
      `数据库 ${m.database}，教师 ${m.counts.teachers} 人，附件 ${m.counts.attachments} 个（文件 ${m.counts.attachmentFiles} 个）`,
    );
    if (m.attachments === 's3') log('附件存放在对象存储中，不在本备份内：请用存储服务自身的版本管理或复制功能备份。');
    if (m.keyIncluded) {
      log('警告：备份中包含密钥 secret.key —— 拿到这个文件的人可以解密全部身份证号，请妥善保管。');
    } else {
      log('密钥不在备份中：请另外妥善保存 secret.key（或 SHIXUN_SECRET），恢复时需要它。');
    }
    return;
  }
  if (command === 'restore') {
    const archive = args.find((a) => !a.startsWith('--'));
    if (!archive) throw new OpsError('用法 (usage): npm run restore -- <备份文件.tar.gz> [--force]');
    const m = await restoreBackup({ env, archive: resolve(archive), force: flag('force'), log });
    console.log(`恢复完成 (restored): ${archive}`);
    log(`备份时间 ${m.createdAt}；教师 ${m.counts.teachers} 人，附件 ${m.counts.attachments} 个，与备份一致。`);
    log('现在可以启动服务器：npm start');
    return;
  }
  throw new OpsError('用法 (usage): backup [--out=<file>] [--include-key] | restore <file> [--force]');
}

main().catch((err) => {
  console.error(err instanceof OpsError ? `\n✖ ${err.message}\n` : err);
  process.exit(1);
});
