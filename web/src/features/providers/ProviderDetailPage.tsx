// One training provider for the county: its details, its accounts (opened with a one-time activation
// code on a slip, printed at once) and the county projects commissioned from it, which its accounts
// then run (sessions, attendance, scores) and nothing else.
import { ArrowLeftOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import type { ProviderAccountBody, ProviderDetail, ProviderProject } from '@shixun/common';
import {
  App,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  Modal,
  Popconfirm,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { accessOf } from '../../access';
import { fmtDate, fmtDateTime } from '../../components/format';
import { PageError, PageLoading } from '../../components/PageState';
import { applyFieldErrors } from '../../components/zodRule';
import { ApiError } from '../../lib/http';
import { keepSlips } from '../accounts/slipStore';
import { useMe } from '../auth/auth.api';
import { useProjectLabels } from '../projects/labels';
import { useProjects } from '../projects/projects.api';
import { ProviderFormDrawer } from './ProvidersPage';
import { useCommission, useCreateProviderAccount, useProvider, useWithdrawCommission } from './providers.api';

export default function ProviderDetailPage() {
  const { t } = useTranslation('providers');
  const id = Number(useParams().id);
  const provider = useProvider(Number.isInteger(id) && id > 0 ? id : null);
  const access = accessOf(useMe().data);
  const [editing, setEditing] = useState(false);
  if (provider.isLoading) return <PageLoading />;
  if (provider.error || !provider.data) return <PageError error={provider.error} onRetry={() => provider.refetch()} />;
  const p = provider.data;
  const manage = access.can('providers.manage');
  return (
    <div>
      <div style={{ marginBottom: 8 }}>
        <Link to="/providers">
          <ArrowLeftOutlined /> {t('back')}
        </Link>
      </div>
      <Card style={{ marginBottom: 16 }}>
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: 12, justifyContent: 'space-between' }}>
          <div>
            <Space size={6} style={{ marginBottom: 4 }}>
              <Tag>{p.kind}</Tag>
              <Tag color={p.active ? 'green' : 'default'}>{t(`active.${p.active}`)}</Tag>
            </Space>
            <Typography.Title level={4} style={{ margin: 0 }}>
              {p.name}
            </Typography.Title>
          </div>
          {manage && (
            <Button icon={<EditOutlined />} onClick={() => setEditing(true)}>
              {t('common:action.edit')}
            </Button>
          )}
        </div>
        <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }} style={{ marginTop: 12 }}>
          <Descriptions.Item label={t('form.contact')}>{p.contact ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('form.phone')}>{p.phone ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('form.address')}>{p.address ?? '—'}</Descriptions.Item>
          {p.note && <Descriptions.Item label={t('form.note')}>{p.note}</Descriptions.Item>}
        </Descriptions>
      </Card>
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <Projects p={p} manage={manage} />
        <Accounts p={p} manage={manage} />
      </Space>
      <ProviderFormDrawer provider={editing ? p : null} onClose={() => setEditing(false)} />
    </div>
  );
}

function Projects({ p, manage }: { p: ProviderDetail; manage: boolean }) {
  const { t } = useTranslation('providers');
  const { message } = App.useApp();
  const labels = useProjectLabels();
  const commission = useCommission(p.id);
  const withdraw = useWithdrawCommission(p.id);
  const [q, setQ] = useState('');
  const [picked, setPicked] = useState<number | undefined>();
  const candidates = useProjects({ organiserType: 'county', q: q || undefined, pageSize: 50 }, manage && p.active);
  const taken = new Set(p.projects.map((x) => x.id));
  const options = (candidates.data?.items ?? [])
    .filter((x) => !taken.has(x.id) && x.status !== 'closed')
    .map((x) => ({ value: x.id, label: `${x.year} · ${x.name}` }));
  return (
    <Card size="small" title={t('projects', { n: p.projects.length })}>
      {manage && p.active && (
        <Space.Compact style={{ width: '100%', maxWidth: 560, marginBottom: 12 }}>
          <Select<number>
            showSearch={{ filterOption: false, onSearch: setQ }}
            style={{ flex: 1 }}
            value={picked}
            onChange={setPicked}
            placeholder={t('commissionPlaceholder')}
            options={options}
            loading={candidates.isFetching}
            notFoundContent={candidates.isFetching ? undefined : t('noCandidates')}
            data-testid="commission-select"
          />
          <Button
            type="primary"
            icon={<PlusOutlined />}
            disabled={picked == null}
            loading={commission.isPending}
            onClick={async () => {
              try {
                await commission.mutateAsync(picked!);
                message.success(t('commissioned'));
                setPicked(undefined);
              } catch (e) {
                message.error((e as Error).message);
              }
            }}
          >
            {t('commission')}
          </Button>
        </Space.Compact>
      )}
      <Table<ProviderProject>
        size="small"
        rowKey="id"
        dataSource={p.projects}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        scroll={{ x: 760 }}
        locale={{ emptyText: t('noProjects') }}
        columns={[
          {
            title: t('project.name'),
            dataIndex: 'name',
            render: (v: string, x) => <Link to={`/projects/${x.id}`}>{v}</Link>,
          },
          { title: t('project.level'), dataIndex: 'level', width: 80 },
          {
            title: t('project.dates'),
            key: 'dates',
            width: 220,
            render: (_, x) => `${fmtDate(x.startDate)} – ${fmtDate(x.endDate)}`,
          },
          { title: t('project.participants'), dataIndex: 'participants', width: 80 },
          { title: t('project.sessions'), dataIndex: 'sessions', width: 80 },
          {
            title: t('project.status'),
            dataIndex: 'status',
            width: 90,
            render: (s: ProviderProject['status']) => labels.status(s),
          },
          ...(manage
            ? [
                {
                  title: t('common:action.operations'),
                  key: 'op',
                  width: 100,
                  render: (_: unknown, x: ProviderProject) => (
                    <Popconfirm
                      title={t('withdrawConfirm', { name: x.name })}
                      onConfirm={async () => {
                        try {
                          await withdraw.mutateAsync(x.id);
                          message.success(t('withdrawn'));
                        } catch (e) {
                          message.error((e as Error).message);
                        }
                      }}
                    >
                      <Button type="link" size="small" danger>
                        {t('withdraw')}
                      </Button>
                    </Popconfirm>
                  ),
                },
              ]
            : []),
        ]}
      />
    </Card>
  );
}

function Accounts({ p, manage }: { p: ProviderDetail; manage: boolean }) {
  const { t } = useTranslation('providers');
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<ProviderAccountBody>();
  const create = useCreateProviderAccount(p.id);
  return (
    <Card
      size="small"
      title={t('accounts', { n: p.accounts.length })}
      extra={
        manage &&
        p.active && (
          <Button size="small" icon={<PlusOutlined />} onClick={() => setOpen(true)}>
            {t('account.create')}
          </Button>
        )
      }
    >
      <Table
        size="small"
        rowKey="id"
        dataSource={p.accounts}
        pagination={false}
        scroll={{ x: 600 }}
        locale={{ emptyText: t('account.none') }}
        columns={[
          { title: t('account.username'), dataIndex: 'username', width: 160 },
          { title: t('account.displayName'), dataIndex: 'displayName' },
          { title: t('form.phone'), dataIndex: 'phone', width: 130, render: (v: string | null) => v ?? '—' },
          {
            title: t('account.state'),
            key: 'state',
            width: 110,
            render: (_, a) =>
              a.disabled ? (
                <Tag>{t('account.disabled')}</Tag>
              ) : a.activated ? (
                <Tag color="green">{t('account.activated')}</Tag>
              ) : (
                <Tag color="orange">{t('account.waiting')}</Tag>
              ),
          },
          {
            title: t('account.lastLogin'),
            dataIndex: 'lastLoginAt',
            width: 170,
            render: (v: string | null) => (v ? fmtDateTime(v) : '—'),
          },
        ]}
      />
      <Modal
        open={open}
        title={t('account.create')}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        okButtonProps={{ loading: create.isPending }}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">{t('account.hint')}</Typography.Paragraph>
        <Form<ProviderAccountBody>
          form={form}
          layout="vertical"
          preserve={false}
          onFinish={async (v) => {
            try {
              const r = await create.mutateAsync({ ...v, phone: v.phone?.trim() || null });
              keepSlips(r.batch);
              message.success(t('account.created'));
              setOpen(false);
              navigate('/accounts/slips/print');
            } catch (e) {
              if (!(e instanceof ApiError && applyFieldErrors(form, e.fields))) message.error((e as Error).message);
            }
          }}
        >
          <Form.Item
            name="username"
            label={t('account.username')}
            rules={[{ required: true, message: t('account.usernameRequired') }]}
            extra={t('account.usernameHint')}
          >
            <Input maxLength={32} autoComplete="off" />
          </Form.Item>
          <Form.Item
            name="displayName"
            label={t('account.displayName')}
            rules={[{ required: true, message: t('account.displayNameRequired') }]}
          >
            <Input maxLength={30} />
          </Form.Item>
          <Form.Item name="phone" label={t('form.phone')}>
            <Input maxLength={11} inputMode="numeric" />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
