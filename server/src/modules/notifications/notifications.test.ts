import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, loginAs, seedWorld, type TestContext, type World } from '../../../test/harness.js';
import { notify, notifySchoolAdmins, notifyTeachers } from './notifications.service.js';

let t: TestContext;
let w: World;
beforeAll(async () => {
  t = await createTestApp();
  w = await seedWorld(t.deps);
});
afterAll(() => t.close());

describe('notifications', () => {
  it('delivers to teachers and school admins, lists newest first, marks read', async () => {
    await notifyTeachers(t.deps.db, w.regionId, [w.teacherA], { kind: 'test', title: '第一条' });
    await notifySchoolAdmins(t.deps.db, w.regionId, [w.schoolA], { kind: 'test', title: '给学校' });
    const teacher = await loginAs(t.app, w.users.teacherA);
    const res = await t.app.inject({ url: '/api/notifications', headers: { cookie: teacher } });
    expect(res.json()).toMatchObject({ total: 1, unread: 1, items: [{ title: '第一条', readAt: null }] });
    const school = await loginAs(t.app, w.users.schoolA);
    const s = await t.app.inject({ url: '/api/notifications', headers: { cookie: school } });
    expect(s.json().items.map((i: { title: string }) => i.title)).toEqual(['给学校']);
    const other = await loginAs(t.app, w.users.schoolB);
    expect((await t.app.inject({ url: '/api/notifications', headers: { cookie: other } })).json().total).toBe(0);
    await t.app.inject({
      method: 'POST',
      url: '/api/notifications/read',
      headers: { cookie: teacher },
      payload: { all: true },
    });
    const after = await t.app.inject({ url: '/api/notifications?unread=true', headers: { cookie: teacher } });
    expect(after.json()).toMatchObject({ total: 0, unread: 0 });
  });

  it('ignores an empty recipient list', async () => {
    await notify(t.deps.db, w.regionId, [], { kind: 'x', title: 'x' });
  });
});
