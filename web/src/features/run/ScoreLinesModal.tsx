// The county's default score lines (县默认分数线: pass and excellent): a project without its own
// lines judges scores by them. County admins only; the server refuses anyone else.
import { assessmentSettings } from '@shixun/common';
import { App, Form, InputNumber, Modal, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { applyFieldErrors } from '../../components/zodRule';
import { ApiError } from '../../lib/http';
import { useSaveScoreLines, useScoreLines } from './run.api';

export function ScoreLinesModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation('run');
  const { message } = App.useApp();
  const lines = useScoreLines(open);
  const save = useSaveScoreLines();
  const [form] = Form.useForm<{ passScore: number; excellentScore: number }>();
  useEffect(() => {
    if (open && lines.data) form.setFieldsValue(lines.data);
  }, [open, lines.data, form]);

  const onOk = async () => {
    const v = await form.validateFields();
    const parsed = assessmentSettings.safeParse(v);
    if (!parsed.success) {
      form.setFields([{ name: 'excellentScore', errors: [parsed.error.issues[0]?.message ?? ''] }]);
      return;
    }
    try {
      await save.mutateAsync(parsed.data);
      message.success(t('lines.saved'));
      onClose();
    } catch (e) {
      const fields = e instanceof ApiError ? e.fields : undefined;
      if (!applyFieldErrors(form, fields)) message.error((e as Error).message);
    }
  };

  return (
    <Modal
      open={open}
      title={t('lines.title')}
      okText={t('common:action.save')}
      cancelText={t('common:action.cancel')}
      okButtonProps={{ loading: save.isPending }}
      onOk={onOk}
      onCancel={onClose}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('lines.hint')}</Typography.Paragraph>
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item name="passScore" label={t('lines.pass')} rules={[{ required: true, message: t('lines.required') }]}>
          <InputNumber min={0} max={100} precision={1} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item
          name="excellentScore"
          label={t('lines.excellent')}
          rules={[{ required: true, message: t('lines.required') }]}
        >
          <InputNumber min={0} max={100} precision={1} style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
