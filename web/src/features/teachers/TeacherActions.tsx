// The detail page's modals: transfer to another school, and retire / transfer out of the county.
import type { TeacherDetail } from '@shixun/common';
import { Alert, App, DatePicker, Form, type FormInstance, Input, Modal, Radio } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { SchoolSelect } from '../../components/SchoolSelect';
import { ApiError } from '../../lib/http';
import { useEnumLabel } from './format';
import { useSetTeacherStatus, useTransferTeacher } from './teachers.api';

function useFailure<T>(form: FormInstance<T>) {
  const { message } = App.useApp();
  return (e: unknown) => {
    if (e instanceof ApiError && e.fields && Object.keys(e.fields).length > 0) {
      const fields = Object.entries(e.fields).map(([name, err]) => ({ name, errors: [err] }));
      form.setFields(fields as Parameters<FormInstance<T>['setFields']>[0]);
    }
    message.error(e instanceof Error ? e.message : String(e));
  };
}

export function TransferModal({
  teacher,
  open,
  onClose,
}: {
  teacher: TeacherDetail;
  open: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation('teachers');
  const { message } = App.useApp();
  const [form] = Form.useForm<{ schoolId: number; reason?: string }>();
  const transfer = useTransferTeacher(teacher.id);
  const fail = useFailure(form);

  return (
    <Modal
      open={open}
      title={t('transfer.title', { name: teacher.name })}
      okText={t('transfer.ok')}
      cancelText={t('common:action.cancel')}
      confirmLoading={transfer.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      afterClose={() => form.resetFields()}
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={async (v) => {
          try {
            const saved = await transfer.mutateAsync({ schoolId: v.schoolId, reason: v.reason?.trim() || undefined });
            message.success(t('transfer.done', { school: saved.schoolName }));
            onClose();
          } catch (e) {
            fail(e);
          }
        }}
      >
        <Form.Item label={t('transfer.from')}>
          <Input value={teacher.schoolName} disabled />
        </Form.Item>
        <Form.Item name="schoolId" label={t('transfer.to')} rules={[{ required: true, message: t('form.select') }]}>
          <SchoolSelect exclude={[teacher.schoolId]} />
        </Form.Item>
        <Form.Item name="reason" label={t('transfer.reason')}>
          <Input.TextArea maxLength={200} showCount rows={2} placeholder={t('transfer.reasonPlaceholder')} />
        </Form.Item>
        <Alert type="info" showIcon title={t('transfer.note')} />
      </Form>
    </Modal>
  );
}

export function StatusModal({
  teacher,
  open,
  onClose,
}: {
  teacher: TeacherDetail;
  open: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation('teachers');
  const { message } = App.useApp();
  const enumLabel = useEnumLabel();
  const [form] = Form.useForm<{ status: '调出' | '退休'; date?: Dayjs; reason?: string }>();
  const setStatus = useSetTeacherStatus(teacher.id);
  const fail = useFailure(form);

  return (
    <Modal
      open={open}
      title={t('status.title', { name: teacher.name })}
      okText={t('common:action.confirm')}
      cancelText={t('common:action.cancel')}
      okButtonProps={{ danger: true }}
      confirmLoading={setStatus.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      afterClose={() => form.resetFields()}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ status: '退休', date: dayjs() }}
        onFinish={async (v) => {
          try {
            await setStatus.mutateAsync({
              status: v.status,
              date: v.date?.format('YYYY-MM-DD'),
              reason: v.reason?.trim() || undefined,
            });
            message.success(t('status.done', { status: enumLabel(v.status) }));
            onClose();
          } catch (e) {
            fail(e);
          }
        }}
      >
        <Form.Item name="status" label={t('status.status')} rules={[{ required: true }]}>
          <Radio.Group
            optionType="button"
            buttonStyle="solid"
            options={[
              { value: '退休', label: enumLabel('退休') },
              { value: '调出', label: enumLabel('调出') },
            ]}
          />
        </Form.Item>
        <Form.Item name="date" label={t('status.date')}>
          <DatePicker style={{ width: '100%' }} inputReadOnly />
        </Form.Item>
        <Form.Item name="reason" label={t('status.reason')}>
          <Input.TextArea maxLength={200} showCount rows={2} placeholder={t('status.reasonPlaceholder')} />
        </Form.Item>
        <Alert type="warning" showIcon title={t('status.note')} />
      </Form>
    </Modal>
  );
}
