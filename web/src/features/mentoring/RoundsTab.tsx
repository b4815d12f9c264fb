// Two-way choice rounds (双向选择): the school (or a consortium) opens one for a year, mentors offer,
// mentees choose; here the admin sees each round's offers and the choices waiting, confirms a
// choice (which makes the pair) or declines it with a reason, and closes the round.
import { PlusOutlined } from '@ant-design/icons';
import type { ChoiceItem, RoundBody, RoundItem } from '@shixun/common';
import {
  Alert,
  App,
  Button,
  DatePicker,
  Drawer,
  Empty,
  Form,
  Grid,
  Input,
  Modal,
  Popconfirm,
  Radio,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { accessOf } from '../../access';
import { fmtDate } from '../../components/format';
import { FilterBar } from '../../components/PageHeader';
import { PageError } from '../../components/PageState';
import { SchoolSelect } from '../../components/SchoolSelect';
import { useUrlQuery } from '../../components/useUrlQuery';
import { thisYear, yearOptions } from '../../components/years';
import { applyFieldErrors } from '../../components/zodRule';
import { ApiError } from '../../lib/http';
import { useMe } from '../auth/auth.api';
import { useConsortia } from '../org/org.api';
import { useCloseRound, useCreateRound, useDecideChoice, useRound, useRounds } from './mentoring.api';

export function RoundsTab() {
  const { t } = useTranslation('mentoring');
  const access = accessOf(useMe().data);
  const uq = useUrlQuery();
  const year = uq.num('year') ?? thisYear();
  const list = useRounds(year);
  const openId = uq.num('round') ?? null;
  const [creating, setCreating] = useState(false);

  return (
    <>
      <FilterBar>
        <Select<number>
          style={{ width: 110 }}
          value={year}
          onChange={(v) => uq.set({ year: v })}
          options={yearOptions(t)}
          aria-label={t('filter.year')}
        />
        <div style={{ flex: 1 }} />
        {access.can('mentoring.manage') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {t('round.create')}
          </Button>
        )}
      </FilterBar>
      {list.error && !list.data ? (
        <PageError error={list.error} onRetry={() => list.refetch()} />
      ) : (
        <Table<RoundItem>
          rowKey="id"
          size="middle"
          loading={list.isFetching}
          dataSource={list.data?.items ?? []}
          scroll={{ x: 760 }}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          locale={{ emptyText: t('round.empty', { year }) }}
          onRow={(r) => ({ onClick: () => uq.set({ round: r.id }), style: { cursor: 'pointer' } })}
          columns={[
            { title: t('round.name'), dataIndex: 'title' },
            { title: t('round.owner'), dataIndex: 'ownerName', width: 200 },
            { title: t('round.closesOn'), dataIndex: 'closesOn', width: 130, render: (v: string) => fmtDate(v) },
            { title: t('round.offers'), dataIndex: 'offers', width: 90 },
            {
              title: t('round.pending'),
              dataIndex: 'pendingChoices',
              width: 100,
              render: (n: number) => (n > 0 ? <Tag color="orange">{n}</Tag> : 0),
            },
            { title: t('round.pairs'), dataIndex: 'pairs', width: 90 },
            {
              title: t('col.status'),
              dataIndex: 'status',
              width: 90,
              render: (s: 'open' | 'closed') => <Tag color={s === 'open' ? 'green' : 'default'}>{t(`round.${s}`)}</Tag>,
            },
          ]}
        />
      )}
      <RoundDrawer id={openId} onClose={() => uq.set({ round: null })} />
      <RoundFormModal open={creating} onClose={() => setCreating(false)} year={year} />
    </>
  );
}

function RoundFormModal({ open, onClose, year }: { open: boolean; onClose: () => void; year: number }) {
  const { t } = useTranslation('mentoring');
  const { message } = App.useApp();
  const me = useMe().data;
  const access = accessOf(me);
  const [form] = Form.useForm<Omit<RoundBody, 'closesOn'> & { closesOn?: Dayjs; owner: 'school' | 'consortium' }>();
  const create = useCreateRound();
  const owner = Form.useWatch('owner', form) ?? 'school';
  const consortia = useConsortia(open && !access.schoolAdmin);

  const submit = async (v: Omit<RoundBody, 'closesOn'> & { closesOn?: Dayjs; owner: 'school' | 'consortium' }) => {
    try {
      await create.mutateAsync({
        year: v.year,
        title: v.title,
        closesOn: v.closesOn!.format('YYYY-MM-DD'),
        note: v.note?.trim() || undefined,
        schoolId: access.schoolAdmin ? me!.schoolId : v.owner === 'school' ? v.schoolId : null,
        consortiumId: access.schoolAdmin ? null : v.owner === 'consortium' ? v.consortiumId : null,
      });
      message.success(t('round.created'));
      form.resetFields();
      onClose();
    } catch (e) {
      if (!(e instanceof ApiError && applyFieldErrors(form, e.fields))) message.error((e as Error).message);
    }
  };

  return (
    <Modal
      open={open}
      title={t('round.create')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={{ loading: create.isPending }}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{
          year,
          owner: me?.consortiumId ? 'consortium' : 'school',
          consortiumId: me?.consortiumId ?? undefined,
          title: t('round.defaultTitle', { year }),
        }}
        onFinish={submit}
      >
        <Typography.Paragraph type="secondary">{t('round.hint')}</Typography.Paragraph>
        <Form.Item name="year" label={t('filter.year')}>
          <Select options={yearOptions(t)} style={{ width: 120 }} />
        </Form.Item>
        <Form.Item name="title" label={t('round.name')} rules={[{ required: true, message: t('round.nameRequired') }]}>
          <Input maxLength={60} />
        </Form.Item>
        {!access.schoolAdmin && (
          <>
            <Form.Item name="owner" label={t('round.owner')}>
              <Radio.Group
                options={[
                  { value: 'school', label: t('round.ownerSchool') },
                  { value: 'consortium', label: t('round.ownerConsortium') },
                ]}
              />
            </Form.Item>
            {owner === 'school' ? (
              <Form.Item name="schoolId" rules={[{ required: true, message: t('round.schoolRequired') }]}>
                <SchoolSelect />
              </Form.Item>
            ) : (
              <Form.Item name="consortiumId" rules={[{ required: true, message: t('round.consortiumRequired') }]}>
                <Select
                  options={(consortia.data?.items ?? [])
                    .filter((c) => !me?.consortiumId || c.id === me.consortiumId)
                    .map((c) => ({ value: c.id, label: c.name }))}
                  placeholder={t('round.consortiumRequired')}
                />
              </Form.Item>
            )}
          </>
        )}
        <Form.Item
          name="closesOn"
          label={t('round.closesOn')}
          rules={[{ required: true, message: t('round.closesRequired') }]}
        >
          <DatePicker style={{ width: 180 }} />
        </Form.Item>
        <Form.Item name="note" label={t('round.note')}>
          <Input.TextArea rows={3} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function RoundDrawer({ id, onClose }: { id: number | null; onClose: () => void }) {
  const { t } = useTranslation('mentoring');
  const { message } = App.useApp();
  const mobile = !Grid.useBreakpoint().md;
  const round = useRound(id);
  const close = useCloseRound();
  const r = round.data;
  return (
    <Drawer
      open={id != null}
      onClose={onClose}
      size={mobile ? '100%' : 760}
      title={r?.title ?? t('round.title')}
      extra={
        r?.can.manage &&
        r.status === 'open' && (
          <Popconfirm
            title={t('round.closeConfirm')}
            onConfirm={async () => {
              try {
                await close.mutateAsync(r.id);
                message.success(t('round.closedDone'));
              } catch (e) {
                message.error((e as Error).message);
              }
            }}
          >
            <Button>{t('round.close')}</Button>
          </Popconfirm>
        )
      }
      destroyOnHidden
    >
      {round.error && !r && <PageError error={round.error} onRetry={() => round.refetch()} />}
      {r && (
        <Space orientation="vertical" size={20} style={{ width: '100%' }}>
          <Typography.Text type="secondary">
            {r.ownerName} · {t('round.closesOnValue', { date: fmtDate(r.closesOn) })}
            {r.note ? ` · ${r.note}` : ''}
          </Typography.Text>
          <div>
            <Typography.Title level={5}>{t('round.offerList', { n: r.offerList.length })}</Typography.Title>
            <Table
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={r.offerList}
              scroll={{ x: 520 }}
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('round.noOffers')} /> }}
              columns={[
                { title: t('col.mentor'), key: 'm', render: (_, o) => o.mentor.name },
                { title: t('col.school'), key: 's', render: (_, o) => o.mentor.schoolName },
                { title: t('round.subject'), key: 'sub', render: (_, o) => o.mentor.subject },
                { title: t('round.capacity'), key: 'c', width: 110, render: (_, o) => `${o.taken} / ${o.capacity}` },
                { title: t('round.note'), dataIndex: 'note', render: (v: string | null) => v ?? '—' },
              ]}
            />
          </div>
          <div>
            <Typography.Title level={5}>{t('round.choiceList', { n: r.choices.length })}</Typography.Title>
            <ChoicesTable
              choices={r.choices}
              mentorOf={(offerId) => r.offerList.find((o) => o.id === offerId)?.mentor.name ?? '—'}
              manage={r.can.manage}
            />
          </div>
        </Space>
      )}
    </Drawer>
  );
}

function ChoicesTable({
  choices,
  mentorOf,
  manage,
}: {
  choices: ChoiceItem[];
  mentorOf: (offerId: number) => string;
  manage: boolean;
}) {
  const { t } = useTranslation('mentoring');
  const { message } = App.useApp();
  const decide = useDecideChoice();
  const [declining, setDeclining] = useState<ChoiceItem | null>(null);
  const [reason, setReason] = useState('');
  const color = { pending: 'orange', accepted: 'green', declined: 'red', withdrawn: 'default' } as const;
  return (
    <>
      <Table<ChoiceItem>
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={choices}
        scroll={{ x: 640 }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('round.noChoices')} /> }}
        columns={[
          {
            title: t('col.mentee'),
            key: 'mentee',
            render: (_, c) => (
              <span>
                {c.mentee.name}
                <br />
                <Typography.Text type="secondary">
                  {c.mentee.subject}
                  {c.mentee.hireDate ? ` · ${t('pair.hired', { year: c.mentee.hireDate.slice(0, 4) })}` : ''}
                </Typography.Text>
              </span>
            ),
          },
          { title: t('round.chose'), key: 'mentor', render: (_, c) => mentorOf(c.offerId) },
          { title: t('round.note'), dataIndex: 'note', render: (v: string | null) => v ?? '—' },
          {
            title: t('col.status'),
            key: 'status',
            render: (_, c) => (
              <Space orientation="vertical" size={2}>
                <Tag color={color[c.status]}>{t(`choice.${c.status}`)}</Tag>
                {c.declineReason && <Typography.Text type="secondary">{c.declineReason}</Typography.Text>}
                {c.status === 'pending' && c.problem && (
                  <Typography.Text type="warning" style={{ fontSize: 12 }}>
                    {c.problem}
                  </Typography.Text>
                )}
              </Space>
            ),
          },
          ...(manage
            ? [
                {
                  title: t('common:action.operations'),
                  key: 'op',
                  width: 150,
                  render: (_: unknown, c: ChoiceItem) =>
                    c.status === 'pending' && (
                      <Space size={4}>
                        <Button
                          type="link"
                          size="small"
                          data-testid={`choice-accept-${c.id}`}
                          loading={decide.isPending && decide.variables?.id === c.id}
                          onClick={async () => {
                            try {
                              await decide.mutateAsync({ id: c.id, body: { accept: true } });
                              message.success(t('choice.acceptedDone', { name: c.mentee.name }));
                            } catch (e) {
                              message.error((e as Error).message);
                            }
                          }}
                        >
                          {t('choice.accept')}
                        </Button>
                        <Button type="link" size="small" danger onClick={() => setDeclining(c)}>
                          {t('choice.decline')}
                        </Button>
                      </Space>
                    ),
                },
              ]
            : []),
        ]}
      />
      {choices.some((c) => c.status === 'pending' && c.problem) && manage && (
        <Alert style={{ marginTop: 8 }} type="warning" showIcon title={t('choice.problemHint')} />
      )}
      <Modal
        open={declining != null}
        title={t('choice.declineTitle', { name: declining?.mentee.name ?? '' })}
        onCancel={() => setDeclining(null)}
        okButtonProps={{ danger: true, disabled: !reason.trim(), loading: decide.isPending }}
        onOk={async () => {
          try {
            await decide.mutateAsync({ id: declining!.id, body: { accept: false, reason: reason.trim() } });
            setDeclining(null);
            setReason('');
          } catch (e) {
            message.error((e as Error).message);
          }
        }}
        destroyOnHidden
      >
        <Input.TextArea
          rows={3}
          maxLength={200}
          placeholder={t('choice.declineReason')}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
      </Modal>
    </>
  );
}
