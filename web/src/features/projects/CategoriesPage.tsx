// 培训类别: the county's category list (seeded with the usual ones); add, rename (projects follow),
// reorder, archive (hidden from new projects, kept on old ones) and restore.
import { PlusOutlined } from '@ant-design/icons';
import { categoryBody, type TrainingCategory } from '@shixun/common';
import {
  Alert,
  App,
  Button,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Space,
  Switch,
  Table,
  type TableProps,
  Tag,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PageHeader } from '../../components/PageHeader';
import { PageError } from '../../components/PageState';
import { zodRule } from '../../components/zodRule';
import { ApiError } from '../../lib/http';
import { useCategories, useSaveCategory } from './projects.api';

export default function CategoriesPage() {
  const { t } = useTranslation('projects');
  const { message } = App.useApp();
  const list = useCategories();
  const save = useSaveCategory();
  const [editing, setEditing] = useState<TrainingCategory | null | undefined>(undefined);
  const [showArchived, setShowArchived] = useState(false);
  const items = (list.data?.items ?? []).filter((c) => showArchived || !c.archived);
  const archivedCount = (list.data?.items ?? []).filter((c) => c.archived).length;

  const setArchived = async (c: TrainingCategory, archived: boolean) => {
    try {
      await save.mutateAsync({ id: c.id, body: { archived } });
      message.success(
        archived ? t('categories.archived', { name: c.name }) : t('categories.restored', { name: c.name }),
      );
    } catch (e) {
      message.error((e as Error).message);
    }
  };

  const columns: TableProps<TrainingCategory>['columns'] = [
    { title: t('categories.sort'), dataIndex: 'sort', width: 80, align: 'right' },
    {
      title: t('categories.name'),
      dataIndex: 'name',
      render: (v: string, c) => (
        <Space size={4}>
          {v}
          {c.archived && <Tag>{t('categories.archivedTag')}</Tag>}
        </Space>
      ),
    },
    {
      title: t('categories.projects'),
      dataIndex: 'projectCount',
      align: 'right',
      render: (v: number, c) =>
        v > 0 ? <Link to={`/projects?year=all&category=${encodeURIComponent(c.name)}`}>{v}</Link> : '—',
    },
    {
      title: t('common:action.operations'),
      key: 'actions',
      render: (_, c) => (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => setEditing(c)}>
            {t('categories.rename')}
          </Button>
          {c.archived ? (
            <Button type="link" size="small" onClick={() => setArchived(c, false)}>
              {t('categories.restore')}
            </Button>
          ) : (
            <Popconfirm
              title={t('categories.archiveConfirm', { name: c.name })}
              description={t('categories.archiveHint')}
              onConfirm={() => setArchived(c, true)}
            >
              <Button type="link" size="small" danger>
                {t('categories.archive')}
              </Button>
            </Popconfirm>
          )}
        </Space>
      ),
    },
  ];

  return (
    <div>
      <PageHeader
        title={t('categories.title')}
        sub={t('categories.sub')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing(null)} data-testid="category-create">
            {t('categories.create')}
          </Button>
        }
      />
      {archivedCount > 0 && (
        <Space size={4} style={{ marginBottom: 12 }}>
          <Switch size="small" checked={showArchived} onChange={setShowArchived} />
          <span>{t('categories.showArchived', { n: archivedCount })}</span>
        </Space>
      )}
      {list.error && !list.data ? (
        <PageError error={list.error} onRetry={() => list.refetch()} />
      ) : (
        <Table<TrainingCategory>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={items}
          loading={list.isFetching}
          scroll={{ x: 'max-content' }}
          style={{ maxWidth: 760 }}
          pagination={items.length > 50 ? { pageSize: 50 } : false}
          locale={{
            emptyText: list.isLoading ? (
              ' '
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('categories.empty')} />
            ),
          }}
        />
      )}
      <CategoryModal category={editing} onClose={() => setEditing(undefined)} />
    </div>
  );
}

function CategoryModal({ category, onClose }: { category: TrainingCategory | null | undefined; onClose: () => void }) {
  const { t } = useTranslation('projects');
  const { message } = App.useApp();
  const [form] = Form.useForm<{ name: string; sort?: number | null }>();
  const save = useSaveCategory();
  const [error, setError] = useState<string | null>(null);
  const open = category !== undefined;

  const submit = async (v: { name: string; sort?: number | null }) => {
    setError(null);
    try {
      await save.mutateAsync({
        id: category?.id,
        body: { name: v.name.trim(), ...(v.sort != null ? { sort: v.sort } : {}) },
      });
      message.success(t('common:state.saved'));
      onClose();
    } catch (e) {
      if (e instanceof ApiError && e.fields?.name) form.setFields([{ name: 'name', errors: [e.fields.name] }]);
      setError((e as Error).message);
    }
  };

  return (
    <Modal
      open={open}
      title={category ? t('categories.renameTitle', { name: category.name }) : t('categories.create')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common:action.save')}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      {category && category.projectCount > 0 && (
        <Alert
          type="info"
          showIcon
          title={t('categories.renameHint', { n: category.projectCount })}
          style={{ marginBottom: 12 }}
        />
      )}
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        preserve={false}
        initialValues={category ? { name: category.name, sort: category.sort } : {}}
      >
        <Form.Item
          name="name"
          label={t('categories.name')}
          rules={[{ required: true, message: t('categories.nameRequired') }, zodRule(categoryBody.shape.name)]}
        >
          <Input maxLength={40} autoFocus />
        </Form.Item>
        <Form.Item name="sort" label={t('categories.sort')} extra={t('categories.sortHint')}>
          <InputNumber min={0} max={9999} precision={0} style={{ width: 140 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
