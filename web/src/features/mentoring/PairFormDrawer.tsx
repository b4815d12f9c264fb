// Direct pairing by the school (or a consortium, or the county): a mentor and a mentee of the
// caller's scope, the year, a term of one to three years and the goals. The server applies the
// pairing rules (no self-pairing, the mentor's load, a new or young mentee unless a reason is given).
import type { PairCreateBody } from '@shixun/common';
import { App, Button, Drawer, Form, Grid, Input, InputNumber, Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { TeacherSelect } from '../../components/TeacherSelect';
import { yearOptions } from '../../components/years';
import { applyFieldErrors } from '../../components/zodRule';
import { ApiError } from '../../lib/http';
import { useCreatePair } from './mentoring.api';

export function PairFormDrawer({ open, onClose, year }: { open: boolean; onClose: () => void; year: number }) {
  const { t } = useTranslation('mentoring');
  const { message } = App.useApp();
  const [form] = Form.useForm<PairCreateBody>();
  const mobile = !Grid.useBreakpoint().md;
  const create = useCreatePair();
  const mentorId = Form.useWatch('mentorId', form);
  const menteeId = Form.useWatch('menteeId', form);

  const submit = async (v: PairCreateBody) => {
    try {
      await create.mutateAsync({
        ...v,
        goals: v.goals?.trim() || undefined,
        overrideReason: v.overrideReason?.trim() || undefined,
      });
      message.success(t('pair.created'));
      form.resetFields();
      onClose();
    } catch (e) {
      if (!(e instanceof ApiError && applyFieldErrors(form, e.fields))) message.error((e as Error).message);
    }
  };

  return (
    <Drawer
      open={open}
      onClose={onClose}
      size={mobile ? '100%' : 520}
      title={t('pair.create')}
      destroyOnHidden
      footer={
        <Space style={{ width: '100%', justifyContent: 'flex-end' }}>
          <Button onClick={onClose}>{t('common:action.cancel')}</Button>
          <Button type="primary" loading={create.isPending} onClick={() => form.submit()} data-testid="pair-save">
            {t('common:action.save')}
          </Button>
        </Space>
      }
    >
      <Form<PairCreateBody>
        form={form}
        layout="vertical"
        initialValues={{ year, termYears: 1 }}
        onFinish={submit}
        preserve={false}
      >
        <Form.Item
          name="mentorId"
          label={t('col.mentor')}
          rules={[{ required: true, message: t('pair.mentorRequired') }]}
        >
          <TeacherSelect exclude={menteeId ? [menteeId] : []} />
        </Form.Item>
        <Form.Item
          name="menteeId"
          label={t('col.mentee')}
          rules={[{ required: true, message: t('pair.menteeRequired') }]}
          extra={t('pair.menteeHint')}
        >
          <TeacherSelect exclude={mentorId ? [mentorId] : []} />
        </Form.Item>
        <Space wrap>
          <Form.Item name="year" label={t('filter.year')}>
            <Select style={{ width: 120 }} options={yearOptions(t)} />
          </Form.Item>
          <Form.Item name="termYears" label={t('pair.termYears')}>
            <InputNumber min={1} max={3} style={{ width: 120 }} suffix={t('pair.yearsUnit')} />
          </Form.Item>
        </Space>
        <Form.Item name="goals" label={t('pair.goals')}>
          <Input.TextArea rows={3} maxLength={1000} showCount placeholder={t('pair.goalsPlaceholder')} />
        </Form.Item>
        <Form.Item name="overrideReason" label={t('pair.override')} extra={t('pair.overrideHint')}>
          <Input maxLength={200} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
