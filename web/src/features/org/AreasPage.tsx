// 学区: the county's areas with school and teacher counts; county admins create, rename, delete.
import { PlusOutlined } from '@ant-design/icons';
import { type Area, areaBody } from '@shixun/common';
import { App, Button, Empty, Form, Input, Modal, Popconfirm, Space, Table, type TableProps } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { accessOf } from '../../access';
import { fmtInt } from '../../components/format';
import { PageHeader } from '../../components/PageHeader';
import { PageError } from '../../components/PageState';
import { applyFieldErrors, blankToNull, zodRule } from '../../components/zodRule';
import { ApiError } from '../../lib/http';
import { useMe } from '../auth/auth.api';
import { type AreaBody, useAreas, useDeleteArea, useSaveArea } from './org.api';

export default function AreasPage() {
  const { t } = useTranslation('org');
  const { message } = App.useApp();
  const access = accessOf(useMe().data);
  const list = useAreas();
  const del = useDeleteArea();
  const [editing, setEditing] = useState<Area | null | undefined>(undefined);
  const [pageSize, setPageSize] = useState(20);

  const onDelete = async (a: Area) => {
    try {
      await del.mutateAsync(a.id);
      message.success(t('common:state.deleted'));
    } catch (e) {
      message.error((e as Error).message);
    }
  };

  const columns: TableProps<Area>['columns'] = [
    { title: t('area.name'), dataIndex: 'name', sorter: (a, b) => a.name.localeCompare(b.name, 'zh-CN') },
    { title: t('area.code'), dataIndex: 'code', render: (v: string | null) => v ?? '—' },
    {
      title: t('area.schoolCount'),
      dataIndex: 'schoolCount',
      align: 'right',
      sorter: (a, b) => a.schoolCount - b.schoolCount,
      render: (v: number, a) => <Link to={`/schools?areaId=${a.id}`}>{fmtInt(v)}</Link>,
    },
    {
      title: t('area.teacherCount'),
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
            render: (_: unknown, a: Area) => (
              <Space size={0}>
                <Button type="link" size="small" onClick={() => setEditing(a)}>
                  {t('common:action.edit')}
                </Button>
                <Popconfirm
                  title={t('area.deleteConfirm', { name: a.name })}
                  description={a.schoolCount > 0 ? t('area.deleteBlocked', { n: a.schoolCount }) : undefined}
                  okButtonProps={{ danger: true }}
                  onConfirm={() => onDelete(a)}
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
        title={t('area.title')}
        sub={t('area.sub')}
        extra={
          access.can('org.manage') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing(null)}>
              {t('area.create')}
            </Button>
          )
        }
      />
      {list.error ? (
        <PageError error={list.error} onRetry={() => list.refetch()} />
      ) : (
        <Table<Area>
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
                description={access.countyAdmin ? t('area.emptyHint') : t('area.empty')}
              />
            ),
          }}
          pagination={{
            pageSize,
            showSizeChanger: true,
            pageSizeOptions: [20, 50, 100],
            onShowSizeChange: (_, size) => setPageSize(size),
            showTotal: (total) => t('common:total', { total: fmtInt(total) }),
            hideOnSinglePage: false,
          }}
        />
      )}
      <AreaModal area={editing} onClose={() => setEditing(undefined)} />
    </div>
  );
}

function AreaModal({ area, onClose }: { area: Area | null | undefined; onClose: () => void }) {
  const { t } = useTranslation('org');
  const { message } = App.useApp();
  const [form] = Form.useForm<AreaBody>();
  const save = useSaveArea();
  const open = area !== undefined;

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (area) form.setFieldsValue({ name: area.name, code: area.code });
  }, [open, area, form]);

  const submit = async (v: AreaBody) => {
    try {
      await save.mutateAsync({ id: area?.id, body: blankToNull(v) });
      message.success(t('common:state.saved'));
      onClose();
    } catch (e) {
      if (!(e instanceof ApiError && applyFieldErrors(form, e.fields))) message.error((e as Error).message);
    }
  };

  return (
    <Modal
      open={open}
      title={area ? t('area.editTitle', { name: area.name }) : t('area.createTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common:action.save')}
      confirmLoading={save.isPending}
      forceRender
    >
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item
          name="name"
          label={t('area.name')}
          rules={[{ required: true, message: t('area.nameRequired') }, zodRule(areaBody.shape.name)]}
        >
          <Input maxLength={50} autoFocus />
        </Form.Item>
        <Form.Item name="code" label={t('area.code')} rules={[zodRule(areaBody.shape.code)]}>
          <Input maxLength={20} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
