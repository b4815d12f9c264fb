// The one HTTP client: JSON in and out, the API's error envelope turned into ApiError.
import type { ErrorCode } from '@shixun/common';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode | 'NETWORK',
    message: string,
    readonly fields?: Record<string, string>,
    readonly body?: unknown,
  ) {
    super(message);
  }
}

type Query = Record<string, string | number | boolean | null | undefined>;

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `${path}?${s}` : path;
}

/** Called on 401 / PASSWORD_CHANGE_REQUIRED so the app can redirect (set by the router). */
export const authEvents: { onUnauthenticated?: () => void; onPasswordChangeRequired?: () => void } = {};

async function handle<T>(res: Response): Promise<T> {
  if (res.ok) {
    const type = res.headers.get('content-type') ?? '';
    return (type.includes('application/json') ? await res.json() : await res.blob()) as T;
  }
  let body: { error?: { code: ErrorCode; message: string; fields?: Record<string, string> } } | undefined;
  try {
    body = await res.json();
  } catch {
    /* not JSON */
  }
  const e = body?.error;
  if (res.status === 401 && e?.code === 'UNAUTHENTICATED') authEvents.onUnauthenticated?.();
  if (e?.code === 'PASSWORD_CHANGE_REQUIRED') authEvents.onPasswordChangeRequired?.();
  throw new ApiError(res.status, e?.code ?? 'INTERNAL', e?.message ?? `请求失败（${res.status}）`, e?.fields, body);
}

async function request<T>(method: string, path: string, body?: unknown, query?: Query): Promise<T> {
  let res: Response;
  try {
    res = await fetch(withQuery(path, query), {
      method,
      credentials: 'same-origin',
      headers: body === undefined || body instanceof FormData ? undefined : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : body instanceof FormData ? body : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'NETWORK', '无法连接服务器，请检查网络');
  }
  return handle<T>(res);
}

export const http = {
  get: <T>(path: string, query?: Query) => request<T>('GET', path, undefined, query),
  post: <T>(path: string, body?: unknown, query?: Query) => request<T>('POST', path, body ?? {}, query),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, body),
  del: <T>(path: string) => request<T>('DELETE', path),
  /** multipart upload of one file in field `file`, with optional text fields (sent before it) */
  upload: <T>(path: string, file: File | Blob, query?: Query, filename?: string, fields?: Record<string, string>) => {
    const fd = new FormData();
    for (const [k, v] of Object.entries(fields ?? {})) fd.append(k, v);
    fd.append('file', file, filename ?? (file instanceof File ? file.name : 'upload.xlsx'));
    return request<T>('POST', path, fd, query);
  },
};

/** Downloads a GET endpoint's file (exports) using the browser's own download. */
export function downloadUrl(path: string, query?: Query) {
  const a = document.createElement('a');
  a.href = withQuery(path, query);
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
}

/** Saves a Blob under a file name. */
export function saveBlob(blob: Blob, filename: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
