// HTTP for spreadsheet imports: upload, dry run / commit, progress, error report, templates.
import {
  errorEnvelope,
  type ImportMapping,
  importMapping,
  importQuery,
  importResult,
  job,
  jobListItem,
  jobListQuery,
} from '@shixun/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { App, Deps } from '../../deps.js';
import { actorOf } from '../../http/auth.js';
import type { Actor } from '../../http/context.js';
import { AppError } from '../../http/errors.js';
import { loadDictionary } from '../dictionaries/dictionaries.service.js';
import { getJob, listJobs, openJob } from './jobs.js';
import { buildErrorReport } from './report.js';
import type { ImportOptions } from './run.js';
import { importSchools } from './schools.import.js';
import { importTeachers } from './teachers.import.js';
import { schoolTemplate, teacherTemplate } from './templates.js';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const MULTIPART = ['multipart/form-data'];

const importFailure = errorEnvelope.extend(importResult.shape);
/** Documents the multipart body only: the file is read from the stream, so the parsed body stays empty. */
export const uploadBody = z
  .object({
    file: z.string().meta({ format: 'binary', description: '.xlsx 或 .csv 文件' }),
    mapping: z
      .string()
      .optional()
      .meta({
        description:
          'JSON：本文件中不在字典里的值如何对应，{ "<kind>": { "<表中的值>": "<字典条目或要新增的值>" } }；' +
          'kind 为字典类型（如 honour、title），school 对应学校名称。县级管理员导入成功后，对应关系记为同义词/学校简称',
      }),
  })
  .nullish();

/** The multipart field `mapping` (JSON), checked; a clear 400 when it is not what the API expects. */
export function mappingOf(fields: Record<string, string>): ImportMapping | undefined {
  const raw = fields.mapping;
  if (raw == null || raw.trim() === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new AppError('VALIDATION_FAILED', '字段 mapping 不是有效的 JSON', { mapping: '应为 JSON 对象' });
  }
  const r = importMapping.safeParse(parsed);
  if (!r.success) {
    throw new AppError('VALIDATION_FAILED', '字段 mapping 格式应为 { "<字典类型>": { "<表中的值>": "<对应的值>" } }', {
      mapping: '格式错误',
    });
  }
  return r.data;
}
const reportBody = z
  .object({
    file: z.string().meta({ format: 'binary', description: '.xlsx 或 .csv 文件' }),
    kind: z.enum(['teachers', 'schools']).optional(),
  })
  .nullish();
const importResponses = {
  200: importResult,
  400: errorEnvelope,
  403: errorEnvelope,
  409: errorEnvelope,
  413: errorEnvelope,
  422: importFailure,
};

interface Upload {
  buffer: Buffer;
  filename: string;
  fields: Record<string, string>;
}

/** The uploaded file (the first file part, normally named `file`) and any text fields. */
export async function receiveUpload(req: FastifyRequest): Promise<Upload> {
  if (!req.isMultipart()) throw new AppError('FILE_INVALID', '请以 multipart/form-data 上传文件（字段名 file）');
  let file: { buffer: Buffer; filename: string } | undefined;
  const fields: Record<string, string> = {};
  for await (const part of req.parts()) {
    if (part.type === 'file') {
      const buffer = await part.toBuffer(); // also drains extra files
      if (!file) file = { buffer, filename: part.filename };
    } else fields[part.fieldname] = String(part.value ?? '');
  }
  if (!file) throw new AppError('FILE_INVALID', '请选择要上传的文件（字段名 file）');
  return { ...file, fields };
}

/** RFC 6266/5987: an ASCII fallback plus the UTF-8 name. */
export function attachment(reply: FastifyReply, filename: string, fallback: string) {
  const encoded = encodeURIComponent(filename).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  reply
    .header('content-type', XLSX_TYPE)
    .header('content-disposition', `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`)
    .header('cache-control', 'no-store');
}

type Runner = typeof importTeachers;

async function handleImport(
  deps: Deps,
  req: FastifyRequest,
  actor: Actor,
  query: { dryRun: boolean; skipInvalid: boolean; autoAdd: boolean; jobId?: string },
  kind: 'teachers.import' | 'schools.import',
  run: Runner,
) {
  // The job row exists before the upload is read, so a client polling it sees 解析文件 at once.
  const job = await openJob(deps.db, actor, query.jobId, kind);
  let upload: Upload;
  try {
    upload = await receiveUpload(req);
  } catch (err) {
    await job.fail(err instanceof AppError ? err.message : '文件上传失败').catch(() => {});
    throw err;
  }
  let opts: ImportOptions;
  try {
    opts = {
      dryRun: query.dryRun,
      skipInvalid: query.skipInvalid,
      autoAdd: query.autoAdd,
      mapping: mappingOf(upload.fields),
      job,
    };
  } catch (err) {
    await job.fail(err instanceof AppError ? err.message : '请求无效').catch(() => {});
    throw err;
  }
  const started = performance.now();
  const result = await run(deps, actor, upload.buffer, upload.filename, opts);
  const ms = performance.now() - started;
  req.log.info(
    {
      kind,
      dryRun: query.dryRun,
      rows: result.total,
      ms: Math.round(ms),
      rowsPerSecond: Math.round(result.total / (ms / 1000)),
    },
    'import finished',
  );
  return result;
}

export async function importsRoutes(app: App, deps: Deps) {
  app.post(
    '/api/teachers/import',
    {
      config: { permission: 'teachers.import' },
      schema: {
        tags: ['imports'],
        summary:
          '导入教师花名册（.xlsx / .csv；dryRun 预检，skipInvalid 跳过错误行，jobId 报告进度；' +
          '字典中没有的值在预检的 unknown 中列出，用 mapping 对应或 autoAdd=true 新增，新增的在 added 中列出）',
        consumes: MULTIPART,
        body: uploadBody,
        querystring: importQuery,
        response: importResponses,
      },
    },
    async (req) => {
      const actor = actorOf(req);
      return handleImport(deps, req, actor, req.query, 'teachers.import', importTeachers);
    },
  );

  app.post(
    '/api/schools/import',
    {
      config: { permission: 'org.manage' },
      schema: {
        tags: ['imports'],
        summary:
          '导入学校名单（县级管理员；学区、教联体可选，没有的自动新建；设置核心校、所属中心校、简称；' +
          '字典中没有的学校类型/隶属用 mapping 对应或 autoAdd=true 新增）',
        consumes: MULTIPART,
        body: uploadBody,
        querystring: importQuery,
        response: importResponses,
      },
    },
    async (req) => {
      const actor = actorOf(req);
      return handleImport(deps, req, actor, req.query, 'schools.import', importSchools);
    },
  );

  app.get(
    '/api/jobs',
    {
      config: { permission: 'imports.read' },
      schema: {
        tags: ['imports'],
        summary: '我最近的导入任务（含因服务器中断而失败的任务）',
        querystring: jobListQuery,
        response: { 200: z.object({ items: z.array(jobListItem) }), 400: errorEnvelope },
      },
    },
    async (req) => ({ items: await listJobs(deps.db, actorOf(req), req.query.kind, req.query.limit) }),
  );

  app.get(
    '/api/jobs/:id',
    {
      config: { permission: 'jobs.read' },
      schema: {
        tags: ['imports'],
        summary: '查询导入任务进度（仅任务发起人）',
        params: z.object({ id: z.string().max(64) }),
        response: { 200: job, 404: errorEnvelope },
      },
    },
    async (req) => getJob(deps.db, actorOf(req), req.params.id),
  );

  app.post(
    '/api/imports/report',
    {
      config: { permission: 'teachers.import' },
      schema: {
        tags: ['imports'],
        summary: '生成错误报告：原表格加“错误说明”列，错误单元格标红（返回 .xlsx）',
        consumes: MULTIPART,
        body: reportBody,
        querystring: z.object({ kind: z.enum(['teachers', 'schools']).optional() }),
        produces: [XLSX_TYPE],
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const upload = await receiveUpload(req);
      const kind = req.query.kind ?? upload.fields.kind;
      if (kind !== 'teachers' && kind !== 'schools') {
        throw new AppError('VALIDATION_FAILED', '请指定导入类型 kind（teachers 或 schools）', {
          kind: '应为 teachers 或 schools',
        });
      }
      const report = await buildErrorReport(deps, actor, upload.buffer, upload.filename, kind);
      attachment(reply, report.filename, `${kind}-import-errors.xlsx`);
      reply.header('x-error-rows', String(report.errorRows));
      return reply.send(report.buffer);
    },
  );

  app.get(
    '/api/teachers/import/template',
    {
      config: { permission: 'teachers.import' },
      schema: {
        tags: ['imports'],
        summary: '下载教师花名册导入模板（.xlsx，下拉选项为本县字典）',
        produces: [XLSX_TYPE],
      },
    },
    async (req, reply) => {
      const user = actorOf(req).user;
      attachment(reply, '教师花名册导入模板.xlsx', 'teachers-import-template.xlsx');
      return reply.send(await teacherTemplate(await loadDictionary(deps.db, user.regionId)));
    },
  );

  app.get(
    '/api/schools/import/template',
    {
      config: { permission: 'org.manage' },
      schema: {
        tags: ['imports'],
        summary: '下载学校名单导入模板（.xlsx，下拉选项为本县字典）',
        produces: [XLSX_TYPE],
      },
    },
    async (req, reply) => {
      const user = actorOf(req).user;
      attachment(reply, '学校名单导入模板.xlsx', 'schools-import-template.xlsx');
      return reply.send(await schoolTemplate(await loadDictionary(deps.db, user.regionId)));
    },
  );
}
