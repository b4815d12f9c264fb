// The one error envelope. Services throw AppError; the handler below is the only writer of errors.
import type { ErrorCode } from '@shixun/common';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { requestLanguage } from '../i18n/language.js';
import { zodMessage } from '../i18n/zod-messages.js';

const STATUS: Record<ErrorCode, number> = {
  VALIDATION_FAILED: 400,
  INVALID_CREDENTIALS: 401,
  ACCOUNT_LOCKED: 423,
  ACCOUNT_DISABLED: 403,
  TOO_MANY_ATTEMPTS: 429,
  UNAUTHENTICATED: 401,
  PASSWORD_CHANGE_REQUIRED: 403,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  DUPLICATE: 409,
  IMPORT_HAS_ERRORS: 422,
  FILE_INVALID: 400,
  FILE_TOO_LARGE: 413,
  INTERNAL: 500,
  QR_EXPIRED: 400,
  CHECKIN_CLOSED: 409,
  NOT_PARTICIPANT: 403,
  ACTIVATION_REQUIRED: 403,
};

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields?: Record<string, string>,
    /** Extra payload merged into the response body beside `error` (e.g. an import result). */
    readonly extra?: Record<string, unknown>,
  ) {
    super(message);
  }
  get status() {
    return STATUS[this.code];
  }
}

export const notFound = (what = '记录') => new AppError('NOT_FOUND', `${what}不存在或无权查看`);
export const forbidden = (message = '没有权限执行此操作') => new AppError('FORBIDDEN', message);
export const conflict = (message: string, fields?: Record<string, string>) => new AppError('CONFLICT', message, fields);
export const invalid = (message: string, fields?: Record<string, string>) =>
  new AppError('VALIDATION_FAILED', message, fields);

/** Postgres unique violation → 409 with a message the caller can show. */
export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  const e = err as { code?: string; constraint?: string; cause?: { code?: string; constraint?: string } };
  const c = e?.code === '23505' ? e : e?.cause?.code === '23505' ? e.cause : undefined;
  return !!c && (!constraint || c.constraint === constraint);
}

/** PostgreSQL's SQLSTATE of an error, whether thrown by the driver or wrapped by drizzle. */
export function sqlState(err: unknown): string | undefined {
  const e = err as { code?: unknown; cause?: { code?: unknown } };
  for (const c of [e?.code, e?.cause?.code]) if (typeof c === 'string' && /^[0-9A-Z]{5}$/.test(c)) return c;
  return undefined;
}

/**
 * The message for input the database refused as data (SQLSTATE class 22: a number out of range, an
 * impossible date, a NUL byte …). Request schemas refuse such input first; this is the safety net
 * for what they miss, so a malformed request is never a 500.
 */
export const DATABASE_REFUSED_INPUT = '输入的数据无效：数值、日期或文字超出了允许的范围或格式';

const DATA_EXCEPTION_DETAIL: Record<string, string> = {
  '22001': '文字过长',
  '22003': '数值超出范围',
  '22007': '日期或时间格式无效',
  '22008': '日期或时间超出范围',
  '22021': '含有不允许的字符',
  '22P02': '格式无效',
  '22P05': '含有不允许的字符',
};

/** Errors of the multipart parser (busboy) are a malformed upload, not a server fault. */
function isMalformedMultipart(err: FastifyError): boolean {
  if (err.code === 'FST_MP_PREMATURE_CLOSE' || err.code === 'FST_PROTO_VIOLATION') return true;
  return !err.statusCode && /[\\/]@fastify[\\/](busboy|multipart)[\\/]/.test(err.stack ?? '');
}

/**
 * Fastify's own refusals before routing (a bad percent-encoding, an over-long path parameter) in the
 * envelope; passed as the `frameworkErrors` option.
 */
export function frameworkErrors(err: FastifyError, _req: FastifyRequest, reply: FastifyReply) {
  const message = err.code === 'FST_ERR_MAX_PARAM_LENGTH' ? '请求地址中的参数过长' : '请求地址无效';
  reply.status(400).send({ error: { code: 'VALIDATION_FAILED', message } });
}

export function registerErrorHandler(app: FastifyInstance) {
  app.setErrorHandler((err: FastifyError | AppError, req, reply) => {
    if (err instanceof AppError) {
      return reply
        .status(err.status)
        .send({ error: { code: err.code, message: err.message, fields: err.fields }, ...err.extra });
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const lang = requestLanguage(req);
      const fields: Record<string, string> = {};
      for (const v of err.validation) {
        const key =
          String(v.instancePath || '')
            .replace(/^\//, '')
            .replace(/\//g, '.') || '_';
        fields[key] ??= zodMessage(v, lang);
      }
      const first = Object.entries(fields)[0];
      const message = first ? `输入有误：${first[0] === '_' ? '' : `${first[0]} `}${first[1]}` : '输入有误';
      return reply.status(400).send({ error: { code: 'VALIDATION_FAILED', message, fields } });
    }
    if (err.code === 'FST_REQ_FILE_TOO_LARGE' || err.code === 'FST_FILES_LIMIT' || err.statusCode === 413) {
      return reply.status(413).send({ error: { code: 'FILE_TOO_LARGE', message: '文件太大，超过了上传限制' } });
    }
    if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || err.code === 'FST_INVALID_MULTIPART_CONTENT_TYPE') {
      return reply.status(400).send({ error: { code: 'FILE_INVALID', message: '请以 multipart/form-data 上传文件' } });
    }
    if (isMalformedMultipart(err)) {
      return reply
        .status(400)
        .send({ error: { code: 'FILE_INVALID', message: '上传的表单数据不完整或格式错误，请重新选择文件上传' } });
    }
    const state = sqlState(err);
    if (state?.startsWith('22')) {
      req.log.warn({ err }, 'input refused by the database');
      const detail = DATA_EXCEPTION_DETAIL[state];
      return reply.status(400).send({
        error: {
          code: 'VALIDATION_FAILED',
          message: detail ? `${DATABASE_REFUSED_INPUT}（${detail}）` : DATABASE_REFUSED_INPUT,
        },
      });
    }
    if (err.statusCode && err.statusCode < 500) {
      return reply
        .status(err.statusCode)
        .send({ error: { code: 'VALIDATION_FAILED', message: `请求无效：${err.message}` } });
    }
    req.log.error({ err }, 'unhandled error');
    return reply.status(500).send({ error: { code: 'INTERNAL', message: '服务器内部错误，请稍后重试或联系管理员' } });
  });
  // Paths no route serves outside the API (a missing /assets/ chunk, a POST to a page's path):
  // unknown /api paths have their own route (request-guards.ts registerApiNotFound).
  app.setNotFoundHandler((req, reply) => {
    reply
      .status(404)
      .send({ error: { code: 'NOT_FOUND', message: `地址不存在：${req.method} ${req.url.split('?')[0]}` } });
  });
}
