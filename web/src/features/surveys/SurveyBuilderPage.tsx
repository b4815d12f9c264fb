// The survey builder (/surveys/new, /surveys/:id/edit): a needs survey (培训需求调研, before
// planning, to an audience by stage, subject, area, school and years of service) or a competency
// self-assessment (scored items by dimension). Checked against the same schema as the server before
// saving; saved as a draft, or saved and published (invitations go out).
import { SendOutlined } from '@ant-design/icons';
import { type SurveyBody, type SurveySection, surveyBody } from '@shixun/common';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Radio,
  Row,
  Select,
  Space,
  Switch,
} from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { PageHeader } from '../../components/PageHeader';
import { PageError, PageLoading } from '../../components/PageState';
import { useSchoolOptions } from '../../components/SchoolSelect';
import { ApiError } from '../../lib/http';
import { useDictionaryOptions } from '../dictionaries/dictionaries.api';
import { useAreas } from '../org/org.api';
import { newQuestion, problemsOf, SectionsEditor } from './SectionsEditor';
import { useSaveSurvey, useSurvey, useSurveyAction } from './surveys.api';

const blank = (kind: SurveyBody['kind']): SurveyBody => {
  const year = new Date().getFullYear() + (kind === 'needs' ? 1 : 0);
  const sections: SurveySection[] = [{ title: '', questions: [] }];
  sections[0]!.questions.push(newQuestion(sections, kind === 'needs' ? 'multiple' : 'rating'));
  if (kind === 'needs') sections[0]!.questions[0]!.topic = true;
  return {
    kind,
    title: '',
    intro: '',
    anonymous: false,
    year,
    audience: { stages: [], subjects: [], areaIds: [], schoolIds: [] },
    closesOn: null,
    sections,
  };
};

export default function SurveyBuilderPage() {
  const { t } = useTranslation('surveys');
  const params = useParams();
  const id = params.id ? Number(params.id) : null;
  const existing = useSurvey(id);
  if (id != null && existing.isLoading) return <PageLoading />;
  if (id != null && !existing.data) return <PageError error={existing.error} onRetry={() => existing.refetch()} />;
  const s = existing.data;
  if (s && (s.kind === 'satisfaction' || s.isTemplate))
    return <PageError error={new Error(t('builder.templateElsewhere'))} />;
  const initial: SurveyBody | null = s
    ? {
        kind: s.kind as SurveyBody['kind'],
        title: s.title,
        intro: s.intro ?? '',
        anonymous: s.anonymous,
        year: s.year,
        audience: s.audience,
        closesOn: s.closesOn,
        sections: s.sections,
      }
    : null;
  return <Builder key={id ?? 'new'} id={id} initial={initial} locked={!!s && s.status !== 'draft'} />;
}

function Builder({ id, initial, locked }: { id: number | null; initial: SurveyBody | null; locked: boolean }) {
  const { t } = useTranslation('surveys');
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const [body, setBody] = useState<SurveyBody>(initial ?? blank('needs'));
  const [problems, setProblems] = useState<{ byQuestion: Record<string, string>; general: string[] }>({
    byQuestion: {},
    general: [],
  });
  const save = useSaveSurvey();
  const act = useSurveyAction();
  const areas = useAreas();
  const schools = useSchoolOptions();
  const stages = useDictionaryOptions('stage', body.audience.stages);
  const subjects = useDictionaryOptions('subject', body.audience.subjects);
  const set = (patch: Partial<SurveyBody>) => setBody((b) => ({ ...b, ...patch }));
  const setAudience = (patch: Partial<SurveyBody['audience']>) =>
    setBody((b) => ({ ...b, audience: { ...b.audience, ...patch } }));

  useEffect(() => {
    if (problems.general.length || Object.keys(problems.byQuestion).length)
      document.querySelector('[data-problems]')?.scrollIntoView({ behavior: 'smooth', block: 'center' });
  }, [problems]);

  const label = (key: string) => t(`field.${key}`, { defaultValue: key });

  const check = (): SurveyBody | null => {
    const parsed = surveyBody.safeParse(body);
    if (parsed.success) {
      setProblems({ byQuestion: {}, general: [] });
      return parsed.data;
    }
    setProblems(problemsOf(body.sections, parsed.error.issues, label));
    return null;
  };

  const submit = async (publish: boolean) => {
    const checked = check();
    if (!checked) return;
    try {
      const saved = await save.mutateAsync({ id, body: checked });
      if (!publish) {
        message.success(t('builder.saved'));
        if (id == null) navigate(`/surveys/${saved.id}/edit`, { replace: true });
        return;
      }
      modal.confirm({
        title: t('list.confirm.publish', { title: checked.title }),
        content: t('list.confirm.publishHint'),
        onOk: () =>
          act.mutateAsync({ id: saved.id, action: 'publish' }).then(
            (r) => {
              message.success(t('list.published', { n: r.invited ?? 0 }));
              navigate('/surveys');
            },
            (e: Error) => message.error(e.message),
          ),
        onCancel: () => {
          if (id == null) navigate(`/surveys/${saved.id}/edit`, { replace: true });
        },
      });
    } catch (e) {
      if (e instanceof ApiError && e.fields) {
        setProblems(
          problemsOf(
            body.sections,
            Object.entries(e.fields).map(([k, v]) => ({
              path: k.split('.').map((x) => (/^\d+$/.test(x) ? Number(x) : x)),
              message: v,
            })),
            label,
          ),
        );
      } else message.error((e as Error).message);
    }
  };

  const general = problems.general;
  const count = general.length + Object.keys(problems.byQuestion).length;
  return (
    <div style={{ maxWidth: 960 }}>
      <PageHeader
        title={id == null ? t('builder.createTitle') : t('builder.editTitle')}
        sub={t('builder.sub')}
        extra={
          <>
            <Button onClick={() => navigate('/surveys')}>{t('common:action.cancel')}</Button>
            <Button onClick={() => submit(false)} loading={save.isPending} disabled={locked} data-testid="survey-save">
              {t('builder.saveDraft')}
            </Button>
            <Button
              type="primary"
              icon={<SendOutlined />}
              onClick={() => submit(true)}
              loading={save.isPending || act.isPending}
              disabled={locked}
              data-testid="survey-save-publish"
            >
              {t('builder.savePublish')}
            </Button>
          </>
        }
      />
      {locked && <Alert type="info" showIcon title={t('builder.locked')} style={{ marginBottom: 16 }} />}
      {count > 0 && (
        <div data-problems>
          <Alert
            type="error"
            showIcon
            title={t('builder.problems', { n: count })}
            description={general.length ? general.map((g) => <div key={g}>{g}</div>) : undefined}
            style={{ marginBottom: 16 }}
          />
        </div>
      )}
      <fieldset disabled={locked} style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
        <Card size="small" title={t('builder.basics')} style={{ marginBottom: 16 }}>
          <Form layout="vertical" component="div">
            <Form.Item label={t('field.kind')}>
              <Radio.Group
                value={body.kind}
                onChange={(e) => {
                  const kind = e.target.value as SurveyBody['kind'];
                  // an untouched draft follows the kind's defaults
                  if (!body.title && id == null) setBody(blank(kind));
                  else set({ kind });
                }}
                options={[
                  { value: 'needs', label: t('kind.needs') },
                  { value: 'competency', label: t('kind.competency') },
                ]}
              />
            </Form.Item>
            <Row gutter={16}>
              <Col xs={24} md={16}>
                <Form.Item label={t('field.title')} required>
                  <Input
                    value={body.title}
                    maxLength={100}
                    onChange={(e) => set({ title: e.target.value })}
                    placeholder={t('builder.titleHint')}
                    data-testid="survey-title"
                  />
                </Form.Item>
              </Col>
              <Col xs={12} md={4}>
                <Form.Item label={t('field.year')} required>
                  <InputNumber
                    value={body.year}
                    min={2000}
                    max={2100}
                    onChange={(v) => set({ year: v ?? body.year })}
                    style={{ width: '100%' }}
                  />
                </Form.Item>
              </Col>
              <Col xs={12} md={4}>
                <Form.Item label={t('field.closesOn')}>
                  <DatePicker
                    value={body.closesOn ? dayjs(body.closesOn) : null}
                    onChange={(d) => set({ closesOn: d ? d.format('YYYY-MM-DD') : null })}
                    style={{ width: '100%' }}
                  />
                </Form.Item>
              </Col>
            </Row>
            <Form.Item label={t('field.intro')}>
              <Input.TextArea
                value={body.intro ?? ''}
                autoSize={{ minRows: 2, maxRows: 6 }}
                maxLength={2000}
                onChange={(e) => set({ intro: e.target.value })}
              />
            </Form.Item>
            <Space size={8}>
              <Switch
                checked={body.anonymous}
                onChange={(v) => set({ anonymous: v })}
                aria-label={t('field.anonymous')}
              />
              <span>{t('field.anonymous')}</span>
              <span style={{ color: '#595959' }}>{t('builder.anonymousHint')}</span>
            </Space>
          </Form>
        </Card>
        <Card size="small" title={t('builder.audience')} style={{ marginBottom: 16 }}>
          <Form layout="vertical" component="div">
            <Row gutter={16}>
              <Col xs={24} md={12}>
                <Form.Item label={t('field.stages')}>
                  <Select
                    mode="multiple"
                    value={body.audience.stages}
                    options={stages.options}
                    loading={stages.loading}
                    onChange={(v) => setAudience({ stages: v })}
                    placeholder={t('builder.everyone')}
                  />
                </Form.Item>
              </Col>
              <Col xs={24} md={12}>
                <Form.Item label={t('field.subjects')}>
                  <Select
                    mode="multiple"
                    value={body.audience.subjects}
                    options={subjects.options}
                    loading={subjects.loading}
                    showSearch={{ optionFilterProp: 'label' }}
                    onChange={(v) => setAudience({ subjects: v })}
                    placeholder={t('builder.everyone')}
                  />
                </Form.Item>
              </Col>
              <Col xs={24} md={12}>
                <Form.Item label={t('field.areas')}>
                  <Select
                    mode="multiple"
                    value={body.audience.areaIds}
                    options={(areas.data?.items ?? []).map((a) => ({ value: a.id, label: a.name }))}
                    onChange={(v) => setAudience({ areaIds: v })}
                    placeholder={t('builder.everyone')}
                    loading={areas.isLoading}
                  />
                </Form.Item>
              </Col>
              <Col xs={24} md={12}>
                <Form.Item label={t('field.schools')}>
                  <Select
                    mode="multiple"
                    value={body.audience.schoolIds}
                    showSearch={{ optionFilterProp: 'label' }}
                    options={(schools.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
                    onChange={(v) => setAudience({ schoolIds: v })}
                    placeholder={t('builder.everyone')}
                    loading={schools.isLoading}
                  />
                </Form.Item>
              </Col>
              <Col xs={24} md={12}>
                <Form.Item label={t('field.years')}>
                  <Space>
                    <InputNumber
                      min={0}
                      max={60}
                      value={body.audience.minYears}
                      onChange={(v) => setAudience({ minYears: v ?? undefined })}
                      placeholder={t('builder.minYears')}
                      aria-label={t('builder.minYears')}
                    />
                    —
                    <InputNumber
                      min={0}
                      max={60}
                      value={body.audience.maxYears}
                      onChange={(v) => setAudience({ maxYears: v ?? undefined })}
                      placeholder={t('builder.maxYears')}
                      aria-label={t('builder.maxYears')}
                    />
                    {t('builder.yearsUnit')}
                  </Space>
                </Form.Item>
              </Col>
            </Row>
          </Form>
        </Card>
        <SectionsEditor
          sections={body.sections}
          onChange={(sections) => set({ sections })}
          mode={body.kind}
          problems={problems.byQuestion}
        />
      </fieldset>
    </div>
  );
}
