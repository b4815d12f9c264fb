// The fuzz walk: every operation of /api/openapi.json called with malformed input — ids beyond
// PostgreSQL's int, impossible dates, wrong types, oversized strings, NUL bytes, broken JSON and
// broken multipart bodies — as a county admin and without a session. None may answer 500, and
// every refusal carries the error envelope. A route added tomorrow is walked without a change here.
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_REFUSED_INPUT } from '../src/http/errors.js';
import { createTestApp, loginAs, seedWorld, type TestContext, type World } from './harness.js';
import { fillPath, type Operation, operations } from './routes-walk.js';

type JsonSchema = Operation['bodySchema'] & {};

let t: TestContext;
let w: World;
let county: string;

beforeAll(async () => {
  t = await createTestApp();
  w = await seedWorld(t.deps, '模糊县');
  county = await loginAs(t.app, w.users.county);
});
afterAll(() => t?.close());

/** Above PostgreSQL's int (2³¹−1), far above it, and other numbers no id can be. */
const BAD_IDS = ['2147483648', '99999999999999999999', '-1', '1.5', 'abc', '%00'];
const BAD_DATES = ['2026-13-01', '0000-01-01', '2026-02-30', '99999-01-01'];
const LONG = 'x'.repeat(20_000);
const BAD_TEXT = [LONG, 'a\u0000b', '2147483648'];
/** A value a well-formed request could carry, for fields the walk does not break. */
const NOWHERE_ID = 99_999;

/** Strings tried in turn for a `pattern`: the first that matches is the field's valid sample. */
const PATTERN_SAMPLES = [
  '2026-03-02',
  '2026-03',
  '08:30',
  '13800000000',
  'Abcdef12',
  'abc_def',
  'XS-2026-1-ABCDEF',
  '0.5',
  '100.50',
  '2026-03-02T08:00:00+08:00',
  '00000000-0000-4000-8000-000000000000',
];

const types = (s: JsonSchema): string[] => (Array.isArray(s.type) ? s.type : s.type ? [s.type] : []);
const nonNull = (s: JsonSchema): JsonSchema => {
  const alts = (s.anyOf ?? s.oneOf) as JsonSchema[] | undefined;
  return alts?.find((a) => !types(a).includes('null')) ?? s;
};
const isNumeric = (s: JsonSchema) => types(nonNull(s)).some((x) => x === 'integer' || x === 'number');
const isDateLike = (s: JsonSchema) => {
  const n = nonNull(s);
  return typeof n.pattern === 'string' && n.pattern.includes('\\d{4}-');
};

/** A valid-looking value for a schema: required object fields filled, ids pointing nowhere. */
function sample(schema: JsonSchema | undefined, name = ''): unknown {
  if (!schema) return 'x';
  const s = nonNull(schema);
  if (s.const !== undefined) return s.const;
  if (s.enum?.length) return s.enum[0];
  if (s.default !== undefined) return s.default;
  const ty = types(s)[0];
  if (ty === 'object' || s.properties) {
    const out: Record<string, unknown> = {};
    for (const k of s.required ?? []) out[k] = sample(s.properties?.[k], k);
    return out;
  }
  if (ty === 'array') {
    const min = typeof s.minItems === 'number' ? s.minItems : 0;
    return Array.from({ length: min }, () => sample(s.items, name));
  }
  if (ty === 'integer' || ty === 'number') {
    const min = typeof s.minimum === 'number' ? s.minimum : typeof s.exclusiveMinimum === 'number' ? 1 : 0;
    if (/year/i.test(name)) return 2026;
    return /id$/i.test(name) ? NOWHERE_ID : Math.max(min, 1);
  }
  if (ty === 'boolean') return false;
  if (s.format === 'binary') return undefined;
  if (typeof s.pattern === 'string') {
    const re = new RegExp(s.pattern);
    return PATTERN_SAMPLES.find((c) => re.test(c)) ?? 'x';
  }
  if (s.format === 'uuid') return '00000000-0000-4000-8000-000000000000';
  if (s.format === 'date-time') return '2026-03-02T08:00:00+08:00';
  const min = typeof s.minLength === 'number' ? s.minLength : 1;
  return 'x'.repeat(Math.max(1, Math.min(min, 64)));
}

/** Body variants: the sample with one field broken at a time, plus wholly wrong bodies. */
function bodyVariants(schema: JsonSchema | null): unknown[] {
  if (!schema) return [];
  const base = sample(schema) as Record<string, unknown>;
  const out: unknown[] = [base, [], 'x', 42, null];
  const props = nonNull(schema).properties ?? {};
  for (const [k, p] of Object.entries(props)) {
    const broken = (v: unknown) => out.push({ ...base, [k]: v });
    const n = nonNull(p);
    if (isNumeric(p)) {
      for (const v of [2147483648, 1e20, -1, 'abc']) broken(v);
    } else if (isDateLike(p)) {
      for (const v of BAD_DATES) broken(v);
    } else if (types(n).includes('array')) {
      broken([2147483648]);
      broken(['x']);
      broken(Array.from({ length: 5000 }, (_, i) => i + 1));
      broken('x');
    } else if (types(n).includes('string')) {
      for (const v of BAD_TEXT) broken(v);
      broken(12);
    } else {
      broken('x');
      broken(2147483648);
    }
  }
  return out;
}

/** Query strings: each parameter in turn given bad values, the required ones sampled. */
function queryVariants(op: Operation): Record<string, string>[] {
  const base: Record<string, string> = {};
  for (const q of op.queryParams) if (q.required) base[q.name] = String(sample(q.schema, q.name));
  const out: Record<string, string>[] = [];
  for (const q of op.queryParams) {
    const values = isNumeric(q.schema)
      ? BAD_IDS
      : isDateLike(q.schema)
        ? BAD_DATES
        : [LONG, 'a\u0000b', '2026-13-01', '2147483648'];
    for (const v of values) out.push({ ...base, [q.name]: v });
  }
  return out;
}

const qs = (q: Record<string, string>) =>
  Object.keys(q).length
    ? `?${Object.entries(q)
        .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
        .join('&')}`
    : '';

const pathSample = (op: Operation) => (name: string) => {
  const p = op.pathParams.find((x) => x.name === name);
  if (p && isNumeric(p.schema)) return /year/i.test(name) ? 2026 : NOWHERE_ID;
  return String(sample(p?.schema, name));
};

const BOUNDARY = '----shixunfuzz';
const MULTIPART_BODIES: Array<{ type: string; body: string | Buffer }> = [
  { type: 'multipart/form-data', body: 'no boundary at all' },
  { type: `multipart/form-data; boundary=${BOUNDARY}`, body: 'garbage without any boundary line' },
  {
    type: `multipart/form-data; boundary=${BOUNDARY}`,
    // Truncated: the part never ends.
    body: `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="a.xlsx"\r\nContent-Type: application/octet-stream\r\n\r\nPK\u0003\u0004trunc`,
  },
  {
    type: `multipart/form-data; boundary=${BOUNDARY}`,
    // Headers that never end.
    body: `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="a.xlsx"`,
  },
  {
    type: `multipart/form-data; boundary=${BOUNDARY}`,
    // A broken zip called .xlsx, well framed.
    body: `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="a.xlsx"\r\nContent-Type: application/octet-stream\r\n\r\nPK\u0003\u0004not a zip\r\n--${BOUNDARY}--\r\n`,
  },
  { type: 'multipart/form-data; boundary=', body: '--\r\n\r\n' },
];

interface Call {
  method: Operation['method'];
  url: string;
  headers?: Record<string, string>;
  payload?: string | Buffer;
  label: string;
}

function calls(op: Operation): Call[] {
  const out: Call[] = [];
  const fill = pathSample(op);
  const goodPath = fillPath(op.path, fill);
  // Path parameters, each in turn.
  for (const p of op.pathParams) {
    const values = isNumeric(p.schema) ? BAD_IDS : [LONG.slice(0, 2000), 'a\u0000b', '..'];
    for (const v of values) {
      out.push({
        method: op.method,
        url: fillPath(op.path, (n) => (n === p.name ? v : fill(n))).replace(/%2500/g, '%00'),
        label: `path ${p.name}=${v.slice(0, 20)}`,
      });
    }
  }
  for (const q of queryVariants(op))
    out.push({ method: op.method, url: goodPath + qs(q), label: `query ${qs(q).slice(0, 60)}` });
  if (op.bodyTypes.includes('application/json')) {
    const json = { 'content-type': 'application/json' };
    for (const b of bodyVariants(op.bodySchema)) {
      out.push({
        method: op.method,
        url: goodPath,
        headers: json,
        payload: JSON.stringify(b),
        label: `body ${JSON.stringify(b).slice(0, 80)}`,
      });
    }
    for (const raw of ['{', '{"a":', '\u0000', '{"a":"\\ud800"}']) {
      out.push({ method: op.method, url: goodPath, headers: json, payload: raw, label: `broken JSON ${raw}` });
    }
  }
  if (op.bodyTypes.includes('multipart/form-data')) {
    for (const m of MULTIPART_BODIES) {
      out.push({
        method: op.method,
        url: goodPath,
        headers: { 'content-type': m.type },
        payload: m.body,
        label: `multipart ${m.type} ${String(m.body).slice(0, 30)}`,
      });
    }
    out.push({
      method: op.method,
      url: goodPath,
      headers: { 'content-type': 'application/json' },
      payload: '{}',
      label: 'JSON to a multipart route',
    });
  }
  if (op.method !== 'GET' && op.method !== 'DELETE' && !op.bodyTypes.length) {
    out.push({
      method: op.method,
      url: goodPath,
      headers: { 'content-type': 'application/json' },
      payload: '{',
      label: 'broken JSON to a route without body',
    });
  }
  return out;
}

function check(res: LightMyRequestResponse, op: Operation, c: Call): string | null {
  const where = `${c.method} ${c.url.slice(0, 120)} [${c.label}] → ${res.statusCode}`;
  if (res.statusCode >= 500) return `${where} ${res.body.slice(0, 200)}`;
  if (res.statusCode >= 400) {
    let body: { error?: { code?: unknown; message?: unknown } } | undefined;
    try {
      body = res.json();
    } catch {
      return `${where}: not JSON: ${res.body.slice(0, 100)}`;
    }
    if (typeof body?.error?.code !== 'string' || typeof body.error.message !== 'string') {
      return `${where}: no error envelope: ${res.body.slice(0, 200)}`;
    }
    // The error handler's safety net caught it: the request schema let it through to the database.
    if (body.error.message.startsWith(DATABASE_REFUSED_INPUT)) return `${where}: reached the database: ${res.body}`;
  }
  void op;
  return null;
}

/** Logging out would end the walk's session; everything else is walked. */
const walked = (ops: Operation[]) => ops.filter((op) => op.path !== '/api/auth/logout');

async function walk(cookie: string | null): Promise<{ failures: string[]; requests: number }> {
  const failures: string[] = [];
  let requests = 0;
  for (const op of walked(operations(t.app))) {
    for (const c of calls(op)) {
      requests++;
      let res: LightMyRequestResponse;
      try {
        res = await t.app.inject({
          method: c.method,
          url: c.url,
          headers: { ...c.headers, ...(cookie ? { cookie } : {}) },
          payload: c.payload,
        });
      } catch (err) {
        // The connection was dropped instead of answered.
        failures.push(`${c.method} ${c.url.slice(0, 120)} [${c.label}] → ${(err as Error).message}`);
        continue;
      }
      const problem = check(res, op, c);
      if (problem) failures.push(problem);
    }
  }
  return { failures, requests };
}

describe('fuzz walk over every documented route', () => {
  it('finds the routes', () => {
    expect(walked(operations(t.app)).length).toBeGreaterThan(150);
  });

  it('as a county admin: no 500, every refusal in the envelope', async () => {
    const { failures, requests } = await walk(county);
    expect(requests).toBeGreaterThan(1500);
    expect(failures).toEqual([]);
    // The walk never logged the admin out or locked the account.
    const me = await t.app.inject({ url: '/api/auth/me', headers: { cookie: county } });
    expect(me.statusCode).toBe(200);
    // Several thousand requests, growing with every route: ~30 s on an idle machine, minutes when
    // the cores are shared (as the cross-county walk).
  }, 300_000);

  it('without a session: no 500, every refusal in the envelope', async () => {
    const { failures } = await walk(null);
    expect(failures).toEqual([]);
  }, 120_000);
});
