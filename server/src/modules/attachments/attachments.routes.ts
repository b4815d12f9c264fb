// HTTP for attachments: upload (multipart, streamed) and download (only for those who may see the owner).
import fs from 'node:fs';
import {
  attachmentDownloadQuery,
  attachmentDto,
  attachmentRule,
  attachmentUploadQuery,
  errorEnvelope,
  idParam,
} from '@shixun/common';
import { z } from 'zod';
import type { App, Deps } from '../../deps.js';
import { actorOf, userOf } from '../../http/auth.js';
import { AppError } from '../../http/errors.js';
import { createStorage, type Storage } from '../../lib/storage.js';
import { limitFor, type ReceivedFile, readableAttachment, receiveToTemp, saveUpload } from './attachments.service.js';
import { contentDisposition } from './file-type.js';

const tags = ['attachments'];
const INLINE_TYPES = /^(application\/pdf|image\/(png|jpeg|gif|webp))$/;

/** Storage is stateless (a directory or a bucket), so one per app is as good as one per process. */
export const storageOf = (deps: Deps): Storage =>
  createStorage({ dataDir: deps.config.dataDir, s3: deps.config.s3 ?? undefined });

export async function attachmentsRoutes(app: App, deps: Deps) {
  const storage = storageOf(deps);
  const globalMax = deps.config.maxUploadBytes;

  app.post(
    '/api/attachments',
    {
      config: { permission: 'attachments.upload' },
      schema: {
        tags,
        summary:
          '上传附件（multipart：字段 purpose 在前，file 在后）；按用途限制类型与大小；保存所属记录前仅上传者可见',
        consumes: ['multipart/form-data'],
        querystring: attachmentUploadQuery,
        body: z
          .object({
            purpose: z
              .string()
              .meta({ description: '用途 = 所属记录类型：credit_application、report_back、expense、claim、notice…' }),
            file: z.string().meta({ format: 'binary' }),
          })
          .nullish(),
        response: {
          200: attachmentDto,
          400: errorEnvelope,
          401: errorEnvelope,
          403: errorEnvelope,
          413: errorEnvelope,
        },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      if (!req.isMultipart()) throw new AppError('FILE_INVALID', '请以 multipart/form-data 上传文件（字段名 file）');
      let purpose = req.query.purpose;
      let received: ReceivedFile | undefined;
      try {
        for await (const part of req.parts()) {
          if (part.type === 'field') {
            if (part.fieldname === 'purpose' && typeof part.value === 'string') purpose = part.value;
          } else if (!received) {
            received = await receiveToTemp(storage, part.file, part.filename, limitFor(purpose, globalMax));
          } else {
            part.file.resume();
          }
        }
      } catch (err) {
        if (received) await fs.promises.rm(received.tmpPath, { force: true });
        const code = (err as { code?: string }).code;
        if (code === 'FST_REQ_FILE_TOO_LARGE') {
          const max = limitFor(purpose, globalMax);
          throw new AppError(
            'FILE_TOO_LARGE',
            `文件超过了${attachmentRule(purpose ?? '').label}的大小上限 ${(max / 1024 / 1024).toFixed(0)} MB`,
          );
        }
        throw err;
      }
      if (!received) throw new AppError('FILE_INVALID', '请选择要上传的文件（字段名 file）');
      if (!purpose || !/^[a-z][a-z_]{1,39}$/.test(purpose)) {
        await fs.promises.rm(received.tmpPath, { force: true });
        throw new AppError('FILE_INVALID', '缺少附件用途（字段 purpose，如 report_back）', { purpose: '必填' });
      }
      return saveUpload(deps.db, storage, actor, purpose, received, globalMax);
    },
  );

  app.get(
    '/api/attachments/:id',
    {
      config: { permission: 'attachments.read' },
      schema: {
        tags,
        summary: '下载附件（?inline=1 在浏览器中查看 PDF/图片）：仅上传者或可查看所属记录的用户',
        params: idParam,
        querystring: attachmentDownloadQuery,
        produces: ['application/octet-stream'],
      },
    },
    async (req, reply) => {
      const a = await readableAttachment(deps.db, userOf(req), req.params.id);
      const inline = (req.query.inline === '1' || req.query.inline === 'true') && INLINE_TYPES.test(a.mime);
      const etag = `"${a.sha256}"`;
      reply
        .header('content-type', a.mime)
        .header('content-disposition', contentDisposition(a.filename, inline))
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-cache')
        .header('etag', etag);
      if (req.headers['if-none-match'] === etag) return reply.status(304).send();
      let stream: Awaited<ReturnType<Storage['get']>>;
      try {
        stream = await storage.get(a.storage_key);
      } catch (err) {
        req.log.error({ err, key: a.storage_key }, 'attachment bytes missing');
        throw new AppError('NOT_FOUND', `附件「${a.filename}」的文件已丢失，请联系管理员`);
      }
      reply.header('content-length', String(a.size));
      return reply.send(stream);
    },
  );
}
