// The teacher's reflections (心得体会), phone first: each finished project with its reflection (or a
// button to write one); editable until reviewed; the reviewer's comment and 优秀 when given.
import { type MyReflectionItem, reflectionUpdateBody } from '@shixun/common';
import { App, Button, Card, Drawer, Empty, Form, Grid, Input, Pagination, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fmtDate, fmtInt } from '../../components/format';
import { PageHeader } from '../../components/PageHeader';
import { PageError, PageLoading } from '../../components/PageState';
import { usePaging, useUrlQuery } from '../../components/useUrlQuery';
import { applyFieldErrors, zodRule } from '../../components/zodRule';
import { ApiError } from '../../lib/http';
import { fmtRange, LevelTag } from '../my/shared';
import { useCreateReflection, useMyReflections, useUpdateReflection } from './after.api';
import { ReflectionStatusTag } from './shared';

export default function MyReflectionsPage() {
  const { t } = useTranslation('after');
  const uq = useUrlQuery();
  const page = usePaging(uq).page;
  const pageSize = 10;
  const list = useMyReflections(page, pageSize);
  const [editing, setEditing] = useState<MyReflectionItem | null>(null);

  const header = <PageHeader title={t('myReflections.title')} sub={t('myReflections.sub')} />;
  if (list.isLoading) return <PageLoading />;
  if (list.error && !list.data)
    return (
      <div>
        {header}
        <PageError error={list.error} onRetry={() => list.refetch()} />
      </div>
    );
  const data = list.data ?? { items: [], total: 0 };

  return (
    <div style={{ maxWidth: 760 }}>
      {header}
      {data.items.length === 0 ? (
        <Card>
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('myReflections.empty')} />
        </Card>
      ) : (
        <Space orientation="vertical" size={12} style={{ width: '100%' }}>
          {data.items.map((item) => (
            <ReflectionCard key={item.projectId} item={item} onEdit={() => setEditing(item)} />
          ))}
        </Space>
      )}
      {data.total > pageSize && (
        <Pagination
          style={{ marginTop: 16, justifyContent: 'center' }}
          current={page}
          pageSize={pageSize}
          total={data.total}
          showSizeChanger={false}
          showTotal={(total) => t('common:total', { total: fmtInt(total) })}
          onChange={(p) => uq.set({ page: p })}
        />
      )}
      <ReflectionDrawer item={editing} onClose={() => setEditing(null)} />
    </div>
  );
}

function ReflectionCard({ item, onEdit }: { item: MyReflectionItem; onEdit: () => void }) {
  const { t } = useTranslation('after');
  const r = item.reflection;
  return (
    <Card size="small" styles={{ body: { padding: 16 } }} data-testid={`reflection-project-${item.projectId}`}>
      <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8, alignItems: 'flex-start' }}>
        <Typography.Text strong style={{ fontSize: 16 }}>
          {item.projectName}
        </Typography.Text>
        <LevelTag level={item.level as never} />
      </div>
      <Typography.Text type="secondary">{fmtRange(item.startDate, item.endDate)}</Typography.Text>
      {r ? (
        <div style={{ marginTop: 8 }}>
          <Space size={4} wrap>
            <Typography.Text strong>{r.title}</Typography.Text>
            <ReflectionStatusTag status={r.status} featured={r.featured} />
          </Space>
          <Typography.Paragraph ellipsis={{ rows: 3, expandable: 'collapsible' }} style={{ margin: '4px 0 0' }}>
            {r.body}
          </Typography.Paragraph>
          {r.reviewComment && (
            <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0' }}>
              {t('reflection.commentBy', { name: r.reviewedByName ?? '', comment: r.reviewComment })}
            </Typography.Paragraph>
          )}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('reflection.updatedAt', { date: fmtDate(r.updatedAt) })}
          </Typography.Text>
        </div>
      ) : (
        <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
          {t('myReflections.notWritten')}
        </Typography.Paragraph>
      )}
      {(!r || r.status === 'submitted') && (
        <div style={{ display: 'flex', marginTop: 12 }}>
          <Button size="large" type={r ? 'default' : 'primary'} style={{ flex: 1 }} onClick={onEdit}>
            {r ? t('myReflections.edit') : t('myReflections.write')}
          </Button>
        </div>
      )}
    </Card>
  );
}

interface FormValues {
  title: string;
  body: string;
}

function ReflectionDrawer({ item, onClose }: { item: MyReflectionItem | null; onClose: () => void }) {
  const { t } = useTranslation('after');
  const { message } = App.useApp();
  const mobile = !Grid.useBreakpoint().md;
  const [form] = Form.useForm<FormValues>();
  const create = useCreateReflection();
  const update = useUpdateReflection();
  const r = item?.reflection ?? null;

  useEffect(() => {
    if (!item) return;
    form.resetFields();
    if (item.reflection) form.setFieldsValue({ title: item.reflection.title, body: item.reflection.body });
  }, [item, form]);

  const onFinish = async (v: FormValues) => {
    if (!item) return;
    const body = { title: v.title.trim(), body: v.body.trim() };
    try {
      if (r) await update.mutateAsync({ id: r.id, body });
      else await create.mutateAsync({ projectId: item.projectId, ...body });
      message.success(t('myReflections.saved'));
      onClose();
    } catch (e) {
      if (e instanceof ApiError) applyFieldErrors(form, e.fields);
      message.error((e as Error).message);
    }
  };

  return (
    <Drawer
      open={!!item}
      onClose={onClose}
      title={item ? t('myReflections.drawerTitle', { name: item.projectName }) : ''}
      size={mobile ? '100%' : 640}
      destroyOnHidden
      footer={
        <Space style={{ width: '100%', justifyContent: 'flex-end' }}>
          <Button size="large" onClick={onClose}>
            {t('common:action.cancel')}
          </Button>
          <Button
            size="large"
            type="primary"
            loading={create.isPending || update.isPending}
            onClick={() => form.submit()}
            data-testid="reflection-submit"
          >
            {t('myReflections.submit')}
          </Button>
        </Space>
      }
    >
      <Form<FormValues> form={form} layout="vertical" onFinish={onFinish} requiredMark="optional">
        <Form.Item
          name="title"
          label={t('reflection.titleLabel')}
          rules={[
            { required: true, message: t('reflection.titleRequired') },
            zodRule(reflectionUpdateBody.shape.title),
          ]}
        >
          <Input size="large" maxLength={100} />
        </Form.Item>
        <Form.Item
          name="body"
          label={t('reflection.bodyLabel')}
          rules={[{ required: true, message: t('reflection.bodyRequired') }, zodRule(reflectionUpdateBody.shape.body)]}
        >
          <Input.TextArea rows={mobile ? 12 : 16} maxLength={20000} placeholder={t('reflection.bodyHint')} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
