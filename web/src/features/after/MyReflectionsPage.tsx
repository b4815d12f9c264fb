// The teacher's reflections (心得体会), phone first: each finished project with its reflection (or a
// button to write one); editable until reviewed; the reviewer's comment and 优秀 when given.
import { type MyReflectionItem, reflectionUpdateBody } from '@shixun/common';
import { App, Button, Drawer, Form, Grid, Input, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fmtDate } from '../../components/format';
import { CardList, ListCard } from '../../components/list/CardList';
import { applyFieldErrors, zodRule } from '../../components/zodRule';
import { ApiError } from '../../lib/http';
import { fmtRange, LevelTag } from '../my/shared';
import { useCreateReflection, useMyReflections, useUpdateReflection } from './after.api';
import { ReflectionStatusTag } from './shared';

const useMine = ({ page, pageSize }: { page: number; pageSize: number }) => useMyReflections(page, pageSize);

export default function MyReflectionsPage() {
  const { t } = useTranslation('after');
  const [editing, setEditing] = useState<MyReflectionItem | null>(null);
  return (
    <CardList<MyReflectionItem>
      title={t('myReflections.title')}
      sub={t('myReflections.sub')}
      useList={useMine}
      rowKey={(item) => item.projectId}
      renderItem={(item) => <ReflectionCard item={item} onEdit={() => setEditing(item)} />}
      empty={{ description: t('myReflections.empty') }}
    >
      <ReflectionDrawer item={editing} onClose={() => setEditing(null)} />
    </CardList>
  );
}

function ReflectionCard({ item, onEdit }: { item: MyReflectionItem; onEdit: () => void }) {
  const { t } = useTranslation('after');
  const r = item.reflection;
  return (
    <ListCard
      title={item.projectName}
      tag={<LevelTag level={item.level as never} />}
      data-testid={`reflection-project-${item.projectId}`}
      actions={
        (!r || r.status === 'submitted') && (
          <Button size="large" type={r ? 'default' : 'primary'} style={{ flex: 1 }} onClick={onEdit}>
            {r ? t('myReflections.edit') : t('myReflections.write')}
          </Button>
        )
      }
    >
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
    </ListCard>
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
