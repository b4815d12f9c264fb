// Training providers (承训机构) for the county: the register on the list page (filters in the URL,
// export), registering a provider or changing one; each provider's page holds its accounts and the
// projects commissioned from it.
import { PlusOutlined } from '@ant-design/icons';
import { PROVIDER_KINDS, type ProviderBody, type ProviderItem } from '@shixun/common';
import { App, Button, Drawer, Form, Grid, Input, Select, Space, Switch, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { accessOf } from '../../access';
import { type ListColumn, ListPage } from '../../components/list/ListPage';
import { applyFieldErrors } from '../../components/zodRule';
import { ApiError } from '../../lib/http';
import { useMe } from '../auth/auth.api';
import { useCreateProvider, useProviders, useUpdateProvider } from './providers.api';

export default function ProvidersPage() {
  const { t } = useTranslation('providers');
  const access = accessOf(useMe().data);
  const navigate = useNavigate();
  const [editing, setEditing] = useState<ProviderItem | 'new' | null>(null);
  const manage = access.can('providers.manage');

  const columns: ListColumn<ProviderItem>[] = [
    {
      key: 'name',
      title: t('col.name'),
      dataIndex: 'name',
      locked: true,
      render: (v: string, p) => (
        <span>
          {v}
          <br />
          <Typography.Text type="secondary">{p.kind}</Typography.Text>
        </span>
      ),
    },
    {
      key: 'contact',
      title: t('col.contact'),
      width: 200,
      render: (_, p) => [p.contact, p.phone].filter(Boolean).join(' · ') || '—',
    },
    { key: 'accounts', title: t('col.accounts'), dataIndex: 'accountCount', width: 90 },
    { key: 'projects', title: t('col.projects'), dataIndex: 'projectCount', width: 100 },
    {
      key: 'status',
      title: t('col.status'),
      dataIndex: 'active',
      width: 90,
      render: (a: boolean) => <Tag color={a ? 'green' : 'default'}>{t(`active.${a}`)}</Tag>,
    },
    ...(manage
      ? [
          {
            key: 'op',
            title: t('common:action.operations'),
            width: 90,
            locked: true,
            render: (_: unknown, p: ProviderItem) => (
              <Button
                type="link"
                size="small"
                onClick={(e) => {
                  e.stopPropagation();
                  setEditing(p);
                }}
              >
                {t('common:action.edit')}
              </Button>
            ),
          },
        ]
      : []),
  ];

  return (
    <>
      <ListPage<ProviderItem>
        id="providers"
        title={t('title')}
        sub={t('sub')}
        actions={
          manage && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="provider-new">
              {t('create')}
            </Button>
          )
        }
        filters={[
          {
            type: 'select',
            name: 'active',
            label: t('filter.active'),
            width: 120,
            options: [
              { value: 'true', label: t('active.true') },
              { value: 'false', label: t('active.false') },
            ],
          },
          { type: 'search', name: 'q', label: t('filter.search'), width: 240 },
        ]}
        useList={useProviders}
        exportPath="/api/providers/export"
        paging="client"
        columns={columns}
        rowKey={(p) => p.id}
        empty={{ none: t('empty'), filtered: t('emptyFiltered') }}
        tableProps={{
          size: 'middle',
          onRow: (r) => ({ onClick: () => navigate(`/providers/${r.id}`), style: { cursor: 'pointer' } }),
        }}
      />
      <ProviderFormDrawer
        provider={editing}
        onClose={(id) => {
          setEditing(null);
          if (id) navigate(`/providers/${id}`);
        }}
      />
    </>
  );
}

type Values = ProviderBody & { active?: boolean };

export function ProviderFormDrawer({
  provider,
  onClose,
}: {
  provider: ProviderItem | 'new' | null;
  onClose: (createdId?: number) => void;
}) {
  const { t } = useTranslation('providers');
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const mobile = !Grid.useBreakpoint().md;
  const create = useCreateProvider();
  const update = useUpdateProvider();
  const editing = provider && provider !== 'new' ? provider : null;
  useEffect(() => {
    if (!provider) return;
    form.resetFields();
    if (editing) form.setFieldsValue({ ...editing, kind: editing.kind as Values['kind'] });
  }, [provider, editing, form]);

  const submit = async (v: Values) => {
    const body = {
      name: v.name.trim(),
      kind: v.kind,
      contact: v.contact?.trim() || null,
      phone: v.phone?.trim() || null,
      address: v.address?.trim() || null,
      note: v.note?.trim() || null,
    };
    try {
      if (editing) {
        await update.mutateAsync({ id: editing.id, body: { ...body, active: v.active } });
        message.success(t('saved'));
        onClose();
      } else {
        const r = await create.mutateAsync(body);
        message.success(t('created'));
        onClose(r.id);
      }
    } catch (e) {
      if (!(e instanceof ApiError && applyFieldErrors(form, e.fields))) message.error((e as Error).message);
    }
  };

  return (
    <Drawer
      open={provider != null}
      onClose={() => onClose()}
      size={mobile ? '100%' : 520}
      title={editing ? t('editTitle', { name: editing.name }) : t('create')}
      destroyOnHidden
      footer={
        <Space style={{ width: '100%', justifyContent: 'flex-end' }}>
          <Button onClick={() => onClose()}>{t('common:action.cancel')}</Button>
          <Button type="primary" loading={create.isPending || update.isPending} onClick={() => form.submit()}>
            {t('common:action.save')}
          </Button>
        </Space>
      }
    >
      <Form<Values> form={form} layout="vertical" onFinish={submit}>
        <Form.Item name="name" label={t('col.name')} rules={[{ required: true, message: t('form.name') }]}>
          <Input maxLength={60} placeholder={t('form.namePlaceholder')} />
        </Form.Item>
        <Form.Item name="kind" label={t('form.kind')} rules={[{ required: true, message: t('form.kindRequired') }]}>
          <Select options={PROVIDER_KINDS.map((k) => ({ value: k, label: k }))} />
        </Form.Item>
        <Space wrap>
          <Form.Item name="contact" label={t('form.contact')}>
            <Input maxLength={30} style={{ width: 180 }} />
          </Form.Item>
          <Form.Item name="phone" label={t('form.phone')}>
            <Input maxLength={20} style={{ width: 200 }} />
          </Form.Item>
        </Space>
        <Form.Item name="address" label={t('form.address')}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="note" label={t('form.note')}>
          <Input.TextArea rows={3} maxLength={300} />
        </Form.Item>
        {editing && (
          <Form.Item name="active" label={t('form.active')} valuePropName="checked" extra={t('form.activeHint')}>
            <Switch />
          </Form.Item>
        )}
      </Form>
    </Drawer>
  );
}
