// Recording or editing a research activity: host school (a school admin's own), theme, type (the
// county's list), date and time, hours, place, host; who it is for (a teaching-research group by
// subject and stage); a core school may make it its consortium's joint showcase.
import { type ActivityDetail, STAGES, SUBJECTS } from '@shixun/common';
import {
  App,
  Button,
  DatePicker,
  Drawer,
  Form,
  Grid,
  Input,
  InputNumber,
  Select,
  Space,
  TimePicker,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { accessOf } from '../../access';
import { SchoolSelect, useSchoolOptions } from '../../components/SchoolSelect';
import { applyFieldErrors } from '../../components/zodRule';
import { ApiError } from '../../lib/http';
import { useMe } from '../auth/auth.api';
import { useConsortia } from '../org/org.api';
import { useCreateActivity, useResearchSettings, useUpdateActivity } from './school-research.api';
import { toInstant } from './shared';

interface Values {
  schoolId?: number;
  consortiumId?: number | null;
  schoolIds?: number[];
  title: string;
  type: string;
  date: Dayjs;
  time: [Dayjs, Dayjs];
  hours: number;
  place?: string;
  host?: string;
  subjects?: string[];
  stages?: string[];
  description?: string;
}

export function ActivityFormDrawer({
  open,
  onClose,
  onSaved,
  activity,
}: {
  open: boolean;
  onClose: () => void;
  onSaved: (id: number) => void;
  /** Editing this activity (else recording a new one). */
  activity?: ActivityDetail;
}) {
  const { t } = useTranslation('research');
  const { message } = App.useApp();
  const me = useMe().data;
  const access = accessOf(me);
  const [form] = Form.useForm<Values>();
  const mobile = !Grid.useBreakpoint().md;
  const settings = useResearchSettings(open);
  const consortia = useConsortia(open);
  const schoolOptions = useSchoolOptions(open && access.countyAdmin);
  const create = useCreateActivity();
  const update = useUpdateActivity(activity?.id ?? 0);
  const schoolId = Form.useWatch('schoolId', form);
  const cores = (consortia.data?.items ?? []).filter((c) => c.coreSchoolId != null && c.coreSchoolId === schoolId);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (activity) {
      form.setFieldsValue({
        title: activity.title,
        type: activity.type,
        date: dayjs(activity.startsAt),
        time: [dayjs(activity.startsAt), dayjs(activity.endsAt)],
        hours: activity.hours,
        place: activity.place ?? undefined,
        host: activity.host ?? undefined,
        subjects: activity.subjects,
        stages: activity.stages,
        description: activity.description ?? undefined,
      });
    } else {
      const start = dayjs().hour(14).minute(0);
      form.setFieldsValue({
        schoolId: access.schoolAdmin ? (me?.schoolId ?? undefined) : undefined,
        date: dayjs(),
        time: [start, start.add(2, 'hour')],
        hours: 2,
      });
    }
  }, [open, activity, form, access.schoolAdmin, me?.schoolId]);

  const submit = async (v: Values) => {
    const common = {
      title: v.title,
      type: v.type,
      startsAt: toInstant(v.date, v.time[0]),
      endsAt: toInstant(v.date, v.time[1]),
      hours: v.hours,
      place: v.place ?? null,
      host: v.host ?? null,
      subjects: v.subjects ?? [],
      stages: v.stages ?? [],
      description: v.description ?? null,
    };
    try {
      if (activity) {
        await update.mutateAsync(common);
        message.success(t('form.saved'));
        onSaved(activity.id);
      } else {
        const r = await create.mutateAsync({
          ...common,
          schoolId: v.schoolId!,
          consortiumId: v.consortiumId ?? null,
          schoolIds: v.consortiumId ? [] : (v.schoolIds ?? []),
        });
        message.success(t('form.created'));
        onSaved(r.id);
      }
    } catch (e) {
      if (e instanceof ApiError && applyFieldErrors(form, e.fields)) return;
      message.error(e instanceof Error ? e.message : String(e));
    }
  };

  const outreach = activity?.outreachId != null;
  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={activity ? t('form.editTitle') : t('form.createTitle')}
      size={mobile ? '100%' : 560}
      styles={{ body: { paddingBottom: 24 } }}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={onClose}>{t('common:action.cancel')}</Button>
          <Button
            type="primary"
            loading={create.isPending || update.isPending}
            onClick={() => form.submit()}
            data-testid="activity-save"
          >
            {t('common:action.save')}
          </Button>
        </Space>
      }
    >
      <Form<Values> form={form} layout="vertical" onFinish={submit} requiredMark="optional">
        {!activity && (
          <Form.Item
            name="schoolId"
            label={t('form.school')}
            rules={[{ required: true, message: t('form.schoolRequired') }]}
          >
            <SchoolSelect disabled={access.schoolAdmin} />
          </Form.Item>
        )}
        {!activity && access.countyAdmin && (
          <Form.Item name="schoolIds" label={t('form.jointSchools')} extra={t('form.jointSchoolsHint')}>
            <Select
              mode="multiple"
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              options={(schoolOptions.data ?? [])
                .filter((s) => s.id !== schoolId)
                .map((s) => ({ value: s.id, label: s.name }))}
              maxCount={50}
            />
          </Form.Item>
        )}
        {!activity && cores.length > 0 && (
          <Form.Item name="consortiumId" label={t('form.showcase')} extra={t('form.showcaseHint')}>
            <Select
              allowClear
              options={cores.map((c) => ({ value: c.id, label: c.name }))}
              placeholder={t('form.notShowcase')}
            />
          </Form.Item>
        )}
        <Form.Item
          name="title"
          label={t('form.title')}
          rules={[{ required: true, whitespace: true, message: t('form.titleRequired') }]}
        >
          <Input maxLength={80} showCount placeholder={t('form.titlePlaceholder')} />
        </Form.Item>
        <Form.Item name="type" label={t('form.type')} rules={[{ required: true, message: t('form.typeRequired') }]}>
          <Select
            disabled={outreach}
            options={(settings.data?.activityTypes ?? []).map((v) => ({ value: v, label: v }))}
            data-testid="activity-type"
          />
        </Form.Item>
        <Space wrap size={12} style={{ display: 'flex' }}>
          <Form.Item name="date" label={t('form.date')} rules={[{ required: true }]}>
            <DatePicker allowClear={false} />
          </Form.Item>
          <Form.Item name="time" label={t('form.time')} rules={[{ required: true }]}>
            <TimePicker.RangePicker format="HH:mm" minuteStep={5} allowClear={false} />
          </Form.Item>
          <Form.Item name="hours" label={t('form.hours')} rules={[{ required: true }]}>
            <InputNumber min={0.5} max={40} step={0.5} style={{ width: 100 }} />
          </Form.Item>
        </Space>
        {settings.data?.credit.activityCap != null && (
          <Typography.Paragraph type="secondary" style={{ marginTop: -8 }}>
            {t('form.capHint', { cap: settings.data.credit.activityCap })}
          </Typography.Paragraph>
        )}
        <Form.Item name="place" label={t('form.place')}>
          <Input maxLength={60} />
        </Form.Item>
        <Form.Item name="host" label={t('form.host')}>
          <Input maxLength={40} placeholder={t('form.hostPlaceholder')} />
        </Form.Item>
        {!outreach && (
          <>
            <Typography.Text strong>{t('form.audience')}</Typography.Text>
            <Typography.Paragraph type="secondary">{t('form.audienceHint')}</Typography.Paragraph>
            <Space wrap size={12} style={{ display: 'flex' }}>
              <Form.Item name="subjects" label={t('form.subjects')}>
                <Select
                  mode="multiple"
                  allowClear
                  options={SUBJECTS.map((s) => ({ value: s, label: s }))}
                  style={{ minWidth: 200 }}
                />
              </Form.Item>
              <Form.Item name="stages" label={t('form.stages')}>
                <Select
                  mode="multiple"
                  allowClear
                  options={STAGES.map((s) => ({ value: s, label: s }))}
                  style={{ minWidth: 160 }}
                />
              </Form.Item>
            </Space>
          </>
        )}
        <Form.Item name="description" label={t('form.description')}>
          <Input.TextArea rows={4} maxLength={2000} showCount />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
