// Setting up or changing a studio (the county): its name, the host teacher, subject and stage, the
// term (at most six years) and goals; a studio that has run its course is closed here.
import type { StudioBody, StudioDetail } from '@shixun/common';
import { App, Button, Drawer, Form, Grid, Input, InputNumber, Radio, Select, Space } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { TeacherSelect } from '../../components/TeacherSelect';
import { thisYear } from '../../components/years';
import { applyFieldErrors } from '../../components/zodRule';
import { ApiError } from '../../lib/http';
import { useDictionaryOptions } from '../dictionaries/dictionaries.api';
import { useCreateStudio, useUpdateStudio } from './studios.api';

type Values = StudioBody & { status?: 'active' | 'closed' };

export function StudioFormDrawer({
  open,
  studio,
  onClose,
}: {
  open: boolean;
  studio?: StudioDetail;
  onClose: (createdId?: number) => void;
}) {
  const { t } = useTranslation('studios');
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const mobile = !Grid.useBreakpoint().md;
  const create = useCreateStudio();
  const update = useUpdateStudio();
  // The county's stages and subjects (数据字典); a studio's retired value stays selectable.
  const stages = useDictionaryOptions('stage', [studio?.stage]);
  const subjects = useDictionaryOptions('subject', [studio?.subject]);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (studio) {
      form.setFieldsValue({
        name: studio.name,
        hostId: studio.host.id,
        subject: studio.subject,
        stage: studio.stage,
        startYear: studio.startYear,
        endYear: studio.endYear,
        goals: studio.goals,
        status: studio.status,
      });
    } else form.setFieldsValue({ startYear: thisYear(), endYear: thisYear() + 2 });
  }, [open, studio, form]);

  const submit = async (v: Values) => {
    const body = {
      name: v.name.trim(),
      hostId: v.hostId,
      subject: v.subject ?? null,
      stage: v.stage ?? null,
      startYear: v.startYear,
      endYear: v.endYear,
      goals: v.goals?.trim() || null,
    };
    try {
      if (studio) {
        await update.mutateAsync({ id: studio.id, body: { ...body, status: v.status } });
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
      open={open}
      onClose={() => onClose()}
      size={mobile ? '100%' : 560}
      title={studio ? t('editTitle') : t('create')}
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
        <Form.Item name="hostId" label={t('col.host')} rules={[{ required: true, message: t('form.host') }]}>
          <TeacherSelect />
        </Form.Item>
        <Space wrap>
          <Form.Item name="stage" label={t('form.stage')}>
            <Select allowClear style={{ width: 140 }} loading={stages.loading} options={stages.options} />
          </Form.Item>
          <Form.Item name="subject" label={t('form.subject')}>
            <Select
              allowClear
              showSearch
              style={{ width: 160 }}
              loading={subjects.loading}
              options={subjects.options}
            />
          </Form.Item>
        </Space>
        <Space wrap>
          <Form.Item name="startYear" label={t('form.startYear')} rules={[{ required: true }]}>
            <InputNumber min={2000} max={2100} style={{ width: 120 }} />
          </Form.Item>
          <Form.Item name="endYear" label={t('form.endYear')} rules={[{ required: true }]} extra={t('form.termHint')}>
            <InputNumber min={2000} max={2100} style={{ width: 120 }} />
          </Form.Item>
        </Space>
        <Form.Item name="goals" label={t('form.goals')}>
          <Input.TextArea rows={4} maxLength={2000} showCount />
        </Form.Item>
        {studio && (
          <Form.Item name="status" label={t('col.status')}>
            <Radio.Group
              options={[
                { value: 'active', label: t('status.active') },
                { value: 'closed', label: t('status.closed') },
              ]}
            />
          </Form.Item>
        )}
      </Form>
    </Drawer>
  );
}
