// The rubric editor (/evaluations/new, /evaluations/:id/edit): the platform's computed indicators
// (each with its formula) and manual items scored by inspectors, their weights (shown as shares),
// the 优秀/合格 lines, an optional 优秀 quota per group, and the school groups (中学组/小学组/幼儿园组)
// ranked apart. Checked against the server's schema before saving.
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import {
  type EvaluationBody,
  type EvaluationIndicator,
  evaluationBody,
  isManualKey,
  MANUAL_PREFIX,
  manualName,
} from '@shixun/common';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Col,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { PageHeader } from '../../components/PageHeader';
import { PageError, PageLoading } from '../../components/PageState';
import { ApiError } from '../../lib/http';
import { useDictionaryOptions } from '../dictionaries/dictionaries.api';
import { useEvaluation, useIndicators, useSaveEvaluation } from './evaluations.api';

/** The county year-end review's groups, as a starting point. */
const DEFAULT_GROUPS: NonNullable<EvaluationBody['groups']> = [
  { name: '中学组', schoolTypes: ['初中', '九年一贯制', '十二年一贯制', '完全中学', '高中', '职业高中'] },
  { name: '小学组', schoolTypes: ['小学', '教学点', '特殊教育'] },
  { name: '幼儿园组', schoolTypes: ['幼儿园'] },
];

const blank = (): EvaluationBody => {
  const year = new Date().getFullYear();
  return {
    year,
    name: `${year}年度学校教师培训工作考评`,
    groups: DEFAULT_GROUPS,
    indicators: [
      { key: 'coverage', weight: 20 },
      { key: 'completion', weight: 15 },
      { key: 'pass', weight: 15 },
      { key: 'excellent', weight: 10 },
      { key: 'reportBack', weight: 15 },
      { key: 'spendShare', weight: 10 },
      { key: 'manual:校本研修与特色工作', weight: 15 },
    ],
    bands: { 优秀: 85, 合格: 60 },
    excellentQuota: null,
  };
};

export default function RubricPage() {
  const params = useParams();
  const id = params.id ? Number(params.id) : null;
  const existing = useEvaluation(id);
  const indicators = useIndicators();
  if ((id != null && existing.isLoading) || indicators.isLoading) return <PageLoading />;
  if (id != null && !existing.data) return <PageError error={existing.error} onRetry={() => existing.refetch()} />;
  if (!indicators.data) return <PageError error={indicators.error} onRetry={() => indicators.refetch()} />;
  const e = existing.data;
  const initial: EvaluationBody = e
    ? {
        year: e.year,
        name: e.name,
        groups: e.groups,
        indicators: e.indicators.map(({ key, weight }) => ({ key, weight })),
        bands: e.bands,
        excellentQuota: e.excellentQuota,
      }
    : blank();
  return (
    <Editor
      key={id ?? 'new'}
      id={id}
      initial={initial}
      registry={indicators.data.items}
      published={e?.status === 'published'}
      computed={e?.status === 'computed'}
    />
  );
}

function Editor({
  id,
  initial,
  registry,
  published,
  computed,
}: {
  id: number | null;
  initial: EvaluationBody;
  registry: Array<{ key: string; label: string; formula: string }>;
  published: boolean;
  computed: boolean;
}) {
  const { t } = useTranslation('evaluations');
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [body, setBody] = useState<EvaluationBody>(initial);
  const [problems, setProblems] = useState<string[]>([]);
  const [newManual, setNewManual] = useState('');
  const save = useSaveEvaluation();
  const set = (patch: Partial<EvaluationBody>) => setBody((b) => ({ ...b, ...patch }));
  const weightOf = (key: string) => body.indicators.find((i) => i.key === key)?.weight;
  const total = body.indicators.reduce((s, i) => s + (i.weight || 0), 0);
  const setIndicators = (indicators: EvaluationIndicator[]) => set({ indicators });
  const toggle = (key: string, on: boolean) =>
    setIndicators(on ? [...body.indicators, { key, weight: 10 }] : body.indicators.filter((i) => i.key !== key));
  const setWeight = (key: string, weight: number) =>
    setIndicators(body.indicators.map((i) => (i.key === key ? { ...i, weight } : i)));
  const groups = body.groups ?? [];
  const grouped = new Set(groups.flatMap((g) => g.schoolTypes));
  // The county's school types (its dictionary), and any a group still names.
  const schoolTypes = useDictionaryOptions('school_type', [...grouped]).options.map((o) => o.value);
  const typeLabel = (s: string) => t(`common:enum.${s}`, { defaultValue: s });
  const ungrouped = schoolTypes.filter((s) => !grouped.has(s));
  const manuals = body.indicators.filter((i) => isManualKey(i.key));

  const submit = async () => {
    const parsed = evaluationBody.safeParse(body);
    if (!parsed.success) {
      setProblems(parsed.error.issues.map((i) => i.message));
      return;
    }
    setProblems([]);
    try {
      const saved = await save.mutateAsync({ id, body: parsed.data });
      message.success(computed ? t('rubric.savedRecompute') : t('rubric.saved'));
      navigate(`/evaluations/${saved.id}`);
    } catch (e) {
      if (e instanceof ApiError)
        setProblems([e.message, ...Object.values(e.fields ?? {}).filter((m) => m !== e.message)]);
      else message.error((e as Error).message);
    }
  };

  const share = (w: number | undefined) => (w && total ? `${Math.round((w / total) * 1000) / 10}%` : '—');

  return (
    <div style={{ maxWidth: 1080 }}>
      <PageHeader
        title={id == null ? t('rubric.createTitle') : t('rubric.editTitle')}
        sub={t('rubric.sub')}
        extra={
          <>
            <Button onClick={() => navigate(id == null ? '/evaluations' : `/evaluations/${id}`)}>
              {t('common:action.cancel')}
            </Button>
            <Button
              type="primary"
              onClick={submit}
              loading={save.isPending}
              disabled={published}
              data-testid="rubric-save"
            >
              {t('common:action.save')}
            </Button>
          </>
        }
      />
      {published && <Alert type="info" showIcon title={t('rubric.published')} style={{ marginBottom: 16 }} />}
      {computed && <Alert type="warning" showIcon title={t('rubric.computedHint')} style={{ marginBottom: 16 }} />}
      {problems.length > 0 && (
        <Alert
          type="error"
          showIcon
          title={t('rubric.problems')}
          description={problems.map((p) => <div key={p}>{p}</div>)}
          style={{ marginBottom: 16 }}
        />
      )}
      <Card size="small" title={t('rubric.basics')} style={{ marginBottom: 16 }}>
        <Form layout="vertical" component="div">
          <Row gutter={16}>
            <Col xs={24} md={6}>
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
            <Col xs={24} md={18}>
              <Form.Item label={t('field.name')} required>
                <Input
                  value={body.name}
                  maxLength={80}
                  onChange={(e) => set({ name: e.target.value })}
                  data-testid="rubric-name"
                />
              </Form.Item>
            </Col>
          </Row>
        </Form>
      </Card>

      <Card size="small" title={t('rubric.indicators')} style={{ marginBottom: 16 }}>
        <Typography.Paragraph strong style={{ marginBottom: 4 }}>
          {t('rubric.totalWeight', { n: total })}
        </Typography.Paragraph>
        <Typography.Paragraph type="secondary">{t('rubric.indicatorsHint')}</Typography.Paragraph>
        <Table
          rowKey="key"
          size="small"
          pagination={false}
          scroll={{ x: 'max-content' }}
          dataSource={registry}
          columns={[
            {
              title: t('rubric.use'),
              key: 'use',
              width: 60,
              render: (_, r) => (
                <Checkbox
                  checked={weightOf(r.key) != null}
                  onChange={(e) => toggle(r.key, e.target.checked)}
                  aria-label={r.label}
                  data-testid={`indicator-${r.key}`}
                />
              ),
            },
            {
              title: t('rubric.indicator'),
              key: 'label',
              render: (_, r) => (
                <Space orientation="vertical" size={0}>
                  <Typography.Text strong>{r.label}</Typography.Text>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {r.key}
                  </Typography.Text>
                </Space>
              ),
            },
            {
              title: t('rubric.formula'),
              dataIndex: 'formula',
              render: (v: string) => <div style={{ maxWidth: 460, whiteSpace: 'normal' }}>{v}</div>,
            },
            {
              title: t('rubric.weight'),
              key: 'weight',
              width: 110,
              render: (_, r) =>
                weightOf(r.key) != null && (
                  <InputNumber
                    min={1}
                    max={1000}
                    value={weightOf(r.key)}
                    onChange={(v) => setWeight(r.key, v ?? 1)}
                    aria-label={t('rubric.weightOf', { name: r.label })}
                    data-testid={`weight-${r.key}`}
                    style={{ width: 90 }}
                  />
                ),
            },
            { title: t('rubric.share'), key: 'share', width: 80, render: (_, r) => share(weightOf(r.key)) },
          ]}
        />
        <Typography.Title level={5} style={{ marginTop: 16 }}>
          {t('rubric.manual')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('rubric.manualHint')}</Typography.Paragraph>
        {manuals.map((m) => (
          <Space key={m.key} style={{ marginBottom: 8 }} wrap>
            <Tag color="orange">{t('rubric.manualTag')}</Tag>
            <Typography.Text strong>{manualName(m.key)}</Typography.Text>
            <InputNumber
              min={1}
              max={1000}
              value={m.weight}
              onChange={(v) => setWeight(m.key, v ?? 1)}
              aria-label={t('rubric.weightOf', { name: manualName(m.key) })}
              style={{ width: 90 }}
            />
            <Typography.Text type="secondary">{share(m.weight)}</Typography.Text>
            <Button
              type="text"
              danger
              icon={<DeleteOutlined />}
              aria-label={t('rubric.removeManual', { name: manualName(m.key) })}
              onClick={() => toggle(m.key, false)}
            />
          </Space>
        ))}
        <Space.Compact style={{ width: '100%', maxWidth: 420 }}>
          <Input
            value={newManual}
            maxLength={40}
            placeholder={t('rubric.manualName')}
            onChange={(e) => setNewManual(e.target.value)}
            data-testid="manual-name"
          />
          <Button
            icon={<PlusOutlined />}
            disabled={!newManual.trim() || weightOf(`${MANUAL_PREFIX}${newManual.trim()}`) != null}
            onClick={() => {
              toggle(`${MANUAL_PREFIX}${newManual.trim()}`, true);
              setNewManual('');
            }}
            data-testid="manual-add"
          >
            {t('rubric.addManual')}
          </Button>
        </Space.Compact>
      </Card>

      <Card size="small" title={t('rubric.grading')} style={{ marginBottom: 16 }}>
        <Space wrap size={24}>
          <Space>
            <Tag color="green">{t('grade.优秀')}</Tag>
            <span>≥</span>
            <InputNumber
              min={0}
              max={100}
              value={body.bands.优秀}
              onChange={(v) => set({ bands: { ...body.bands, 优秀: v ?? 0 } })}
              aria-label={t('rubric.excellentLine')}
              data-testid="band-excellent"
            />
          </Space>
          <Space>
            <Tag color="blue">{t('grade.合格')}</Tag>
            <span>≥</span>
            <InputNumber
              min={0}
              max={100}
              value={body.bands.合格}
              onChange={(v) => set({ bands: { ...body.bands, 合格: v ?? 0 } })}
              aria-label={t('rubric.passLine')}
              data-testid="band-pass"
            />
          </Space>
          <Space>
            <Switch
              checked={body.excellentQuota != null}
              onChange={(v) => set({ excellentQuota: v ? 30 : null })}
              aria-label={t('rubric.quota')}
            />
            <span>{t('rubric.quota')}</span>
            {body.excellentQuota != null && (
              <InputNumber
                min={1}
                max={100}
                value={body.excellentQuota}
                suffix="%"
                onChange={(v) => set({ excellentQuota: v ?? 30 })}
                aria-label={t('rubric.quota')}
                style={{ width: 100 }}
              />
            )}
          </Space>
        </Space>
        <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
          {t('rubric.gradingHint')}
        </Typography.Paragraph>
      </Card>

      <Card
        size="small"
        title={t('rubric.groups')}
        extra={
          <Switch
            checked={groups.length > 0}
            onChange={(v) => set({ groups: v ? DEFAULT_GROUPS : [] })}
            aria-label={t('rubric.useGroups')}
          />
        }
      >
        <Typography.Paragraph type="secondary">{t('rubric.groupsHint')}</Typography.Paragraph>
        {groups.map((g, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a group is edited in place, its name may change
          <Row key={i} gutter={8} style={{ marginBottom: 8 }} align="middle">
            <Col xs={24} md={6}>
              <Input
                value={g.name}
                maxLength={30}
                onChange={(e) => set({ groups: groups.map((x, j) => (j === i ? { ...x, name: e.target.value } : x)) })}
                aria-label={t('rubric.groupName')}
              />
            </Col>
            <Col xs={20} md={16}>
              <Select
                mode="multiple"
                value={g.schoolTypes}
                options={schoolTypes.map((s) => ({
                  value: s,
                  label: typeLabel(s),
                  disabled: grouped.has(s) && !g.schoolTypes.includes(s),
                }))}
                onChange={(v) => set({ groups: groups.map((x, j) => (j === i ? { ...x, schoolTypes: v } : x)) })}
                style={{ width: '100%' }}
                aria-label={t('rubric.groupTypes', { name: g.name })}
              />
            </Col>
            <Col xs={4} md={2}>
              <Button
                type="text"
                danger
                icon={<DeleteOutlined />}
                aria-label={t('rubric.removeGroup', { name: g.name })}
                onClick={() => set({ groups: groups.filter((_, j) => j !== i) })}
              />
            </Col>
          </Row>
        ))}
        {groups.length > 0 && (
          <Space wrap>
            <Button
              icon={<PlusOutlined />}
              onClick={() =>
                set({ groups: [...groups, { name: t('rubric.newGroup', { n: groups.length + 1 }), schoolTypes: [] }] })
              }
            >
              {t('rubric.addGroup')}
            </Button>
            {ungrouped.length > 0 && (
              <Typography.Text type="secondary">
                {t('rubric.ungrouped', { types: ungrouped.map(typeLabel).join('、') })}
              </Typography.Text>
            )}
          </Space>
        )}
      </Card>
    </div>
  );
}
