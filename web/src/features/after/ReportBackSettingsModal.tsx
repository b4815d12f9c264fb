// The county's report-back rule: which levels and modes owe one, and within how many days.
import { LEVELS, MODES, type ReportBackSettings, reportBackSettings } from '@shixun/common';
import { Alert, App, Checkbox, Form, InputNumber, Modal } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { PageError, PageLoading } from '../../components/PageState';
import { zodRule } from '../../components/zodRule';
import { useReportBackSettings, useSaveReportBackSettings } from './after.api';

export function ReportBackSettingsModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation('after');
  const { message } = App.useApp();
  const [form] = Form.useForm<ReportBackSettings>();
  const settings = useReportBackSettings(open);
  const save = useSaveReportBackSettings();

  useEffect(() => {
    if (open && settings.data) form.setFieldsValue(settings.data);
  }, [open, settings.data, form]);

  const onFinish = async (v: ReportBackSettings) => {
    try {
      await save.mutateAsync(v);
      message.success(t('common:state.saved'));
      onClose();
    } catch (e) {
      message.error((e as Error).message);
    }
  };

  return (
    <Modal
      open={open}
      title={t('settings.title')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={{ loading: save.isPending, disabled: !settings.data }}
      okText={t('common:action.save')}
      destroyOnHidden
    >
      {settings.isLoading ? (
        <PageLoading />
      ) : settings.error ? (
        <PageError error={settings.error} onRetry={() => settings.refetch()} />
      ) : (
        <Form form={form} layout="vertical" onFinish={onFinish}>
          <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('settings.hint')} />
          <Form.Item name="levels" label={t('settings.levels')}>
            <Checkbox.Group options={LEVELS.map((l) => ({ value: l, label: t(`my:level.${l}`) }))} />
          </Form.Item>
          <Form.Item name="modes" label={t('settings.modes')}>
            <Checkbox.Group options={MODES.map((m) => ({ value: m, label: t(`my:mode.${m}`) }))} />
          </Form.Item>
          <Form.Item
            name="dueDays"
            label={t('settings.dueDays')}
            rules={[
              { required: true, message: t('settings.dueDaysRequired') },
              zodRule(reportBackSettings.shape.dueDays),
            ]}
          >
            <InputNumber min={1} max={180} precision={0} suffix={t('settings.days')} style={{ width: 160 }} />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}
