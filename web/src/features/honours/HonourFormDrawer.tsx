// Entering or correcting an honour: the teacher (new entries only), level, title, year, awarding
// body, the date and scans of the certificate. A school's entry waits for the county's verification;
// a correction of an unverified one stays pending.
import type { AttachmentDto, HonourItem } from '@shixun/common';
import { App, Button, DatePicker, Drawer, Form, Grid, Input, InputNumber, Select, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { AttachmentsField } from '../../components/AttachmentsField';
import { TeacherSelect } from '../../components/TeacherSelect';
import { thisYear } from '../../components/years';
import { applyFieldErrors } from '../../components/zodRule';
import { ApiError } from '../../lib/http';
import { useCreateHonour, useHonourLevels, useUpdateHonour } from './honours.api';

interface Values {
  teacherId?: number;
  level?: string;
  title?: string;
  year?: number;
  awardingBody?: string;
  awardedOn?: Dayjs | null;
  files?: AttachmentDto[];
}

export function HonourFormDrawer({ honour, onClose }: { honour: HonourItem | 'new' | null; onClose: () => void }) {
  const { t } = useTranslation('honours');
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const mobile = !Grid.useBreakpoint().md;
  const levels = useHonourLevels(honour != null);
  const create = useCreateHonour();
  const update = useUpdateHonour();
  const editing = honour && honour !== 'new' ? honour : null;

  useEffect(() => {
    if (!honour) return;
    form.resetFields();
    if (editing) {
      form.setFieldsValue({
        level: editing.level,
        title: editing.title,
        year: editing.year,
        awardingBody: editing.awardingBody,
        awardedOn: editing.awardedOn ? dayjs(editing.awardedOn) : null,
        files: editing.attachments,
      });
    } else form.setFieldsValue({ year: thisYear() });
  }, [honour, editing, form]);

  const submit = async (v: Values) => {
    const body = {
      level: v.level!,
      title: v.title!.trim(),
      year: v.year!,
      awardingBody: v.awardingBody!.trim(),
      awardedOn: v.awardedOn ? v.awardedOn.format('YYYY-MM-DD') : null,
      attachmentIds: (v.files ?? []).map((f) => f.id),
    };
    try {
      if (editing) await update.mutateAsync({ id: editing.id, body });
      else await create.mutateAsync({ ...body, teacherId: v.teacherId! });
      message.success(t('saved'));
      onClose();
    } catch (e) {
      if (!(e instanceof ApiError && applyFieldErrors(form, e.fields))) message.error((e as Error).message);
    }
  };

  return (
    <Drawer
      open={honour != null}
      onClose={onClose}
      size={mobile ? '100%' : 520}
      title={editing ? t('editTitle', { name: editing.teacherName }) : t('create')}
      destroyOnHidden
      footer={
        <Space style={{ width: '100%', justifyContent: 'flex-end' }}>
          <Button onClick={onClose}>{t('common:action.cancel')}</Button>
          <Button
            type="primary"
            loading={create.isPending || update.isPending}
            onClick={() => form.submit()}
            data-testid="honour-save"
          >
            {t('common:action.save')}
          </Button>
        </Space>
      }
    >
      <Form<Values> form={form} layout="vertical" onFinish={submit}>
        {!editing && (
          <Form.Item name="teacherId" label={t('col.teacher')} rules={[{ required: true, message: t('form.teacher') }]}>
            <TeacherSelect />
          </Form.Item>
        )}
        <Form.Item name="title" label={t('col.title')} rules={[{ required: true, message: t('form.title') }]}>
          <Input maxLength={100} placeholder={t('form.titlePlaceholder')} />
        </Form.Item>
        <Space wrap>
          <Form.Item name="level" label={t('col.level')} rules={[{ required: true, message: t('form.level') }]}>
            <Select
              style={{ width: 140 }}
              options={(levels.data?.items ?? []).map((l) => ({ value: l.label, label: l.label }))}
            />
          </Form.Item>
          <Form.Item name="year" label={t('col.year')} rules={[{ required: true, message: t('form.year') }]}>
            <InputNumber min={1950} max={2100} style={{ width: 120 }} />
          </Form.Item>
          <Form.Item name="awardedOn" label={t('form.awardedOn')}>
            <DatePicker style={{ width: 160 }} />
          </Form.Item>
        </Space>
        <Form.Item
          name="awardingBody"
          label={t('col.awardingBody')}
          rules={[{ required: true, message: t('form.awardingBody') }]}
        >
          <Input maxLength={60} placeholder={t('form.awardingBodyPlaceholder')} />
        </Form.Item>
        <Form.Item name="files" label={t('col.certificate')} extra={t('form.filesHint')}>
          <AttachmentsField purpose="honour" maxCount={5} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
