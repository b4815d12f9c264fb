// Create / edit a training project: every field of `projectBody`, checked with the shared zod schema
// field by field and with `projectProblems` across fields, so the form says what the server would.
import {
  DEFAULT_COMPLETION_RULE,
  type EligibilityInput,
  HONOUR_LEVEL_KEYS,
  isUpperLevel,
  LEVELS,
  type Level,
  MODES,
  ORGANISER_TYPE_LABELS,
  organiserTypeOf,
  type ProjectDetail,
  type ProjectUpdateBody,
  projectBody,
  projectProblems,
  TITLES,
} from '@shixun/common';
import {
  Alert,
  App,
  Button,
  Col,
  DatePicker,
  Divider,
  Drawer,
  Form,
  Grid,
  Input,
  InputNumber,
  Radio,
  Row,
  Select,
  Space,
  Switch,
  Tag,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { accessOf } from '../../access';
import { SchoolSelect } from '../../components/SchoolSelect';
import { zodRule } from '../../components/zodRule';
import { ApiError } from '../../lib/http';
import { useMe } from '../auth/auth.api';
import { useDictionaryOptions } from '../dictionaries/dictionaries.api';
import { useScoreLines } from '../run/run.api';
import { ScoreLinesModal } from '../run/ScoreLinesModal';
import { beijing, LEVEL_COLOR, useProjectLabels } from './labels';
import { useCategories, useSaveProject } from './projects.api';

interface Props {
  open: boolean;
  /** null → create */
  project: ProjectDetail | null;
  onClose: () => void;
  /** Called with the id after a save (a new project's page opens from here). */
  onSaved?: (id: number) => void;
}

interface FormValues {
  name: string;
  code?: string;
  level: Level;
  category: string;
  mode: string;
  organiser?: string;
  schoolId?: number | null;
  dates: [Dayjs, Dayjs];
  place?: string;
  hours: number;
  capacity?: number | null;
  enrolMode: 'nomination' | 'open';
  enrolDeadline?: Dayjs | null;
  eligibility: {
    stages?: string[];
    subjects?: string[];
    tags?: string[];
    minYears?: number | null;
    maxYears?: number | null;
    newTeachersOnly?: boolean;
    posts?: string[];
    minTitle?: string | null;
    minHonourLevel?: string | null;
  };
  minAttendancePct: number;
  requirePass: boolean;
  passScore?: number | null;
  excellentScore?: number | null;
  budget?: number | null;
  upperQuota?: number | null;
  description?: string;
}

/** Categories that are a post's own training, and the posts they are for. */
const POSTS_OF_CATEGORY: Record<string, string[]> = {
  班主任: ['班主任'],
  中层干部: ['中层干部'],
  '校长任职资格/提高': ['校长', '副校长'],
  园长: ['园长', '副园长'],
};

const shape = projectBody.shape;
const blank = (s: string | undefined | null) => {
  const v = (s ?? '').trim();
  return v === '' ? null : v;
};

/** Server/shared-rule field names → the form's field paths. */
function fieldPath(key: string): (string | number)[] {
  if (key === 'startDate' || key === 'endDate') return ['dates'];
  if (key === 'completionRule.minAttendanceRate') return ['minAttendancePct'];
  if (key === 'completionRule.requirePass') return ['requirePass'];
  if (key === 'completionRule.passScore') return ['passScore'];
  if (key === 'completionRule.excellentScore') return ['excellentScore'];
  if (key === 'organiserType') return ['level'];
  return key.split('.');
}

export function ProjectFormDrawer({ open, project, onClose, onSaved }: Props) {
  const { t } = useTranslation('projects');
  const { message } = App.useApp();
  const me = useMe().data;
  const access = accessOf(me);
  const [form] = Form.useForm<FormValues>();
  const save = useSaveProject();
  const categories = useCategories();
  const labels = useProjectLabels();
  const screens = Grid.useBreakpoint();
  const [formError, setFormError] = useState<string | null>(null);
  const schoolOnly = !access.countyAdmin; // a school admin plans 校培 of their own school only
  const level = Form.useWatch('level', form) as Level | undefined;
  const enrolMode = Form.useWatch('enrolMode', form);
  const countyLines = useScoreLines(open);
  const [editingLines, setEditingLines] = useState(false);

  useEffect(() => {
    if (!open) return;
    setFormError(null);
    form.resetFields();
    if (project) {
      form.setFieldsValue({
        name: project.name,
        code: project.code ?? undefined,
        level: project.level,
        category: project.category,
        mode: project.mode,
        organiser: project.organiser ?? undefined,
        schoolId: project.schoolId,
        dates: [dayjs(project.startDate), dayjs(project.endDate)],
        place: project.place ?? undefined,
        hours: project.hours,
        capacity: project.capacity,
        enrolMode: project.enrolMode,
        enrolDeadline: project.enrolDeadline ? beijing(project.enrolDeadline) : null,
        eligibility: {
          stages: project.eligibility.stages ?? [],
          subjects: project.eligibility.subjects ?? [],
          tags: project.eligibility.tags ?? [],
          minYears: project.eligibility.minYears ?? null,
          maxYears: project.eligibility.maxYears ?? null,
          newTeachersOnly: project.eligibility.newTeachersOnly ?? false,
          posts: project.eligibility.posts ?? [],
          minTitle: project.eligibility.minTitle ?? null,
          minHonourLevel: project.eligibility.minHonourLevel ?? null,
        },
        minAttendancePct: Math.round(project.completionRule.minAttendanceRate * 100),
        requirePass: project.completionRule.requirePass,
        passScore: project.completionRule.passScore ?? null,
        excellentScore: project.completionRule.excellentScore ?? null,
        budget: project.budget,
        upperQuota: project.upperQuota,
        description: project.description ?? undefined,
      });
    } else if (schoolOnly && me?.schoolId) {
      form.setFieldsValue({ level: '校培', schoolId: me.schoolId, organiser: me.schoolName ?? undefined });
    }
  }, [open, project, form, schoolOnly, me]);

  const categoryOptions = useMemo(() => {
    const items = (categories.data?.items ?? []).filter((c) => !c.archived || c.name === project?.category);
    const opts = items.map((c) => ({ value: c.name, label: c.name }));
    if (project && !opts.some((o) => o.value === project.category))
      opts.unshift({ value: project.category, label: project.category });
    return opts;
  }, [categories.data, project]);

  const enumOpts = (vals: readonly string[]) => vals.map((v) => ({ value: v, label: labels.enumLabel(v) }));
  // Eligibility lists come from the county's dictionaries; a project's own values stay offered.
  const rule = project?.eligibility;
  const stages = useDictionaryOptions('stage', rule?.stages ?? []);
  const subjects = useDictionaryOptions('subject', rule?.subjects ?? []);
  const honours = useDictionaryOptions('honour', rule?.tags ?? []);
  const posts = useDictionaryOptions('post', rule?.posts ?? []);

  const toBody = (v: FormValues): ProjectUpdateBody => {
    const lvl = v.level;
    return {
      name: v.name.trim(),
      code: blank(v.code),
      level: lvl,
      category: v.category,
      mode: v.mode as ProjectUpdateBody['mode'],
      organiserType: organiserTypeOf(lvl),
      organiser: blank(v.organiser),
      schoolId: lvl === '校培' ? (v.schoolId ?? null) : null,
      startDate: v.dates[0].format('YYYY-MM-DD'),
      endDate: v.dates[1].format('YYYY-MM-DD'),
      place: blank(v.place),
      hours: v.hours,
      capacity: v.capacity ?? null,
      enrolMode: v.enrolMode,
      // Deadlines are Beijing wall-clock times, like session times.
      enrolDeadline: v.enrolDeadline ? `${v.enrolDeadline.format('YYYY-MM-DDTHH:mm')}:00+08:00` : null,
      eligibility: {
        stages: v.eligibility.stages?.length ? (v.eligibility.stages as never) : undefined,
        subjects: v.eligibility.subjects?.length ? (v.eligibility.subjects as never) : undefined,
        tags: v.eligibility.tags?.length ? (v.eligibility.tags as never) : undefined,
        minYears: v.eligibility.minYears ?? null,
        maxYears: v.eligibility.maxYears ?? null,
        newTeachersOnly: v.eligibility.newTeachersOnly || undefined,
        posts: v.eligibility.posts?.length ? (v.eligibility.posts as EligibilityInput['posts']) : undefined,
        minTitle: (v.eligibility.minTitle as EligibilityInput['minTitle']) ?? null,
        minHonourLevel: (v.eligibility.minHonourLevel as EligibilityInput['minHonourLevel']) ?? null,
      },
      completionRule: {
        minAttendanceRate: (v.minAttendancePct ?? 0) / 100,
        requirePass: !!v.requirePass,
        passScore: v.passScore ?? null,
        excellentScore: v.excellentScore ?? null,
      },
      budget: v.budget ?? null,
      upperQuota: isUpperLevel(lvl) ? (v.upperQuota ?? null) : null,
      description: blank(v.description),
    };
  };

  const placeErrors = (fields: Record<string, string>) => {
    const entries = Object.entries(fields);
    form.setFields(entries.map(([k, err]) => ({ name: fieldPath(k) as never, errors: [err] })));
    if (entries[0]) form.scrollToField(fieldPath(entries[0][0]) as never, { block: 'center' });
  };

  const submit = async (v: FormValues) => {
    setFormError(null);
    const body = toBody(v);
    const problems = projectProblems({
      level: body.level!,
      organiserType: body.organiserType!,
      schoolId: body.schoolId ?? null,
      startDate: body.startDate!,
      endDate: body.endDate!,
      enrolDeadline: body.enrolDeadline ?? null,
      eligibility: body.eligibility ?? {},
      upperQuota: body.upperQuota ?? null,
    });
    if (Object.keys(problems).length) {
      placeErrors(problems);
      setFormError(t('form.fixErrors'));
      return;
    }
    try {
      const r = await save.mutateAsync({ id: project?.id, body });
      message.success(project ? t('common:state.saved') : t('form.created'));
      onClose();
      onSaved?.(r.id);
    } catch (e) {
      if (e instanceof ApiError && e.fields && Object.keys(e.fields).length) {
        placeErrors(e.fields);
        setFormError(e.message);
      } else setFormError((e as Error).message);
    }
  };

  const half = screens.md ? 12 : 24;
  const third = screens.md ? 8 : 24;

  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={project ? t('form.editTitle', { name: project.name }) : t('form.createTitle')}
      size={screens.md ? 760 : '100%'}
      destroyOnHidden
      footer={
        <Space style={{ width: '100%', justifyContent: 'flex-end' }}>
          <Button onClick={onClose}>{t('common:action.cancel')}</Button>
          <Button type="primary" loading={save.isPending} onClick={() => form.submit()} data-testid="project-save">
            {t('common:action.save')}
          </Button>
        </Space>
      }
    >
      {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} />}
      <Form<FormValues>
        form={form}
        layout="vertical"
        onFinish={submit}
        onFinishFailed={() => setFormError(t('form.fixErrors'))}
        scrollToFirstError
        initialValues={{
          level: '县培',
          mode: '集中面授',
          enrolMode: 'nomination',
          minAttendancePct: Math.round(DEFAULT_COMPLETION_RULE.minAttendanceRate * 100),
          requirePass: DEFAULT_COMPLETION_RULE.requirePass,
          eligibility: { newTeachersOnly: false },
        }}
      >
        <Divider titlePlacement="start" style={{ marginTop: 0 }}>
          {t('form.sectionBasic')}
        </Divider>
        <Row gutter={16}>
          <Col span={screens.md ? 16 : 24}>
            <Form.Item
              name="name"
              label={t('field.name')}
              rules={[{ required: true, message: t('form.nameRequired') }, zodRule(shape.name)]}
            >
              <Input maxLength={100} placeholder={t('form.namePlaceholder')} />
            </Form.Item>
          </Col>
          <Col span={screens.md ? 8 : 24}>
            <Form.Item name="code" label={t('field.code')} rules={[zodRule(shape.code)]} extra={t('form.codeHint')}>
              <Input maxLength={40} />
            </Form.Item>
          </Col>
          <Col span={third}>
            <Form.Item
              name="level"
              label={t('field.level')}
              rules={[{ required: true, message: t('form.levelRequired') }]}
            >
              <Select
                disabled={schoolOnly}
                options={LEVELS.map((l) => ({
                  value: l,
                  label: <Tag color={LEVEL_COLOR[l]}>{labels.level(l)}</Tag>,
                }))}
                onChange={(l: Level) => {
                  if (l !== '校培') form.setFieldValue('schoolId', null);
                  if (!isUpperLevel(l)) form.setFieldValue('upperQuota', null);
                }}
              />
            </Form.Item>
          </Col>
          <Col span={third}>
            <Form.Item
              name="category"
              label={t('field.category')}
              rules={[{ required: true, message: t('form.categoryRequired') }]}
            >
              <Select
                showSearch={{ optionFilterProp: 'label' }}
                loading={categories.isLoading}
                options={categoryOptions}
                onChange={(c: string) => {
                  // A post's own training (班主任, 中层干部, 校长, 园长) suggests its post, unless one is chosen.
                  const posts = POSTS_OF_CATEGORY[c];
                  if (posts && !form.getFieldValue(['eligibility', 'posts'])?.length)
                    form.setFieldValue(['eligibility', 'posts'], posts);
                }}
              />
            </Form.Item>
          </Col>
          <Col span={third}>
            <Form.Item
              name="mode"
              label={t('field.mode')}
              rules={[{ required: true, message: t('form.modeRequired') }]}
            >
              <Select options={MODES.map((m) => ({ value: m, label: labels.mode(m) }))} />
            </Form.Item>
          </Col>
          <Col span={half}>
            <Form.Item
              name="organiser"
              label={
                <Space size={4}>
                  {t('field.organiser')}
                  {level && (
                    <Tag>
                      {t(`organiserType.${organiserTypeOf(level)}`, {
                        defaultValue: ORGANISER_TYPE_LABELS[organiserTypeOf(level)],
                      })}
                    </Tag>
                  )}
                </Space>
              }
              extra={t('form.organiserHint')}
              rules={[zodRule(shape.organiser)]}
            >
              <Input
                maxLength={100}
                placeholder={t(`form.organiserPlaceholder.${level ? organiserTypeOf(level) : 'county'}`)}
              />
            </Form.Item>
          </Col>
          {level === '校培' && (
            <Col span={half}>
              <Form.Item
                name="schoolId"
                label={t('field.school')}
                rules={[{ required: true, message: t('form.schoolRequired') }]}
              >
                <SchoolSelect disabled={schoolOnly} />
              </Form.Item>
            </Col>
          )}
        </Row>

        <Divider titlePlacement="start">{t('form.sectionTime')}</Divider>
        <Row gutter={16}>
          <Col span={half}>
            <Form.Item
              name="dates"
              label={t('field.dates')}
              rules={[{ required: true, message: t('form.datesRequired') }]}
            >
              <DatePicker.RangePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={screens.md ? 6 : 12}>
            <Form.Item
              name="hours"
              label={t('field.hours')}
              rules={[{ required: true, message: t('form.hoursRequired') }, zodRule(shape.hours)]}
            >
              <InputNumber min={0.5} max={9999} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={screens.md ? 6 : 12}>
            <Form.Item name="capacity" label={t('field.capacity')} rules={[zodRule(shape.capacity)]}>
              <InputNumber
                min={1}
                max={100000}
                precision={0}
                style={{ width: '100%' }}
                placeholder={t('form.noLimit')}
              />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="place" label={t('field.place')} rules={[zodRule(shape.place)]}>
              <Input maxLength={200} />
            </Form.Item>
          </Col>
        </Row>

        <Divider titlePlacement="start">{t('form.sectionEnrol')}</Divider>
        <Row gutter={16}>
          <Col span={half}>
            <Form.Item
              name="enrolMode"
              label={t('field.enrolMode')}
              extra={t(`form.enrolModeHint.${enrolMode ?? 'nomination'}`)}
            >
              <Radio.Group
                optionType="button"
                options={[
                  { value: 'nomination', label: t('enrolMode.nomination') },
                  { value: 'open', label: t('enrolMode.open') },
                ]}
              />
            </Form.Item>
          </Col>
          <Col span={half}>
            <Form.Item name="enrolDeadline" label={t('field.enrolDeadline')} extra={t('form.deadlineHint')}>
              <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          {level && isUpperLevel(level) && (
            <Col span={half}>
              <Form.Item
                name="upperQuota"
                label={t('field.upperQuota')}
                extra={t('form.upperQuotaHint')}
                rules={[zodRule(shape.upperQuota)]}
              >
                <InputNumber min={0} max={100000} precision={0} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          )}
        </Row>

        <Divider titlePlacement="start">{t('form.sectionEligibility')}</Divider>
        <Row gutter={16}>
          <Col span={half}>
            <Form.Item name={['eligibility', 'stages']} label={t('field.stages')}>
              <Select mode="multiple" allowClear options={stages.options} placeholder={t('form.any')} />
            </Form.Item>
          </Col>
          <Col span={half}>
            <Form.Item name={['eligibility', 'subjects']} label={t('field.subjects')}>
              <Select
                mode="multiple"
                allowClear
                options={subjects.options}
                showSearch={{ optionFilterProp: 'label' }}
                placeholder={t('form.any')}
                maxTagCount="responsive"
              />
            </Form.Item>
          </Col>
          <Col span={half}>
            <Form.Item name={['eligibility', 'tags']} label={t('field.tags')} extra={t('form.tagsHint')}>
              <Select
                mode="multiple"
                allowClear
                options={honours.options}
                showSearch={{ optionFilterProp: 'label' }}
                placeholder={t('form.any')}
              />
            </Form.Item>
          </Col>
          <Col span={screens.md ? 6 : 12}>
            <Form.Item name={['eligibility', 'minYears']} label={t('field.minYears')}>
              <InputNumber min={0} max={60} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={screens.md ? 6 : 12}>
            <Form.Item
              name={['eligibility', 'maxYears']}
              label={t('field.maxYears')}
              dependencies={[['eligibility', 'minYears']]}
            >
              <InputNumber min={0} max={60} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={half}>
            <Form.Item name={['eligibility', 'posts']} label={t('field.posts')} extra={t('form.postsHint')}>
              <Select
                mode="multiple"
                allowClear
                options={posts.options}
                placeholder={t('form.any')}
                data-testid="eligibility-posts"
              />
            </Form.Item>
          </Col>
          <Col span={half}>
            <Form.Item name={['eligibility', 'minTitle']} label={t('field.minTitle')} extra={t('form.minTitleHint')}>
              <Select
                allowClear
                options={enumOpts(TITLES)}
                placeholder={t('form.any')}
                data-testid="eligibility-title"
              />
            </Form.Item>
          </Col>
          <Col span={half}>
            <Form.Item
              name={['eligibility', 'minHonourLevel']}
              label={t('field.minHonourLevel')}
              extra={t('form.minHonourHint')}
            >
              <Select
                allowClear
                options={HONOUR_LEVEL_KEYS.map((k) => ({ value: k, label: t(`form.honourLevel.${k}`) }))}
                placeholder={t('form.any')}
              />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item
              name={['eligibility', 'newTeachersOnly']}
              label={t('field.newTeachersOnly')}
              valuePropName="checked"
              extra={t('form.newTeachersHint')}
            >
              <Switch />
            </Form.Item>
          </Col>
        </Row>

        <Divider titlePlacement="start">{t('form.sectionCompletion')}</Divider>
        <Row gutter={16}>
          <Col span={half}>
            <Form.Item
              name="minAttendancePct"
              label={t('field.minAttendance')}
              rules={[{ required: true, message: t('form.minAttendanceRequired') }]}
            >
              <InputNumber min={0} max={100} precision={0} suffix="%" style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={half}>
            <Form.Item name="requirePass" label={t('field.requirePass')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
          <Col span={half}>
            <Form.Item
              name="passScore"
              label={t('field.passScore')}
              extra={t('form.scoreLineHint', { value: countyLines.data?.passScore ?? 60 })}
            >
              <InputNumber
                min={0}
                max={100}
                precision={1}
                style={{ width: '100%' }}
                placeholder={String(countyLines.data?.passScore ?? 60)}
              />
            </Form.Item>
          </Col>
          <Col span={half}>
            <Form.Item
              name="excellentScore"
              label={t('field.excellentScore')}
              extra={t('form.scoreLineHint', { value: countyLines.data?.excellentScore ?? 85 })}
              dependencies={['passScore']}
              rules={[
                ({ getFieldValue }) => ({
                  validator: (_, value: number | null) => {
                    const pass = getFieldValue('passScore') ?? countyLines.data?.passScore ?? 60;
                    return value == null || value >= pass
                      ? Promise.resolve()
                      : Promise.reject(new Error(t('form.excellentBelowPass')));
                  },
                }),
              ]}
            >
              <InputNumber
                min={0}
                max={100}
                precision={1}
                style={{ width: '100%' }}
                placeholder={String(countyLines.data?.excellentScore ?? 85)}
              />
            </Form.Item>
          </Col>
          {access.countyAdmin && (
            <Col span={24}>
              <Button type="link" style={{ padding: 0, marginTop: -16 }} onClick={() => setEditingLines(true)}>
                {t('form.editCountyLines')}
              </Button>
            </Col>
          )}
        </Row>
        <ScoreLinesModal open={editingLines} onClose={() => setEditingLines(false)} />

        <Divider titlePlacement="start">{t('form.sectionOther')}</Divider>
        <Row gutter={16}>
          <Col span={half}>
            <Form.Item name="budget" label={t('field.budget')} rules={[zodRule(shape.budget)]}>
              <InputNumber min={0} precision={2} style={{ width: '100%' }} suffix={t('form.yuan')} />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="description" label={t('field.description')} rules={[zodRule(shape.description)]}>
              <Input.TextArea rows={4} maxLength={5000} showCount />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Drawer>
  );
}
