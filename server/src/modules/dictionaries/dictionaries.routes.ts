// HTTP for the dictionaries (数据字典): the contract read every form and import uses, and the
// county admin's 字典管理 (add, edit, rename, retire/restore, merge).
import {
  dictionaries,
  dictionaryAdminEntry,
  dictionaryAdminList,
  dictionaryEntryBody,
  dictionaryEntryParams,
  dictionaryEntryUpdateBody,
  dictionaryKindParam,
  dictionaryMergeBody,
  errorEnvelope,
  okResult,
} from '@shixun/common';
import type { App, Deps } from '../../deps.js';
import { actorOf, userOf } from '../../http/auth.js';
import { addEntry, listKind, mergeEntry, readDictionaries, updateEntry } from './dictionaries.service.js';

const tags = ['dictionaries'];
const errors = { 400: errorEnvelope, 401: errorEnvelope, 403: errorEnvelope, 404: errorEnvelope, 409: errorEnvelope };

export async function dictionariesRoutes(app: App, deps: Deps) {
  const { db } = deps;

  app.get(
    '/api/dictionaries',
    {
      config: { permission: 'dictionaries.read' },
      schema: {
        tags,
        summary: '本县全部字典：{ "<kind>": [ { value, synonyms, level? } ] }（在用条目，按本县顺序）',
        description:
          'kind：school_type 学校类型、school_affiliation 办学性质/隶属、stage 学段、subject 学科、title 职称、' +
          'degree 学历、post 岗位、honour 骨干类别/荣誉称号（带 level 级别）、honour_level 荣誉级别、' +
          'training_category 培训类别、research_activity_type 教研活动类型。未修改过的字典为全国通用列表。',
        response: { 200: dictionaries, 401: errorEnvelope },
      },
    },
    async (req) => readDictionaries(db, userOf(req)),
  );

  app.get(
    '/api/dictionaries/:kind/entries',
    {
      config: { permission: 'dictionaries.entries' },
      schema: {
        tags,
        summary: '字典管理：某类字典的全部条目（含已停用、已合并），及使用该值的记录数',
        params: dictionaryKindParam,
        response: { 200: dictionaryAdminList, ...errors },
      },
    },
    async (req) => listKind(db, userOf(req), req.params.kind),
  );

  app.post(
    '/api/dictionaries/:kind',
    {
      config: { permission: 'dictionaries.write' },
      schema: {
        tags,
        summary: '新增字典条目（县级管理员）：{ value, synonyms?, level? }；骨干类别的级别可由名称前缀推断（县级…）',
        params: dictionaryKindParam,
        body: dictionaryEntryBody,
        response: { 201: dictionaryAdminEntry, ...errors },
      },
    },
    async (req, reply) => {
      const entry = await addEntry(db, actorOf(req), req.params.kind, req.body);
      return reply.code(201).send(entry);
    },
  );

  app.patch(
    '/api/dictionaries/:kind/:id',
    {
      config: { permission: 'dictionaries.write' },
      schema: {
        tags,
        summary:
          '修改字典条目（县级管理员）：同义词、级别、顺序、停用/恢复；改名时使用旧值的记录随之更新，旧值保留为同义词',
        params: dictionaryEntryParams,
        body: dictionaryEntryUpdateBody,
        response: { 200: okResult, ...errors },
      },
    },
    async (req) => {
      await updateEntry(db, actorOf(req), req.params.kind, req.params.id, req.body);
      return { ok: true as const };
    },
  );

  app.post(
    '/api/dictionaries/:kind/:id/merge',
    {
      config: { permission: 'dictionaries.write' },
      schema: {
        tags,
        summary:
          '合并字典条目（县级管理员）：使用该值的记录改为目标值，该值及其同义词成为目标的同义词；原条目保留为“已合并”',
        params: dictionaryEntryParams,
        body: dictionaryMergeBody,
        response: { 200: okResult, ...errors },
      },
    },
    async (req) => {
      await mergeEntry(db, actorOf(req), req.params.kind, req.params.id, req.body.into);
      return { ok: true as const };
    },
  );
}
