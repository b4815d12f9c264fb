// The county's settings for school-based development: joint showcases each consortium must hold a
// year, 送教下乡 each core school must run, after how many days a record or upload counts as late,
// and the stages of the 五段五步 model (data: rename, add, drop). The activity types and the hours
// rule are shown with where they are kept.
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { ResearchSettingsBody } from '@shixun/common';
import { App, Button, Descriptions, Drawer, Form, Grid, Input, InputNumber, Space, Tag, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { applyFieldErrors } from '../../components/zodRule';
import { ApiError } from '../../lib/http';
import { useResearchSettings, useSaveResearchSettings } from './school-research.api';

export function SettingsDrawer({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation('research');
  const { message } = App.useApp();
  const mobile = !Grid.useBreakpoint().md;
  const [form] = Form.useForm<ResearchSettingsBody>();
  const settings = useResearchSettings(open);
  const save = useSaveResearchSettings();
  const s = settings.data;

  useEffect(() => {
    if (open && s) form.setFieldsValue(s);
  }, [open, s, form]);

  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={t('settings.title')}
      size={mobile ? '100%' : 520}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={onClose}>{t('common:action.cancel')}</Button>
          <Button type="primary" loading={save.isPending} onClick={() => form.submit()}>
            {t('common:action.save')}
          </Button>
        </Space>
      }
    >
      <Form<ResearchSettingsBody>
        form={form}
        layout="vertical"
        onFinish={async (v) => {
          try {
            await save.mutateAsync({ ...v, outreachStages: v.outreachStages.map((x) => x.trim()) });
            message.success(t('settings.saved'));
            onClose();
          } catch (e) {
            if (e instanceof ApiError && applyFieldErrors(form, e.fields)) return;
            message.error((e as Error).message);
          }
        }}
      >
        <Space wrap size={16}>
          <Form.Item name="showcasesPerYear" label={t('settings.showcases')} rules={[{ required: true }]}>
            <InputNumber min={0} max={20} style={{ width: 120 }} />
          </Form.Item>
          <Form.Item name="outreachPerYear" label={t('settings.outreach')} rules={[{ required: true }]}>
            <InputNumber min={0} max={20} style={{ width: 120 }} />
          </Form.Item>
          <Form.Item name="lateAfterDays" label={t('settings.lateAfter')} rules={[{ required: true }]}>
            <InputNumber min={1} max={90} style={{ width: 120 }} suffix={t('settings.days')} />
          </Form.Item>
        </Space>
        <Typography.Text strong>{t('settings.stages')}</Typography.Text>
        <Typography.Paragraph type="secondary">{t('settings.stagesHint')}</Typography.Paragraph>
        <Form.List name="outreachStages">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f, i) => (
                <Space key={f.key} align="start" style={{ display: 'flex' }}>
                  <span style={{ lineHeight: '32px', width: 24 }}>{i + 1}.</span>
                  <Form.Item
                    name={f.name}
                    rules={[{ required: true, whitespace: true, message: t('settings.stageRequired') }]}
                  >
                    <Input maxLength={20} style={{ width: 220 }} />
                  </Form.Item>
                  <Button
                    icon={<DeleteOutlined />}
                    aria-label={t('common:action.delete')}
                    disabled={fields.length <= 1}
                    onClick={() => remove(f.name)}
                  />
                </Space>
              ))}
              <Button icon={<PlusOutlined />} onClick={() => add('')} disabled={fields.length >= 10}>
                {t('settings.addStage')}
              </Button>
            </>
          )}
        </Form.List>
      </Form>
      {s && (
        <Descriptions size="small" column={1} style={{ marginTop: 24 }} bordered>
          <Descriptions.Item label={t('settings.types')}>
            {s.activityTypes.map((x) => (
              <Tag key={x}>{x}</Tag>
            ))}
          </Descriptions.Item>
          <Descriptions.Item label={t('settings.credit')}>
            {t('settings.creditRule', {
              name: s.credit.ruleName,
              activity: s.credit.activityCap ?? t('settings.noCap'),
              year: s.credit.yearCap ?? t('settings.noCap'),
            })}{' '}
            <Link to="/credit/rules">{t('settings.toRules')}</Link>
          </Descriptions.Item>
        </Descriptions>
      )}
    </Drawer>
  );
}
