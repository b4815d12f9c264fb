// 教联体: consortia (a core school + member schools) with counts; county admins manage them.
import { PlusOutlined } from '@ant-design/icons';
import { type Consortium, consortiumBody } from '@shixun/common';
import { App, Button, Empty, Form, Input, Modal, Popconfirm, Select, Space, Table, type TableProps, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { accessOf } from '../../access';
import { fmtInt } from '../../components/format';
import { PageHeader } from '../../components/PageHeader';
import { PageError } from '../../components/PageState';
import { applyFieldErrors, zodRule } from '../../components/zodRule';
import { ApiError } from '../../lib/http';
import { useMe } from '../auth/auth.api';
import { type ConsortiumBody, useConsortia, useDeleteConsortium, useSaveConsortium, useSchoolOptions } from './org.api';

export default function ConsortiaPage() {
  const { t } = useTranslation('org');
  const { message } = App.useApp();
  const access = accessOf(useMe().data);
  const list = useConsortia();
  const del = useDeleteConsortium();
  const [editing, setEditing] = useState<Consortium | null | undefined>(undefined);
  const [pageSize, setPageSize] = useState(20);

  const onDelete = async (c: Consortium) => {
    try {
      await del.mutateAsync(c.id);
      message.success(t('common:state.deleted'));
    } catch (e) {
      message.error((e as Error).message);
    }
  };

  const columns: TableProps<Consortium>['columns'] = [
    { title: t('consortium.name'), dataIndex: 'name', sorter: (a, b) => a.name.localeCompare(b.name, 'zh-CN') },
    {
      title: t('consortium.coreSchool'),
      dataIndex: 'coreSchoolName',
      render: (v: string | null, c) =>
        v && c.coreSchoolId ? (
          <Space size={4}>
            <Link to={`/schools/${c.coreSchoolId}`}>{v}</Link>
            <Tag color="gold">{t('school.core')}</Tag>
          </Space>
        ) : (
          <Tag>{t('consortium.noCore')}</Tag>
        ),
    },
    {
      title: t('consortium.schoolCount'),
      dataIndex: 'schoolCount',
      align: 'right',
      sorter: (a, b) => a.schoolCount - b.schoolCount,
      render: (v: number, c) => <Link to={`/schools?consortiumId=${c.id}`}>{fmtInt(v)}</Link>,
    },
    {
      title: t('consortium.teacherCount'),
      dataIndex: 'teacherCount',
      align: 'right',
      sorter: (a, b) => a.teacherCount - b.teacherCount,
      render: (v: number) => fmtInt(v),
    },
    ...(access.can('org.manage')
      ? [
          {
            title: t('common:action.operations'),
            key: 'actions',
            render: (_: unknown, c: Consortium) => (
              <Space size={0}>
                <Button type="link" size="small" onClick={() => setEditing(c)}>
                  {t('common:action.edit')}
                </Button>
                <Popconfirm
                  title={t('consortium.deleteConfirm', { name: c.name })}
                  description={t('consortium.deleteHint')}
                  okButtonProps={{ danger: true }}
                  onConfirm={() => onDelete(c)}
                >
                  <Button type="link" size="small" danger>
                    {t('common:action.delete')}
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]
      : []),
  ];

  return (
    <div>
      <PageHeader
        title={t('consortium.title')}
        sub={t('consortium.sub')}
        extra={
          access.can('org.manage') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing(null)}>
              {t('consortium.create')}
            </Button>
          )
        }
      />
      {list.error ? (
        <PageError error={list.error} onRetry={() => list.refetch()} />
      ) : (
        <Table<Consortium>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={list.data?.items}
          loading={list.isLoading}
          scroll={{ x: 'max-content' }}
          locale={{
            emptyText: list.isLoading ? (
              ' '
            ) : (
              <Empty
                image={Empty.PRESENTED_IMAGE_SIMPLE}
                description={access.countyAdmin ? t('consortium.emptyHint') : t('consortium.empty')}
              />
            ),
          }}
          pagination={{
            pageSize,
            showSizeChanger: true,
            pageSizeOptions: [20, 50, 100],
            onShowSizeChange: (_, size) => setPageSize(size),
            showTotal: (total) => t('common:total', { total: fmtInt(total) }),
          }}
        />
      )}
      <ConsortiumModal consortium={editing} onClose={() => setEditing(undefined)} />
    </div>
  );
}

function ConsortiumModal({ consortium, onClose }: { consortium: Consortium | null | undefined; onClose: () => void }) {
  const { t } = useTranslation('org');
  const { message } = App.useApp();
  const [form] = Form.useForm<ConsortiumBody>();
  const save = useSaveConsortium();
  const open = consortium !== undefined;
  const schools = useSchoolOptions(open);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (consortium) form.setFieldsValue({ name: consortium.name, coreSchoolId: consortium.coreSchoolId });
  }, [open, consortium, form]);

  const submit = async (v: ConsortiumBody) => {
    try {
      await save.mutateAsync({
        id: consortium?.id,
        body: { name: v.name.trim(), coreSchoolId: v.coreSchoolId ?? null },
      });
      message.success(t('common:state.saved'));
      onClose();
    } catch (e) {
      if (!(e instanceof ApiError && applyFieldErrors(form, e.fields))) message.error((e as Error).message);
    }
  };

  // Member schools first: the usual core school is already a member.
  const options = (schools.data ?? [])
    .slice()
    .sort((a, b) => {
      const am = consortium && a.consortiumId === consortium.id ? 0 : 1;
      const bm = consortium && b.consortiumId === consortium.id ? 0 : 1;
      return am - bm || a.name.localeCompare(b.name, 'zh-CN');
    })
    .map((s) => ({ value: s.id, label: s.name }));

  return (
    <Modal
      open={open}
      title={consortium ? t('consortium.editTitle', { name: consortium.name }) : t('consortium.createTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common:action.save')}
      confirmLoading={save.isPending}
      forceRender
    >
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item
          name="name"
          label={t('consortium.name')}
          rules={[{ required: true, message: t('consortium.nameRequired') }, zodRule(consortiumBody.shape.name)]}
        >
          <Input maxLength={50} autoFocus />
        </Form.Item>
        <Form.Item name="coreSchoolId" label={t('consortium.coreSchool')} extra={t('consortium.coreHint')}>
          <Select
            allowClear
            loading={schools.isLoading}
            showSearch={{ optionFilterProp: 'label' }}
            options={options}
            placeholder={t('consortium.corePlaceholder')}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
