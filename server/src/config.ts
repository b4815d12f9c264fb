// Environment, parsed once at start-up with zod: a bad setting stops the process with a clear message.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const bool = (def: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .optional()
    .transform((v) => (v === undefined ? def : v === 'true' || v === '1' || v === 'yes'));

const envSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL 须以 postgres:// 开头')
    .optional(),
  /** Read-only replica for reports; defaults to the primary. */
  DATABASE_READ_URL: z.string().optional(),
  SHIXUN_DATA_DIR: z.string().default('./data'),
  SHIXUN_SECRET: z.string().min(32, 'SHIXUN_SECRET 至少32个字符').optional(),
  SHIXUN_DEMO: bool(true),
  SHIXUN_ADMIN_PASSWORD: z.string().optional(),
  SHIXUN_REGION_NAME: z.string().default('示范县'),
  SHIXUN_COOKIE_SECURE: bool(false),
  SHIXUN_TRUST_PROXY: bool(false),
  SHIXUN_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SHIXUN_SESSION_HOURS: z.coerce.number().positive().default(12),
  SHIXUN_MAX_UPLOAD_MB: z.coerce.number().positive().default(20),
  /** Public address of the site (https://…), for links printed on certificates; else taken from the request. */
  SHIXUN_PUBLIC_URL: z.string().url('SHIXUN_PUBLIC_URL 须为完整网址，如 https://shixun.example.cn').optional(),
  /** Daily scheduled jobs (pg-boss): on by default; turn off on instances that should only serve requests. */
  SHIXUN_JOBS: bool(true),
  /** S3-compatible object storage for attachments; all of endpoint/bucket/keys set → used instead of the data directory. */
  SHIXUN_S3_ENDPOINT: z
    .string()
    .url('SHIXUN_S3_ENDPOINT 须为完整网址，如 https://oss-cn-hangzhou.aliyuncs.com')
    .optional(),
  SHIXUN_S3_BUCKET: z.string().min(1).optional(),
  SHIXUN_S3_ACCESS_KEY: z.string().min(1).optional(),
  SHIXUN_S3_SECRET_KEY: z.string().min(1).optional(),
  SHIXUN_S3_REGION: z.string().default('us-east-1'),
});

export type Config = {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  databaseReadUrl: string | undefined;
  dataDir: string;
  secret: string;
  demo: boolean;
  adminPassword: string | undefined;
  regionName: string;
  cookieSecure: boolean;
  trustProxy: boolean;
  logLevel: string;
  sessionHours: number;
  maxUploadBytes: number;
  /** SHIXUN_PUBLIC_URL (optional). */
  publicUrl?: string;
  /** SHIXUN_JOBS: run the daily job scheduler in this process (default true). */
  jobs?: boolean;
  /** SHIXUN_S3_*: attachments go to this bucket instead of <data dir>/attachments. */
  s3?: { endpoint: string; bucket: string; accessKey: string; secretKey: string; region: string };
};

export class ConfigError extends Error {}

/** Reads the environment. In embedded mode a secret is generated once into the data directory. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`配置错误 (configuration error):\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.SHIXUN_DATA_DIR);
  let secret = e.SHIXUN_SECRET;
  if (!secret) {
    if (e.DATABASE_URL) {
      throw new ConfigError(
        '使用 PostgreSQL 时须设置 SHIXUN_SECRET（至少32个字符，所有实例相同）: it encrypts ID numbers and must be shared by every instance.',
      );
    }
    secret = readOrCreateSecret(dataDir);
  }
  if (!e.SHIXUN_DEMO && !e.SHIXUN_ADMIN_PASSWORD) {
    throw new ConfigError('SHIXUN_DEMO=false 时须设置 SHIXUN_ADMIN_PASSWORD（县级管理员 admin 的初始密码）。');
  }
  const s3Parts = [e.SHIXUN_S3_ENDPOINT, e.SHIXUN_S3_BUCKET, e.SHIXUN_S3_ACCESS_KEY, e.SHIXUN_S3_SECRET_KEY];
  if (s3Parts.some(Boolean) && !s3Parts.every(Boolean)) {
    throw new ConfigError(
      '对象存储配置不完整：SHIXUN_S3_ENDPOINT、SHIXUN_S3_BUCKET、SHIXUN_S3_ACCESS_KEY、SHIXUN_S3_SECRET_KEY 须同时设置。',
    );
  }
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    databaseReadUrl: e.DATABASE_READ_URL,
    dataDir,
    secret,
    demo: e.SHIXUN_DEMO,
    adminPassword: e.SHIXUN_ADMIN_PASSWORD,
    regionName: e.SHIXUN_REGION_NAME,
    cookieSecure: e.SHIXUN_COOKIE_SECURE,
    trustProxy: e.SHIXUN_TRUST_PROXY,
    logLevel: e.SHIXUN_LOG_LEVEL,
    sessionHours: e.SHIXUN_SESSION_HOURS,
    maxUploadBytes: Math.round(e.SHIXUN_MAX_UPLOAD_MB * 1024 * 1024),
    publicUrl: e.SHIXUN_PUBLIC_URL,
    jobs: e.SHIXUN_JOBS,
    s3:
      e.SHIXUN_S3_ENDPOINT && e.SHIXUN_S3_BUCKET && e.SHIXUN_S3_ACCESS_KEY && e.SHIXUN_S3_SECRET_KEY
        ? {
            endpoint: e.SHIXUN_S3_ENDPOINT,
            bucket: e.SHIXUN_S3_BUCKET,
            accessKey: e.SHIXUN_S3_ACCESS_KEY,
            secretKey: e.SHIXUN_S3_SECRET_KEY,
            region: e.SHIXUN_S3_REGION,
          }
        : undefined,
  };
}

function readOrCreateSecret(dataDir: string): string {
  const file = path.join(dataDir, 'secret.key');
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  fs.mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  fs.writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}
