// Create or edit a teacher in a Drawer. The ID number is checked here with the same rule as the server
// (checkIdNumber), so the Chinese reason shows before saving; birth date and gender follow from it.
import { checkIdNumber, STAGES_BY_SCHOOL_TYPE, type TeacherBody, type TeacherDetail } from '@shixun/common';
import { Alert, App, Button, Col, DatePicker, Drawer, Form, Grid, Input, Row, Select, Space, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { SchoolSelect, useSchoolOptions } from '../../components/SchoolSelect';
import { ApiError } from '../../lib/http';
import { useDictionaryOptions } from '../dictionaries/dictionaries.api';
import { useDateFormat, useEnumLabel } from './format';
import { type TeacherUpdate, useCreateTeacher, useUpdateTeacher } from './teachers.api';

interface FormValues {
  name: string;
  idNumber?: string;
  phone?: string;
  schoolId?: number;
  stage?: string;
  subject?: string;
  title?: string;
  degree?: string;
  hireDate?: Dayjs | null;
  posts?: string[];
  tags?: string[];
}

type Props = {
  open: boolean;
  onClose: () => void;
  /** a school to preselect (school admins, or the list filtered by school) */
  defaultSchoolId?: number | null;
  onSaved?: (teacher: TeacherDetail) => void;
} & ({ mode: 'create'; teacher?: undefined } | { mode: 'edit'; teacher: TeacherDetail });

export function TeacherFormDrawer(props: Props) {
  const { open, onClose, mode, teacher, defaultSchoolId, onSaved } = props;
  const { t } = useTranslation('teachers');
  const { message } = App.useApp();
  const enumLabel = useEnumLabel();
  const fmt = useDateFormat();
  const screens = Grid.useBreakpoint();
  const [form] = Form.useForm<FormValues>();
  const create = useCreateTeacher();
  const update = useUpdateTeacher(teacher?.id ?? 0);
  const saving = create.isPending || update.isPending;
  const schools = useSchoolOptions(open);

  const idNumber = Form.useWatch('idNumber', form);
  const schoolId = Form.useWatch('schoolId', form);
  const derived = useMemo(() => (idNumber?.trim() ? checkIdNumber(idNumber) : null), [idNumber]);
  const schoolType = schools.data?.find((s) => s.id === schoolId)?.type;
  const usualStages = schoolType ? STAGES_BY_SCHOOL_TYPE[schoolType] : undefined;
  // The county's dictionaries; the teacher's own values stay offered even if retired since.
  const stages = useDictionaryOptions('stage', [teacher?.stage]);
  const subjects = useDictionaryOptions('subject', [teacher?.subject]);
  const titles = useDictionaryOptions('title', [teacher?.title]);
  const degrees = useDictionaryOptions('degree', [teacher?.degree]);
  const posts = useDictionaryOptions('post', teacher?.posts ?? []);
  const honours = useDictionaryOptions('honour', teacher?.tags ?? []);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (mode === 'edit') {
      form.setFieldsValue({
        name: teacher.name,
        phone: teacher.phone ?? undefined,
        stage: teacher.stage,
        subject: teacher.subject,
        title: teacher.title ?? undefined,
        degree: teacher.degree ?? undefined,
        hireDate: teacher.hireDate ? dayjs(teacher.hireDate) : null,
        posts: teacher.posts,
        tags: teacher.tags,
      });
    } else if (defaultSchoolId) {
      form.setFieldsValue({ schoolId: defaultSchoolId });
    }
  }, [open, mode, teacher, defaultSchoolId, form]);

  // Picking a school that teaches a single stage fills the stage in (still editable).
  useEffect(() => {
    if (mode === 'create' && usualStages?.length === 1 && !form.getFieldValue('stage')) {
      form.setFieldsValue({ stage: usualStages[0] });
    }
  }, [mode, usualStages, form]);

  async function submit(v: FormValues) {
    const id = v.idNumber?.trim() ? checkIdNumber(v.idNumber) : null;
    const common = {
      name: v.name.trim(),
      phone: v.phone?.trim() || null,
      stage: v.stage as TeacherBody['stage'],
      subject: v.subject as TeacherBody['subject'],
      title: (v.title ?? null) as TeacherBody['title'],
      degree: (v.degree ?? null) as TeacherBody['degree'],
      hireDate: v.hireDate ? v.hireDate.format('YYYY-MM-DD') : null,
      posts: (v.posts ?? []) as TeacherBody['posts'],
      tags: (v.tags ?? []) as TeacherBody['tags'],
    };
    try {
      let saved: TeacherDetail;
      if (mode === 'create') {
        saved = await create.mutateAsync({
          ...common,
          idNumber: id?.ok ? id.value : (v.idNumber ?? ''),
          gender: id?.ok ? id.gender : undefined,
          schoolId: v.schoolId as number,
        });
        message.success(t('form.created', { name: saved.name }));
      } else {
        const body: TeacherUpdate = { ...common };
        if (id?.ok) {
          body.idNumber = id.value;
          body.gender = id.gender;
        }
        saved = await update.mutateAsync(body);
        message.success(t('form.saved'));
      }
      onSaved?.(saved);
      onClose();
    } catch (e) {
      if (e instanceof ApiError && e.fields && Object.keys(e.fields).length > 0) {
        form.setFields(
          Object.entries(e.fields).map(([name, err]) => ({ name: name as keyof FormValues, errors: [err] })),
        );
        message.error(e.message);
      } else if (e instanceof Error) {
        message.error(e.message);
      }
    }
  }

  const half = { xs: 24, sm: 12 };

  return (
    <Drawer
      open={open}
      onClose={onClose}
      destroyOnHidden
      size={screens.md ? 640 : '100%'}
      title={mode === 'create' ? t('form.createTitle') : t('form.editTitle', { name: teacher.name })}
      footer={
        <Space style={{ display: 'flex', justifyContent: 'flex-end' }}>
          <Button onClick={onClose}>{t('common:action.cancel')}</Button>
          <Button type="primary" loading={saving} onClick={() => form.submit()} data-testid="teacher-save">
            {t('common:action.save')}
          </Button>
        </Space>
      }
    >
      <Form<FormValues> form={form} layout="vertical" onFinish={submit} scrollToFirstError requiredMark>
        {mode === 'create' && <Alert type="info" showIcon title={t('form.accountNote')} style={{ marginBottom: 16 }} />}
        <Row gutter={16}>
          <Col {...half}>
            <Form.Item
              name="name"
              label={t('field.name')}
              rules={[{ required: true, whitespace: true, message: t('form.nameRequired') }, { max: 30 }]}
            >
              <Input autoComplete="off" maxLength={30} />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item
              name="phone"
              label={t('field.phone')}
              rules={[{ pattern: /^1\d{10}$/, message: t('form.phoneInvalid') }]}
            >
              <Input inputMode="numeric" maxLength={11} autoComplete="off" />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item
              name="idNumber"
              label={t('field.idNumber')}
              validateFirst
              rules={[
                { required: mode === 'create', whitespace: true, message: t('form.idRequired') },
                {
                  validator: (_, v?: string) => {
                    if (!v?.trim()) return Promise.resolve();
                    const r = checkIdNumber(v);
                    return r.ok ? Promise.resolve() : Promise.reject(new Error(r.message));
                  },
                },
              ]}
              extra={
                derived?.ok ? (
                  <Typography.Text type="success" data-testid="id-derived">
                    {t('form.derived', { birthDate: fmt.date(derived.birthDate), gender: enumLabel(derived.gender) })}
                  </Typography.Text>
                ) : mode === 'edit' ? (
                  t('form.idKeep', { masked: teacher.idNumberMasked })
                ) : undefined
              }
            >
              <Input
                autoComplete="off"
                maxLength={20}
                style={{ fontFamily: 'monospace' }}
                placeholder={mode === 'edit' ? teacher.idNumberMasked : undefined}
              />
            </Form.Item>
          </Col>
          {mode === 'create' && (
            <Col span={24}>
              <Form.Item
                name="schoolId"
                label={t('field.school')}
                rules={[{ required: true, message: t('form.select') }]}
              >
                <SchoolSelect />
              </Form.Item>
            </Col>
          )}
          <Col {...half}>
            <Form.Item
              name="stage"
              label={t('field.stage')}
              rules={[{ required: true, message: t('form.select') }]}
              extra={
                usualStages && schoolType
                  ? t('form.stageHint', {
                      type: enumLabel(schoolType),
                      stages: usualStages.map((s) => enumLabel(s)).join(t('listSeparator')),
                    })
                  : undefined
              }
            >
              <Select options={stages.options} loading={stages.loading} />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item
              name="subject"
              label={t('field.subject')}
              rules={[{ required: true, message: t('form.select') }]}
            >
              <Select
                options={subjects.options}
                loading={subjects.loading}
                showSearch={{ optionFilterProp: 'label' }}
              />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item name="title" label={t('field.title')}>
              <Select options={titles.options} loading={titles.loading} allowClear />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item name="degree" label={t('field.degree')}>
              <Select options={degrees.options} loading={degrees.loading} allowClear />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item name="hireDate" label={t('field.hireDate')}>
              <DatePicker
                style={{ width: '100%' }}
                disabledDate={(d) => d.isAfter(dayjs(), 'day')}
                inputReadOnly={!screens.md}
              />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item name="posts" label={t('field.posts')}>
              <Select mode="multiple" options={posts.options} allowClear placeholder={t('form.multi')} />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="tags" label={t('field.tags')}>
              <Select
                mode="multiple"
                options={honours.options}
                allowClear
                showSearch={{ optionFilterProp: 'label' }}
                placeholder={t('form.multi')}
              />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Drawer>
  );
}
