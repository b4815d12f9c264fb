// Attachments: streamed upload (type by magic bytes, size limit per purpose, sha256), linking to the
// record that owns them, and access through the owners' own read rules.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { type Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type AttachmentDto, attachmentRule, FILE_KIND_LABELS } from '@shixun/common';
import { sql } from 'drizzle-orm';
import { attachmentScope } from '../../access/scope.js';
import { type Db, type Exec, intArray, one, rows, type Tx } from '../../db/client.js';
import { record } from '../../http/audit.js';
import type { Actor, CurrentUser } from '../../http/context.js';
import { AppError, invalid, notFound } from '../../http/errors.js';
import type { Storage } from '../../lib/storage.js';
import { cleanFilename, detectFileType, HEAD_BYTES } from './file-type.js';

export type SessionUser = CurrentUser;
export type { AttachmentDto };

// ---------- the owner registry ----------

type CanRead = (exec: Exec, user: SessionUser, ownerId: number) => Promise<boolean>;
const owners = new Map<string, CanRead>();

/** Each module that owns attachments registers how to decide whether a user may read an owner record. */
export function registerAttachmentOwner(kind: string, canRead: CanRead): void {
  owners.set(kind, canRead);
}

// ---------- upload ----------

export interface ReceivedFile {
  tmpPath: string;
  filename: string;
  size: number;
  sha256: string;
  head: Buffer;
  /** True when the stream was cut at the byte limit. */
  tooLarge: boolean;
}

/**
 * Streams one uploaded file to a temporary file, hashing it and keeping its first bytes, and
 * stops reading at `maxBytes` + 1 (nothing beyond the limit is kept).
 */
export async function receiveToTemp(
  storage: Storage,
  stream: Readable,
  filename: string,
  maxBytes: number,
): Promise<ReceivedFile> {
  await fs.promises.mkdir(storage.tmpDir, { recursive: true });
  const tmpPath = path.join(storage.tmpDir, `${Date.now()}-${randomBytes(8).toString('hex')}.part`);
  const hash = createHash('sha256');
  let size = 0;
  let head = Buffer.alloc(0);
  let tooLarge = false;
  const meter = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      if (tooLarge) return cb(); // drain the rest of the request without keeping it
      size += chunk.length;
      if (size > maxBytes) {
        tooLarge = true;
        return cb();
      }
      if (head.length < HEAD_BYTES) head = Buffer.concat([head, chunk.subarray(0, HEAD_BYTES - head.length)]);
      hash.update(chunk);
      cb(null, chunk);
    },
  });
  try {
    await pipeline(stream, meter, fs.createWriteStream(tmpPath));
  } catch (err) {
    await fs.promises.rm(tmpPath, { force: true });
    throw err;
  }
  // The multipart parser truncates at its own (global) limit instead of erroring in some modes.
  if ((stream as Readable & { truncated?: boolean }).truncated) tooLarge = true;
  return { tmpPath, filename: cleanFilename(filename), size, sha256: hash.digest('hex'), head, tooLarge };
}

/** Largest accepted upload for a purpose: the purpose's limit, capped by SHIXUN_MAX_UPLOAD_MB. */
export const limitFor = (purpose: string | undefined, globalMax: number) =>
  Math.min(Math.round(attachmentRule(purpose ?? '').maxMb * 1024 * 1024), globalMax);

/** Checks a received file against its purpose, moves it into storage and records it (unlinked). */
export async function saveUpload(
  exec: Db,
  storage: Storage,
  actor: Actor,
  purpose: string,
  file: ReceivedFile,
  globalMax: number,
): Promise<AttachmentDto> {
  try {
    const rule = attachmentRule(purpose);
    const max = limitFor(purpose, globalMax);
    if (file.tooLarge || file.size > max) {
      throw new AppError(
        'FILE_TOO_LARGE',
        `文件「${file.filename}」超过了${rule.label}的大小上限 ${(max / 1024 / 1024).toFixed(0)} MB`,
      );
    }
    if (file.size === 0) throw new AppError('FILE_INVALID', `文件「${file.filename}」是空文件`);
    const type = detectFileType(file.filename, file.head);
    if (!type.ok) throw new AppError('FILE_INVALID', `文件「${file.filename}」无法上传：${type.reason}`);
    if (!rule.kinds.includes(type.kind)) {
      throw new AppError(
        'FILE_INVALID',
        `${rule.label}只接受${rule.kinds.map((k) => FILE_KIND_LABELS[k]).join('、')}，「${file.filename}」不在其列`,
      );
    }
    const now = new Date();
    const key = `${now.getUTCFullYear()}/${String(now.getUTCMonth() + 1).padStart(2, '0')}/${randomBytes(16).toString('hex')}.${type.ext}`;
    await storage.putFile(key, file.tmpPath, { size: file.size, sha256: file.sha256, mime: type.mime });
    const id = await exec.transaction(async (tx) => {
      const row = await one<{ id: number }>(
        tx,
        sql`insert into attachments (region_id, filename, mime, size, sha256, storage_key, uploaded_by)
            values (${actor.user.regionId}, ${file.filename}, ${type.mime}, ${file.size}, ${file.sha256}, ${key}, ${actor.user.id})
            returning id`,
      );
      await record(tx, actor, {
        action: 'attachment.upload',
        entity: 'attachment',
        entityId: row!.id,
        after: { purpose, filename: file.filename, mime: type.mime, size: file.size, sha256: file.sha256 },
      });
      return Number(row!.id);
    });
    return { id, filename: file.filename, mime: type.mime, size: file.size };
  } finally {
    await fs.promises.rm(file.tmpPath, { force: true });
  }
}

// ---------- linking ----------

interface AttachmentRow {
  id: number;
  region_id: number;
  owner_kind: string | null;
  owner_id: number | null;
  filename: string;
  mime: string;
  size: number;
  sha256: string;
  storage_key: string;
  uploaded_by: number;
}

/**
 * Links the actor's own unlinked uploads to an owner record (call inside the owner's transaction).
 * Refuses ids that are not the actor's uploads or belong to another record; ids already linked to
 * this owner are accepted again (idempotent).
 */
export async function linkAttachments(
  tx: Tx | Exec,
  actor: Actor,
  ids: number[],
  owner: { kind: string; id: number },
): Promise<void> {
  const unique = [...new Set(ids)];
  if (!unique.length) return;
  const found = await rows<AttachmentRow>(
    tx,
    sql`select id, owner_kind, owner_id, filename, uploaded_by, region_id from attachments
        where id = any(${intArray(unique)}) and ${attachmentScope(actor.user, 'attachments')} for update`,
  );
  const byId = new Map(found.map((r) => [Number(r.id), r]));
  const toLink: number[] = [];
  for (const id of unique) {
    const r = byId.get(id);
    const same = r && r.owner_kind === owner.kind && Number(r.owner_id) === owner.id;
    if (same) continue;
    if (!r || r.uploaded_by !== actor.user.id) {
      throw invalid(`附件 ${id} 不存在或不是您上传的，请重新上传`, { attachmentIds: `附件 ${id} 不可用` });
    }
    if (r.owner_kind != null) {
      throw invalid(`附件「${r.filename}」已属于其他记录，请重新上传`, { attachmentIds: `附件 ${id} 已被使用` });
    }
    toLink.push(id);
  }
  if (!toLink.length) return;
  await tx.execute(
    sql`update attachments set owner_kind = ${owner.kind}, owner_id = ${owner.id} where id = any(${intArray(toLink)})`,
  );
  await record(tx, actor, {
    action: 'attachment.link',
    entity: owner.kind,
    entityId: owner.id,
    after: { attachmentIds: toLink },
  });
}

/**
 * Makes the owner's attachments exactly `ids`: links new ones (as linkAttachments) and detaches the
 * rest (they become unlinked and are removed by the daily clean-up). For editing a saved record.
 */
export async function replaceAttachments(
  tx: Tx | Exec,
  actor: Actor,
  ids: number[],
  owner: { kind: string; id: number },
): Promise<void> {
  await linkAttachments(tx, actor, ids, owner);
  const detached = await rows<{ id: number }>(
    tx,
    sql`update attachments set owner_kind = null, owner_id = null
        where owner_kind = ${owner.kind} and owner_id = ${owner.id} and not (id = any(${intArray([...new Set(ids)])}))
        returning id`,
  );
  if (detached.length) {
    await record(tx, actor, {
      action: 'attachment.unlink',
      entity: owner.kind,
      entityId: owner.id,
      before: { attachmentIds: detached.map((d) => Number(d.id)) },
    });
  }
}

/** The attachments of many owner records, in one query. */
export async function attachmentsOf(
  exec: Exec,
  kind: string,
  ownerIds: number[],
): Promise<Map<number, AttachmentDto[]>> {
  const out = new Map<number, AttachmentDto[]>();
  const unique = [...new Set(ownerIds)];
  if (!unique.length) return out;
  const list = await rows<{ id: number; owner_id: number; filename: string; mime: string; size: number }>(
    exec,
    sql`select id, owner_id, filename, mime, size from attachments
        where owner_kind = ${kind} and owner_id = any(${sql`${`{${unique.join(',')}}`}::bigint[]`})
        order by id`,
  );
  for (const r of list) {
    const key = Number(r.owner_id);
    const arr = out.get(key) ?? [];
    arr.push({ id: Number(r.id), filename: r.filename, mime: r.mime, size: Number(r.size) });
    out.set(key, arr);
  }
  return out;
}

// ---------- download ----------

/** The attachment if the user may download it: the uploader, or whoever may read its owner record. */
export async function readableAttachment(exec: Exec, user: SessionUser, id: number) {
  const r = await one<AttachmentRow>(
    exec,
    sql`select id, region_id, owner_kind, owner_id, filename, mime, size, sha256, storage_key, uploaded_by
        from attachments where id = ${id} and ${attachmentScope(user, 'attachments')}`,
  );
  if (!r) throw notFound('附件');
  if (r.uploaded_by === user.id) return r;
  const canRead = r.owner_kind ? owners.get(r.owner_kind) : undefined;
  if (!canRead || r.owner_id == null || !(await canRead(exec, user, Number(r.owner_id)))) throw notFound('附件');
  return r;
}

// ---------- clean-up ----------

/** Removes uploads never linked to a record within two days (bytes and rows). */
export async function removeStaleUploads(exec: Exec, storage: Storage, olderThanHours = 48): Promise<number> {
  const stale = await rows<{ id: number; storage_key: string }>(
    exec,
    sql`delete from attachments where id in (
          select id from attachments where owner_kind is null
          and created_at < now() - make_interval(hours => ${olderThanHours}) limit 1000)
        returning id, storage_key`,
  );
  for (const s of stale) await storage.delete(s.storage_key).catch(() => {});
  return stale.length;
}
