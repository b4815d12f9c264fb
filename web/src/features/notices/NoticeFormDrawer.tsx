// Publishing a notice: title, text, audience (whole county / areas / schools, and which kinds of
// accounts), attachments. A school admin's notice always goes to their own school.
import {
  type AttachmentDto,
  type Me,
  NOTICE_SCOPES,
  type NoticeScope,
  ROLES,
  type Role,
  SCHOOL_NOTICE_ROLES,
} from '@shixun/common';
import { App, Button, Checkbox, Drawer, Form, Grid, Input, Radio, Select, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { AttachmentsField } from '../../components/AttachmentsField';
import { useSchoolOptions } from '../../components/SchoolSelect';
import { applyFieldErrors } from '../../components/zodRule';
import { ApiError } from '../../lib/http';
import { useAreas } from '../org/org.api';
import { usePublishNotice } from './notices.api';

interface Values {
  title: string;
  body: string;
  scope: NoticeScope;
  areaIds?: number[];
  schoolIds?: number[];
  roles: Role[];
  attachments?: AttachmentDto[];
}

export function NoticeFormDrawer({
  open,
  me,
  onClose,
  onDone,
}: {
  open: boolean;
  me: Me;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation('notices');
  const { message, modal } = App.useApp();
  const mobile = !Grid.useBreakpoint().md;
  const [form] = Form.useForm<Values>();
  const publish = usePublishNotice();
  const county = me.role === 'county_admin';
  const areas = useAreas(open && county);
  const schools = useSchoolOptions(open && county);
  const scope = Form.useWatch('scope', form);
  const roleOptions = (county ? ROLES : SCHOOL_NOTICE_ROLES).map((r) => ({ value: r, label: t(`common:role.${r}`) }));

  const send = async (v: Values) => {
    try {
      const res = await publish.mutateAsync({
        title: v.title,
        body: v.body,
        audience: county
          ? { scope: v.scope, areaIds: v.areaIds ?? [], schoolIds: v.schoolIds ?? [], roles: v.roles }
          : { scope: 'schools', areaIds: [], schoolIds: [me.schoolId!], roles: v.roles },
        attachmentIds: (v.attachments ?? []).map((a) => a.id),
      });
      message.success(t('form.published', { n: res.recipientCount }));
      form.resetFields();
      onDone();
    } catch (e) {
      if (!(e instanceof ApiError && applyFieldErrors(form, e.fields))) message.error((e as Error).message);
    }
  };

  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={t('publish')}
      size={mobile ? '100%' : 560}
      footer={
        <Space style={{ width: '100%', justifyContent: 'flex-end' }}>
          <Button onClick={onClose}>{t('common:action.cancel')}</Button>
          <Button type="primary" loading={publish.isPending} onClick={() => form.submit()} data-testid="notice-submit">
            {t('form.submit')}
          </Button>
        </Space>
      }
    >
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ scope: county ? 'all' : 'schools', roles: ['school_admin'], attachments: [] }}
        onFinish={(v) =>
          modal.confirm({
            title: t('publish'),
            content: t('form.confirm'),
            okText: t('form.submit'),
            onOk: () => send(v),
          })
        }
      >
        <Form.Item
          name="title"
          label={t('form.title')}
          rules={[{ required: true, whitespace: true, message: t('form.required', { field: t('form.title') }) }]}
        >
          <Input maxLength={100} showCount placeholder={t('form.titlePh')} data-testid="notice-title" />
        </Form.Item>
        <Form.Item
          name="body"
          label={t('form.body')}
          rules={[{ required: true, whitespace: true, message: t('form.required', { field: t('form.body') }) }]}
        >
          <Input.TextArea rows={6} maxLength={20000} placeholder={t('form.bodyPh')} data-testid="notice-body" />
        </Form.Item>
        {county ? (
          <>
            <Form.Item name="scope" label={t('form.scope')}>
              <Radio.Group
                optionType="button"
                options={NOTICE_SCOPES.map((s) => ({ value: s, label: t(`scope.${s}`) }))}
              />
            </Form.Item>
            {scope === 'areas' && (
              <Form.Item
                name="areaIds"
                label={t('form.areas')}
                rules={[{ required: true, message: t('form.required', { field: t('form.areas') }) }]}
              >
                <Select
                  mode="multiple"
                  loading={areas.isLoading}
                  options={(areas.data?.items ?? []).map((a) => ({ value: a.id, label: a.name }))}
                  optionFilterProp="label"
                />
              </Form.Item>
            )}
            {scope === 'schools' && (
              <Form.Item
                name="schoolIds"
                label={t('form.schools')}
                rules={[{ required: true, message: t('form.required', { field: t('form.schools') }) }]}
              >
                <Select
                  mode="multiple"
                  loading={schools.isLoading}
                  options={(schools.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
                  optionFilterProp="label"
                  data-testid="notice-schools"
                />
              </Form.Item>
            )}
          </>
        ) : (
          <Typography.Paragraph type="secondary">{t('form.schoolOnly')}</Typography.Paragraph>
        )}
        <Form.Item
          name="roles"
          label={t('form.roles')}
          rules={[{ required: true, message: t('form.required', { field: t('form.roles') }) }]}
        >
          <Checkbox.Group options={roleOptions} />
        </Form.Item>
        <Form.Item name="attachments" label={t('attachments')}>
          <AttachmentsField purpose="notice" />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
