// Training providers (承训机构): the county registers a provider, opens accounts for it (role
// provider, one-time activation codes on a slip) and commissions projects from it. A provider's
// accounts see only those projects (projectScope) and run them as the county would; that rule is
// the access layer's, not this module's. Every write is audited in its transaction.
import type {
  ProviderAccountBody,
  ProviderAccountCreated,
  ProviderBody,
  ProviderDetail,
  ProviderListQuery,
  ProviderSelf,
  ProviderUpdateBody,
} from '@shixun/common';
import { sql } from 'drizzle-orm';
import { countyOf } from '../../access/scope.js';
import { type Db, one, rows } from '../../db/client.js';
import { diff, record } from '../../http/audit.js';
import type { Actor, CurrentUser } from '../../http/context.js';
import { AppError, conflict, forbidden, invalid, isUniqueViolation, notFound } from '../../http/errors.js';
import type { AccountKeys } from '../accounts/accounts.service.js';
import { issueCodes, targetsByIds } from '../accounts/slips.js';
import { presentAccount, presentProject, presentProvider } from './providers.presenter.js';
import {
  commissionedProjects,
  findProvider,
  insertProvider,
  listProviders,
  lockCommissionTarget,
  providerAccounts,
  setProjectProvider,
  updateProviderRow,
} from './providers.repo.js';

const duplicateName = (name: string) =>
  new AppError('DUPLICATE', `承训机构“${name}”已登记`, { name: '本县已有同名的承训机构' });

export async function listProviderPage(db: Db, user: CurrentUser, q: ProviderListQuery) {
  const items = (await listProviders(db, user, q)).map(presentProvider);
  return { items, total: items.length };
}

export async function getProviderDetail(db: Db, user: CurrentUser, id: number): Promise<ProviderDetail> {
  const p = await findProvider(db, user, id);
  if (!p) throw notFound('承训机构');
  const [accounts, projects] = await Promise.all([providerAccounts(db, user, id), commissionedProjects(db, user, id)]);
  return { ...presentProvider(p), accounts: accounts.map(presentAccount), projects: projects.map(presentProject) };
}

const clean = (v: string | null | undefined) => (v == null || v.trim() === '' ? null : v.trim());

export async function createProvider(db: Db, actor: Actor, body: ProviderBody) {
  const v = {
    name: body.name.trim(),
    kind: body.kind,
    contact: clean(body.contact),
    phone: clean(body.phone),
    address: clean(body.address),
    note: clean(body.note),
  };
  try {
    return await db.transaction(async (tx) => {
      const id = await insertProvider(tx, actor.user.regionId, v);
      await record(tx, actor, { action: 'provider.create', entity: 'provider', entityId: id, after: v });
      return id;
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw duplicateName(v.name);
    throw e;
  }
}

export async function updateProvider(db: Db, actor: Actor, id: number, body: ProviderUpdateBody) {
  try {
    await db.transaction(async (tx) => {
      const before = await findProvider(tx, actor.user, id, true);
      if (!before) throw notFound('承训机构');
      const prev = {
        name: before.name,
        kind: before.kind,
        contact: before.contact,
        phone: before.phone,
        address: before.address,
        note: before.note,
        active: before.active,
      };
      const next = {
        name: body.name?.trim() ?? prev.name,
        kind: body.kind ?? prev.kind,
        contact: body.contact !== undefined ? clean(body.contact) : prev.contact,
        phone: body.phone !== undefined ? clean(body.phone) : prev.phone,
        address: body.address !== undefined ? clean(body.address) : prev.address,
        note: body.note !== undefined ? clean(body.note) : prev.note,
        active: body.active ?? prev.active,
      };
      const d = diff(prev, next);
      if (!d.changed) return;
      await updateProviderRow(tx, id, next);
      let disabledAccounts: number[] = [];
      if (prev.active && !next.active) {
        // A provider no longer engaged signs in no more: its accounts are disabled, sessions ended.
        const off = await rows<{ id: number }>(
          tx,
          sql`update users set disabled = true, updated_at = now()
              where provider_id = ${id} and role = 'provider' and not disabled returning id`,
        );
        disabledAccounts = off.map((r) => Number(r.id));
        if (disabledAccounts.length) {
          await tx.execute(sql`delete from sessions where user_id in (select id from users where provider_id = ${id})`);
        }
      }
      await record(tx, actor, {
        action: 'provider.update',
        entity: 'provider',
        entityId: id,
        before: d.before,
        after: { ...d.after, ...(disabledAccounts.length ? { disabledAccounts } : {}) },
      });
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw duplicateName(body.name ?? '');
    throw e;
  }
}

/**
 * Opens an account for the provider: role provider, tied to it, without a password; the answer
 * carries the one slip with its activation code (shown once, as for every new account).
 */
export async function createProviderAccount(
  db: Db,
  ctx: AccountKeys,
  actor: Actor,
  providerId: number,
  body: ProviderAccountBody,
): Promise<ProviderAccountCreated> {
  if (/^t\d+$/i.test(body.username)) {
    throw invalid('“t+数字”格式的用户名留给教师账号，请换一个用户名', { username: '该格式留给教师账号' });
  }
  const where = await ctx.slipsFor();
  try {
    return await db.transaction(async (tx) => {
      const p = await findProvider(tx, actor.user, providerId, true);
      if (!p) throw notFound('承训机构');
      if (!p.active) throw conflict(`承训机构“${p.name}”已停用，不能开通账号`);
      const taken = await one<{ id: number }>(
        tx,
        sql`select id from users where lower(username) = lower(${body.username})`,
      );
      if (taken) throw new AppError('DUPLICATE', '用户名已存在', { username: '用户名已存在' });
      const created = await one<{ id: number }>(
        tx,
        sql`insert into users (region_id, username, display_name, phone, role, provider_id, must_change_password)
            values (${actor.user.regionId}, ${body.username}, ${body.displayName}, ${body.phone ?? null}, 'provider',
                    ${providerId}, false)
            returning id`,
      );
      const id = created!.id;
      const issued = await issueCodes(tx, ctx.keys, actor, await targetsByIds(tx, [id]), {
        validDays: body.validDays,
        audit: { reason: 'provider.account' },
      });
      await record(tx, actor, {
        action: 'account.create',
        entity: 'user',
        entityId: id,
        after: {
          username: body.username,
          displayName: body.displayName,
          phone: body.phone ?? null,
          role: 'provider',
          providerId,
          providerName: p.name,
          firstSignIn: '开通码',
        },
      });
      return {
        id,
        batch: {
          issuedAt: new Date().toISOString(),
          expiresAt: issued.expiresAt,
          ...where,
          slips: issued.slips.map((s) => ({ ...s, schoolName: p.name })),
          skipped: [],
        },
      };
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError('DUPLICATE', '用户名已存在', { username: '用户名已存在' });
    throw e;
  }
}

/** Commissions a county-run project from the provider (replacing another provider, audited). */
export async function commissionProject(db: Db, actor: Actor, providerId: number, projectId: number) {
  await db.transaction(async (tx) => {
    const p = await findProvider(tx, actor.user, providerId, true);
    if (!p) throw notFound('承训机构');
    if (!p.active) throw conflict(`承训机构“${p.name}”已停用，不能委托项目`);
    const project = await lockCommissionTarget(tx, actor.user, projectId);
    if (!project) throw notFound('培训项目');
    if (project.organiser_type !== 'county') {
      throw conflict(`《${project.name}》不是县级组织的项目：只有县里组织的项目可以委托承训机构实施`);
    }
    if (project.status === 'closed') throw conflict(`《${project.name}》已结束，不能再委托`);
    if (project.provider_id === providerId) return;
    await setProjectProvider(tx, projectId, providerId);
    await record(tx, actor, {
      action: 'provider.commission',
      entity: 'project',
      entityId: projectId,
      before: { providerId: project.provider_id, providerName: project.provider_name },
      after: { providerId, providerName: p.name },
    });
  });
}

/** Ends a commission: the provider's accounts no longer see the project. */
export async function withdrawCommission(db: Db, actor: Actor, providerId: number, projectId: number) {
  await db.transaction(async (tx) => {
    const p = await findProvider(tx, actor.user, providerId, true);
    if (!p) throw notFound('承训机构');
    const project = await lockCommissionTarget(tx, actor.user, projectId);
    if (!project || project.provider_id !== providerId) throw notFound('该机构受托的培训项目');
    await setProjectProvider(tx, projectId, null);
    await record(tx, actor, {
      action: 'provider.withdraw',
      entity: 'project',
      entityId: projectId,
      before: { providerId, providerName: p.name },
      after: { providerId: null },
    });
  });
}

/** A provider account's own provider and the projects commissioned from it. */
export async function getOwnProvider(db: Db, user: CurrentUser): Promise<ProviderSelf> {
  if (user.role !== 'provider' || user.providerId == null) throw forbidden('该账号未关联承训机构');
  const p = await findProvider(db, countyOf(user), user.providerId);
  if (!p) throw notFound('承训机构');
  const projects = await commissionedProjects(db, user, p.id);
  return { id: p.id, name: p.name, kind: p.kind, projects: projects.map(presentProject) };
}
