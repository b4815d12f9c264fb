// The ethics record: who may record and read, validation, deletion, audit, and the clean-record query.
import type { EthicsRecord } from '@shixun/common';
import { ethicsClean } from '@shixun/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, createTestApp, loginAs, seedWorld, type TestContext, type World } from '../../../test/harness.js';
import { teachersWithViolations } from './ethics.service.js';

let t: TestContext;
let w: World;
const cookie: Record<string, string> = {};

async function call(who: string, method: 'GET' | 'POST' | 'DELETE', url: string, payload?: unknown) {
  return t.app.inject({ method, url, payload: payload as object | undefined, headers: { cookie: cookie[who]! } });
}

beforeAll(async () => {
  t = await createTestApp();
  w = await seedWorld(t.deps);
  for (const k of ['county', 'leader', 'areaA', 'schoolA', 'schoolB', 'teacherA'] as const) {
    cookie[k] = await loginAs(t.app, w.users[k]);
  }
});
afterAll(async () => {
  await t?.close();
});

const pledge = { occurredOn: '2025-09-01', kind: 'pledge', note: '签订2025学年师德师风承诺书' };

describe('ethics records', () => {
  it('the school admin records for their own teachers only; county too', async () => {
    const res = await call('schoolA', 'POST', `/api/teachers/${w.teacherA}/ethics`, pledge);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<EthicsRecord>()).toMatchObject({
      teacherId: w.teacherA,
      kind: 'pledge',
      veto: false,
      createdBy: 'schoolA',
    });
    expect((await call('schoolA', 'POST', `/api/teachers/${w.teacherB}/ethics`, pledge)).statusCode).toBe(404);
    expect((await call('schoolB', 'POST', `/api/teachers/${w.teacherA}/ethics`, pledge)).statusCode).toBe(404);
    const county = await call('county', 'POST', `/api/teachers/${w.teacherB}/ethics`, {
      occurredOn: '2026-03-08',
      kind: 'commendation',
      note: '县级师德标兵',
    });
    expect(county.statusCode).toBe(200);
  });

  it('leaders, area admins and teachers may not record', async () => {
    expect((await call('leader', 'POST', `/api/teachers/${w.teacherA}/ethics`, pledge)).statusCode).toBe(403);
    expect((await call('areaA', 'POST', `/api/teachers/${w.teacherA}/ethics`, pledge)).statusCode).toBe(403);
    expect((await call('teacherA', 'POST', `/api/teachers/${w.teacherA}/ethics`, pledge)).statusCode).toBe(403);
  });

  it('validates: veto only on a violation, a violation needs a reason, no future dates', async () => {
    const veto = await call('schoolA', 'POST', `/api/teachers/${w.teacherA}/ethics`, { ...pledge, veto: true });
    expect(veto.statusCode).toBe(400);
    expect(veto.json().error.message).toContain('只有违反师德的记录可以一票否决');
    const bare = await call('schoolA', 'POST', `/api/teachers/${w.teacherA}/ethics`, {
      occurredOn: '2026-01-01',
      kind: 'violation',
    });
    expect(bare.statusCode).toBe(400);
    expect(bare.json().error.message).toContain('写明事由');
    const future = await call('schoolA', 'POST', `/api/teachers/${w.teacherA}/ethics`, {
      ...pledge,
      occurredOn: '2099-01-01',
    });
    expect(future.statusCode).toBe(400);
    expect(future.json().error.message).toBe('日期不能晚于今天');
    const kind = await call('schoolA', 'POST', `/api/teachers/${w.teacherA}/ethics`, { ...pledge, kind: 'x' });
    expect(kind.statusCode).toBe(400);
  });

  it('lists within scope; the teacher reads their own; leaders read', async () => {
    const v = await call('schoolA', 'POST', `/api/teachers/${w.teacherA}/ethics`, {
      occurredOn: '2026-02-01',
      kind: 'violation',
      veto: true,
      note: '有偿补课，一票否决',
    });
    expect(v.statusCode).toBe(200);
    const own = await call('teacherA', 'GET', `/api/teachers/${w.teacherA}/ethics`);
    expect(own.statusCode).toBe(200);
    expect(own.json<{ items: EthicsRecord[] }>().items.map((e) => e.kind)).toEqual(['violation', 'pledge']);
    expect((await call('teacherA', 'GET', `/api/teachers/${w.teacherB}/ethics`)).statusCode).toBe(404);
    expect((await call('schoolB', 'GET', `/api/teachers/${w.teacherA}/ethics`)).statusCode).toBe(404);
    expect((await call('leader', 'GET', `/api/teachers/${w.teacherA}/ethics`)).statusCode).toBe(200);
    expect((await call('areaA', 'GET', `/api/teachers/${w.teacherA}/ethics`)).statusCode).toBe(200);
  });

  it('finds who is not clean for a period (one query), matching the pure rule', async () => {
    const ids = [w.teacherA, w.teacherB];
    const cycle = await teachersWithViolations(t.deps.db, ids, { start: '2021-01-01', end: '2026-12-31' });
    expect([...cycle]).toEqual([w.teacherA]);
    const before = await teachersWithViolations(t.deps.db, ids, { start: '2021-01-01', end: '2025-12-31' });
    expect(before.size).toBe(0);
    const list = (await call('county', 'GET', `/api/teachers/${w.teacherA}/ethics`)).json<{ items: EthicsRecord[] }>();
    expect(ethicsClean(list.items, '2021-01-01', '2026-12-31')).toBe(false);
    expect(ethicsClean(list.items, '2021-01-01', '2025-12-31')).toBe(true);
  });

  it('only the county deletes a record; the audit log keeps it', async () => {
    const list = (await call('county', 'GET', `/api/teachers/${w.teacherA}/ethics`)).json<{ items: EthicsRecord[] }>();
    const id = list.items[0]!.id;
    expect((await call('schoolA', 'DELETE', `/api/ethics-records/${id}`)).statusCode).toBe(403);
    expect((await call('leader', 'DELETE', `/api/ethics-records/${id}`)).statusCode).toBe(403);
    expect((await call('county', 'DELETE', `/api/ethics-records/${id}`)).statusCode).toBe(200);
    expect((await call('county', 'DELETE', `/api/ethics-records/${id}`)).statusCode).toBe(404);
    expect(await count(t.deps, 'ethics_records', `teacher_id = ${w.teacherA}`)).toBe(1);
    expect(await count(t.deps, 'audit_log', `action = 'ethics.create'`)).toBe(3);
    expect(
      await count(
        t.deps,
        'audit_log',
        `action = 'ethics.delete' and entity_id = '${id}' and before->>'note' like '%有偿补课%'`,
      ),
    ).toBe(1);
  });
});
