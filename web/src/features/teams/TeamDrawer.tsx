// Building a training team (the county its county team, a consortium's admin theirs, a school its
// own) and managing one: name, note, in use or not, and its members from the trainer pool with the
// one who leads it (负责人).
import { TEAM_ROLES, TEAM_TIERS, type TeamItem, type TeamTier } from '@shixun/common';
import { App, Button, Drawer, Form, Grid, Input, Radio, Select, Space, Switch, Table } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { accessOf } from '../../access';
import { SchoolSelect } from '../../components/SchoolSelect';
import { applyFieldErrors } from '../../components/zodRule';
import { ApiError } from '../../lib/http';
import { useMe } from '../auth/auth.api';
import { useConsortia } from '../org/org.api';
import { TrainerSelect } from '../projects/detail/TrainerSelect';
import { useCreateTeam, useSetTeamMembers, useUpdateTeam } from './teams.api';

type Member = { trainerId: number; name: string; role: (typeof TEAM_ROLES)[number] };
interface Values {
  tier: TeamTier;
  name: string;
  consortiumId?: number | null;
  schoolId?: number | null;
  note?: string | null;
  active?: boolean;
}

export function TeamDrawer({ team, onClose }: { team: TeamItem | 'new' | null; onClose: () => void }) {
  const { t } = useTranslation('teams');
  const { message } = App.useApp();
  const me = useMe().data;
  const access = accessOf(me);
  const mobile = !Grid.useBreakpoint().md;
  const [form] = Form.useForm<Values>();
  const create = useCreateTeam();
  const update = useUpdateTeam();
  const setMembers = useSetTeamMembers();
  const consortia = useConsortia(team === 'new' && !access.schoolAdmin);
  const [members, setMembersState] = useState<Member[]>([]);
  // The drawer's content is rebuilt each time it opens (destroyOnHidden): start from the team.
  const [opened, setOpened] = useState<TeamItem | 'new' | null>(null);
  if (team !== opened) {
    setOpened(team);
    setMembersState(
      team && team !== 'new'
        ? team.members.map((m) => ({ trainerId: m.trainerId, name: m.name, role: m.role as Member['role'] }))
        : [],
    );
  }
  const [adding, setAdding] = useState<number | undefined>();
  const editing = team && team !== 'new' ? team : null;
  const tier = Form.useWatch('tier', form);
  const tiers: TeamTier[] = access.countyAdmin
    ? [...TEAM_TIERS]
    : access.schoolAdmin
      ? ['school']
      : me?.consortiumId
        ? ['consortium', 'school']
        : ['school'];

  const submit = async (v: Values) => {
    try {
      let id: number;
      if (editing) {
        id = editing.id;
        await update.mutateAsync({ id, body: { name: v.name.trim(), note: v.note?.trim() || null, active: v.active } });
      } else {
        id = (
          await create.mutateAsync({
            tier: v.tier,
            name: v.name.trim(),
            note: v.note?.trim() || null,
            consortiumId: v.tier === 'consortium' ? v.consortiumId : null,
            schoolId: v.tier === 'school' ? v.schoolId : null,
          })
        ).id;
      }
      await setMembers.mutateAsync({
        id,
        body: { members: members.map((m) => ({ trainerId: m.trainerId, role: m.role })) },
      });
      message.success(t('saved'));
      onClose();
    } catch (e) {
      if (!(e instanceof ApiError && applyFieldErrors(form, e.fields))) message.error((e as Error).message);
    }
  };

  return (
    <Drawer
      open={team != null}
      onClose={onClose}
      size={mobile ? '100%' : 600}
      title={editing ? editing.name : t('create')}
      destroyOnHidden
      footer={
        <Space style={{ width: '100%', justifyContent: 'flex-end' }}>
          <Button onClick={onClose}>{t('common:action.cancel')}</Button>
          <Button
            type="primary"
            loading={create.isPending || update.isPending || setMembers.isPending}
            onClick={() => form.submit()}
          >
            {t('common:action.save')}
          </Button>
        </Space>
      }
    >
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={submit}
        preserve={false}
        initialValues={
          editing
            ? { tier: editing.tier, name: editing.name, note: editing.note, active: editing.active }
            : {
                tier: tiers[0],
                schoolId: access.schoolAdmin ? me?.schoolId : undefined,
                consortiumId: me?.consortiumId ?? undefined,
              }
        }
      >
        {!editing && (
          <Form.Item name="tier" label={t('form.tier')}>
            <Radio.Group options={tiers.map((k) => ({ value: k, label: t(`tier.${k}`) }))} />
          </Form.Item>
        )}
        {!editing && tier === 'consortium' && (
          <Form.Item
            name="consortiumId"
            label={t('form.consortium')}
            rules={[{ required: true, message: t('form.consortium') }]}
          >
            <Select
              options={(consortia.data?.items ?? [])
                .filter((c) => !me?.consortiumId || c.id === me.consortiumId)
                .map((c) => ({ value: c.id, label: c.name }))}
            />
          </Form.Item>
        )}
        {!editing && tier === 'school' && !access.schoolAdmin && (
          <Form.Item name="schoolId" label={t('form.school')} rules={[{ required: true, message: t('form.school') }]}>
            <SchoolSelect />
          </Form.Item>
        )}
        <Form.Item name="name" label={t('form.name')} rules={[{ required: true, message: t('form.nameRequired') }]}>
          <Input maxLength={60} placeholder={t('form.namePlaceholder')} />
        </Form.Item>
        <Form.Item name="note" label={t('form.note')}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
        {editing && (
          <Form.Item name="active" label={t('form.active')} valuePropName="checked">
            <Switch />
          </Form.Item>
        )}
        <Form.Item label={t('form.members', { n: members.length })} extra={t('form.membersHint')}>
          <Space.Compact style={{ width: '100%', marginBottom: 8 }}>
            <TrainerSelect
              style={{ flex: 1 }}
              value={adding}
              onChange={(v, o) => {
                setAdding(undefined);
                if (v == null) return;
                const label = (Array.isArray(o) ? o[0]?.label : o?.label) as string | undefined;
                setMembersState((cur) =>
                  cur.some((m) => m.trainerId === v)
                    ? cur
                    : [...cur, { trainerId: v, name: label ?? String(v), role: cur.length === 0 ? '负责人' : '成员' }],
                );
              }}
              exclude={members.map((m) => m.trainerId)}
            />
          </Space.Compact>
          <Table<Member>
            size="small"
            rowKey="trainerId"
            pagination={false}
            dataSource={members}
            locale={{ emptyText: t('noMembers') }}
            columns={[
              { title: t('member.name'), dataIndex: 'name' },
              {
                title: t('member.role'),
                dataIndex: 'role',
                width: 120,
                render: (r: Member['role'], m) => (
                  <Select
                    size="small"
                    value={r}
                    style={{ width: 100 }}
                    options={TEAM_ROLES.map((x) => ({ value: x, label: t(`role.${x}`) }))}
                    onChange={(role) =>
                      setMembersState((cur) => cur.map((x) => (x.trainerId === m.trainerId ? { ...x, role } : x)))
                    }
                  />
                ),
              },
              {
                key: 'op',
                width: 70,
                render: (_, m) => (
                  <Button
                    type="link"
                    size="small"
                    danger
                    onClick={() => setMembersState((cur) => cur.filter((x) => x.trainerId !== m.trainerId))}
                  >
                    {t('member.remove')}
                  </Button>
                ),
              },
            ]}
          />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
