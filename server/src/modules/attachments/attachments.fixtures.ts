// Test helpers for uploads: multipart bodies with fields, sample files, and an Actor for a username.
import { sql } from 'drizzle-orm';
import { one } from '../../db/client.js';
import type { Deps } from '../../deps.js';
import type { Actor, CurrentUser } from '../../http/context.js';

/** A multipart body: fields first (as browsers send antd's `data`), then one file part. */
export function multipartUpload(
  filename: string,
  content: Buffer | string,
  fields: Record<string, string> = {},
  contentType = 'application/octet-stream',
) {
  const boundary = `----shixun${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  }
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`,
    ),
    Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8'),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  );
  return {
    payload: Buffer.concat(parts),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

/** A tiny valid-looking PDF (the magic bytes are what the check reads). */
export const samplePdf = (text = 'hello') => Buffer.from(`%PDF-1.4\n% ${text}\n%%EOF\n`, 'utf8');
export const samplePng = () =>
  Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)]);

/** Uploads a file as the logged-in user (cookie) and returns the response. */
export async function upload(
  deps: { app: { inject: (o: object) => Promise<{ statusCode: number; json: () => unknown }> } },
  cookie: string,
  purpose: string,
  filename: string,
  content: Buffer | string,
) {
  const body = multipartUpload(filename, content, { purpose });
  return deps.app.inject({
    method: 'POST',
    url: '/api/attachments',
    headers: { ...body.headers, cookie },
    payload: body.payload,
  });
}

/** An Actor for service calls in tests. */
export async function actorFor(deps: Deps, username: string): Promise<Actor> {
  const u = await one<{
    id: number;
    username: string;
    display_name: string;
    role: CurrentUser['role'];
    region_id: number;
    school_id: number | null;
    area_id: number | null;
    consortium_id: number | null;
    teacher_id: number | null;
  }>(deps.db, sql`select * from users where username = ${username}`);
  if (!u) throw new Error(`no user ${username}`);
  return {
    user: {
      id: u.id,
      username: u.username,
      displayName: u.display_name,
      role: u.role,
      regionId: u.region_id,
      schoolId: u.school_id,
      areaId: u.area_id,
      consortiumId: u.consortium_id,
      teacherId: u.teacher_id,
      mustChangePassword: false,
    },
    ip: null,
    userAgent: null,
  };
}
