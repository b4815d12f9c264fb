// Planning a 送教下乡: who sends (a core school, a famous-teacher studio of a school, or the county
// centre), to which school (a school admin: the member schools of the consortia it leads), the
// theme, subject and year. The county's stages are copied onto it when it is saved.
import { OUTREACH_ORGANISERS, type OutreachOrganiser, SUBJECTS } from '@shixun/common';
import { App, Button, Drawer, Form, Grid, Input, Radio, Select, Space, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { accessOf } from '../../access';
import { SchoolSelect } from '../../components/SchoolSelect';
import { applyFieldErrors } from '../../components/zodRule';
import { ApiError } from '../../lib/http';
import { useMe } from '../auth/auth.api';
import { useCreateOutreach, useOutreachTargets, useResearchSettings } from './school-research.api';
import { thisYear, yearOptions } from './shared';

interface Values {
  organiserKind: OutreachOrganiser;
  schoolId?: number;
  organiserName?: string;
  targetSchoolId: number;
  title: string;
  subject?: string;
  year: number;
}

export function OutreachFormDrawer({
  open,
  onClose,
  onSaved,
}: {
  open: boolean;
  onClose: () => void;
  onSaved: (id: number) => void;
}) {
  const { t } = useTranslation('research');
  const { message } = App.useApp();
  const me = useMe().data;
  const access = accessOf(me);
  const [form] = Form.useForm<Values>();
  const mobile = !Grid.useBreakpoint().md;
  const targets = useOutreachTargets(open);
  const settings = useResearchSettings(open);
  const create = useCreateOutreach();
  const kind = Form.useWatch('organiserKind', form);
  const kinds = OUTREACH_ORGANISERS.filter((k) => k !== 'county' || access.countyAdmin);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue({
      organiserKind: 'school',
      schoolId: access.schoolAdmin ? (me?.schoolId ?? undefined) : undefined,
      year: thisYear(),
    });
  }, [open, form, access.schoolAdmin, me?.schoolId]);

  const submit = async (v: Values) => {
    try {
      const r = await create.mutateAsync({
        organiserKind: v.organiserKind,
        schoolId: v.organiserKind === 'county' ? null : (v.schoolId ?? null),
        organiserName: v.organiserKind === 'studio' ? (v.organiserName ?? null) : null,
        targetSchoolId: v.targetSchoolId,
        title: v.title,
        subject: v.subject ?? null,
        year: v.year,
      });
      message.success(t('outreach.created'));
      onSaved(r.id);
    } catch (e) {
      if (e instanceof ApiError && applyFieldErrors(form, e.fields)) return;
      message.error((e as Error).message);
    }
  };

  const noTargets = targets.data && targets.data.items.length === 0;
  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={t('outreach.create')}
      size={mobile ? '100%' : 520}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={onClose}>{t('common:action.cancel')}</Button>
          <Button type="primary" loading={create.isPending} onClick={() => form.submit()} data-testid="outreach-save">
            {t('common:action.save')}
          </Button>
        </Space>
      }
    >
      {settings.data && (
        <Typography.Paragraph type="secondary">
          {t('outreach.stagesHint', { stages: settings.data.outreachStages.join(' → ') })}
        </Typography.Paragraph>
      )}
      {noTargets && (
        <Typography.Paragraph type="warning" data-testid="outreach-no-targets">
          {t('outreach.noTargets')}
        </Typography.Paragraph>
      )}
      <Form<Values> form={form} layout="vertical" onFinish={submit} requiredMark="optional">
        <Form.Item name="organiserKind" label={t('outreach.organiserKind')} rules={[{ required: true }]}>
          <Radio.Group options={kinds.map((k) => ({ value: k, label: t(`organiser.${k}`) }))} optionType="button" />
        </Form.Item>
        {kind !== 'county' && (
          <Form.Item
            name="schoolId"
            label={t('outreach.sender')}
            rules={[{ required: true, message: t('outreach.senderRequired') }]}
          >
            <SchoolSelect disabled={access.schoolAdmin} />
          </Form.Item>
        )}
        {kind === 'studio' && (
          <Form.Item
            name="organiserName"
            label={t('outreach.studio')}
            rules={[{ required: true, whitespace: true, message: t('outreach.studioRequired') }]}
          >
            <Input maxLength={60} placeholder={t('outreach.studioPlaceholder')} />
          </Form.Item>
        )}
        <Form.Item
          name="targetSchoolId"
          label={t('outreach.target')}
          rules={[{ required: true, message: t('outreach.targetRequired') }]}
        >
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            loading={targets.isLoading}
            options={(targets.data?.items ?? []).map((s) => ({ value: s.id, label: `${s.name}（${s.urbanRural}）` }))}
            data-testid="outreach-target"
          />
        </Form.Item>
        <Form.Item
          name="title"
          label={t('outreach.theme')}
          rules={[{ required: true, whitespace: true, message: t('outreach.themeRequired') }]}
        >
          <Input maxLength={80} showCount placeholder={t('outreach.themePlaceholder')} data-testid="outreach-title" />
        </Form.Item>
        <Space wrap size={12}>
          <Form.Item name="subject" label={t('outreach.subject')}>
            <Select
              allowClear
              showSearch
              options={SUBJECTS.map((s) => ({ value: s, label: s }))}
              style={{ width: 160 }}
            />
          </Form.Item>
          <Form.Item name="year" label={t('filter.year')} rules={[{ required: true }]}>
            <Select options={yearOptions(1)} style={{ width: 110 }} />
          </Form.Item>
        </Space>
      </Form>
    </Drawer>
  );
}
