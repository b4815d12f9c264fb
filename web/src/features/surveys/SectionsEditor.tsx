// The question editor of the survey builder and the satisfaction template: sections, each with
// questions of six types (single, multiple, 1–5 rating, 0–10 NPS, matrix, text), required or not,
// options and matrix rows, a self-assessment's points and dimensions, a needs survey's topics, a
// satisfaction survey's per-trainer ratings. Questions move up and down, within and across sections.
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import {
  QUESTION_TYPES,
  type QuestionType,
  SATISFACTION_DIMENSIONS,
  type SurveyQuestion,
  type SurveySection,
} from '@shixun/common';
import { Button, Card, Checkbox, Dropdown, Input, InputNumber, Select, Space, Switch, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

export type EditorMode = 'needs' | 'competency' | 'satisfaction';

/** A fresh id unused in the survey: q1, q2 … (or o1, o2 … among a question's options). */
function nextId(used: Iterable<string>, prefix: string): string {
  let max = 0;
  for (const id of used) {
    const m = new RegExp(`^${prefix}(\\d+)$`).exec(id);
    if (m) max = Math.max(max, Number(m[1]));
  }
  return `${prefix}${max + 1}`;
}

const allIds = (sections: SurveySection[]) => sections.flatMap((s) => s.questions.map((q) => q.id));

export function newQuestion(sections: SurveySection[], type: QuestionType): SurveyQuestion {
  const id = nextId(allIds(sections), 'q');
  const base: SurveyQuestion = { id, type, title: '', required: type !== 'text' };
  if (type === 'single' || type === 'multiple')
    return {
      ...base,
      options: [
        { value: 'o1', label: '' },
        { value: 'o2', label: '' },
      ],
    };
  if (type === 'matrix') return { ...base, rows: [{ value: 'r1', label: '' }] };
  return base;
}

interface Props {
  sections: SurveySection[];
  onChange: (sections: SurveySection[]) => void;
  mode: EditorMode;
  /** Question id → its first problem; `section:<i>` → a section's. */
  problems?: Record<string, string>;
}

export function SectionsEditor({ sections, onChange, mode, problems = {} }: Props) {
  const { t } = useTranslation('surveys');
  const setSection = (i: number, s: SurveySection) => onChange(sections.map((x, j) => (j === i ? s : x)));
  const dimensions = [
    ...new Set(sections.flatMap((s) => s.questions.map((q) => q.dimension).filter((d): d is string => !!d))),
  ];

  /** Moves a question one place up or down, into the neighbouring section at a section's edge. */
  const move = (si: number, qi: number, dir: -1 | 1) => {
    const next = sections.map((s) => ({ ...s, questions: [...s.questions] }));
    const [q] = next[si]!.questions.splice(qi, 1);
    const target = qi + dir;
    if (target >= 0 && target <= next[si]!.questions.length) next[si]!.questions.splice(target, 0, q!);
    else if (dir < 0 && si > 0) next[si - 1]!.questions.push(q!);
    else if (dir > 0 && si < next.length - 1) next[si + 1]!.questions.unshift(q!);
    else next[si]!.questions.splice(qi, 0, q!);
    onChange(next);
  };

  let number = 0;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      {sections.map((s, si) => (
        <Card
          // biome-ignore lint/suspicious/noArrayIndexKey: sections have no id; their order is their identity
          key={si}
          size="small"
          data-testid={`section-${si}`}
          title={
            <Input
              value={s.title}
              placeholder={t('builder.sectionTitle', { n: si + 1 })}
              variant="borderless"
              onChange={(e) => setSection(si, { ...s, title: e.target.value })}
              style={{ fontWeight: 600, paddingInline: 0 }}
              aria-label={t('builder.sectionTitle', { n: si + 1 })}
            />
          }
          extra={
            sections.length > 1 && (
              <Tooltip title={t('builder.removeSection')}>
                <Button
                  type="text"
                  danger
                  icon={<DeleteOutlined />}
                  aria-label={t('builder.removeSection')}
                  onClick={() => onChange(sections.filter((_, j) => j !== si))}
                />
              </Tooltip>
            )
          }
          styles={{ body: { background: '#fafafa' } }}
        >
          <Input.TextArea
            value={s.description ?? ''}
            placeholder={t('builder.sectionDescription')}
            autoSize={{ minRows: 1, maxRows: 4 }}
            onChange={(e) => setSection(si, { ...s, description: e.target.value || undefined })}
            style={{ marginBottom: 12 }}
          />
          {problems[`section:${si}`] && (
            <Typography.Text type="danger" style={{ display: 'block', marginBottom: 8 }}>
              {problems[`section:${si}`]}
            </Typography.Text>
          )}
          <Space orientation="vertical" size={12} style={{ width: '100%' }}>
            {s.questions.map((q, qi) => {
              number += 1;
              return (
                <QuestionEditor
                  key={q.id}
                  q={q}
                  n={number}
                  mode={mode}
                  dimensions={dimensions}
                  problem={problems[q.id]}
                  first={si === 0 && qi === 0}
                  last={si === sections.length - 1 && qi === s.questions.length - 1}
                  onMove={(dir) => move(si, qi, dir)}
                  onRemove={() => setSection(si, { ...s, questions: s.questions.filter((x) => x.id !== q.id) })}
                  onChange={(nq) =>
                    setSection(si, { ...s, questions: s.questions.map((x) => (x.id === q.id ? nq : x)) })
                  }
                />
              );
            })}
          </Space>
          <Dropdown
            trigger={['click']}
            menu={{
              items: QUESTION_TYPES.map((type) => ({ key: type, label: t(`type.${type}`) })),
              onClick: ({ key }) =>
                setSection(si, { ...s, questions: [...s.questions, newQuestion(sections, key as QuestionType)] }),
            }}
          >
            <Button icon={<PlusOutlined />} style={{ marginTop: 12 }} data-testid={`add-question-${si}`}>
              {t('builder.addQuestion')}
            </Button>
          </Dropdown>
        </Card>
      ))}
      <Button
        type="dashed"
        block
        icon={<PlusOutlined />}
        onClick={() => onChange([...sections, { title: '', questions: [newQuestion(sections, 'single')] }])}
        data-testid="add-section"
      >
        {t('builder.addSection')}
      </Button>
    </Space>
  );
}

function QuestionEditor({
  q,
  n,
  mode,
  dimensions,
  problem,
  first,
  last,
  onMove,
  onRemove,
  onChange,
}: {
  q: SurveyQuestion;
  n: number;
  mode: EditorMode;
  dimensions: string[];
  problem?: string;
  first: boolean;
  last: boolean;
  onMove: (dir: -1 | 1) => void;
  onRemove: () => void;
  onChange: (q: SurveyQuestion) => void;
}) {
  const { t } = useTranslation('surveys');
  const set = (patch: Partial<SurveyQuestion>) => {
    const next = { ...q, ...patch };
    for (const [k, v] of Object.entries(patch)) if (v === undefined) delete (next as Record<string, unknown>)[k];
    onChange(next);
  };
  const changeType = (type: QuestionType) => {
    const next: SurveyQuestion = { id: q.id, type, title: q.title, required: q.required };
    if (q.description) next.description = q.description;
    if (q.dimension) next.dimension = q.dimension;
    if (type === 'single' || type === 'multiple') {
      next.options = q.options?.length
        ? q.options
        : [
            { value: 'o1', label: '' },
            { value: 'o2', label: '' },
          ];
      if (q.topic) next.topic = true;
    }
    if (type === 'matrix') next.rows = q.rows?.length ? q.rows : [{ value: 'r1', label: '' }];
    onChange(next);
  };
  const choice = q.type === 'single' || q.type === 'multiple';

  return (
    <Card
      size="small"
      data-testid={`question-editor-${q.id}`}
      style={problem ? { borderColor: '#cf1322' } : undefined}
      title={
        <Space wrap size={8}>
          <Typography.Text strong>{t('builder.questionN', { n })}</Typography.Text>
          <Select<QuestionType>
            value={q.type}
            size="small"
            options={QUESTION_TYPES.map((type) => ({ value: type, label: t(`type.${type}`) }))}
            onChange={changeType}
            style={{ width: 160 }}
            aria-label={t('builder.type')}
          />
          <Space size={4}>
            <Switch
              size="small"
              checked={q.required}
              onChange={(v) => set({ required: v })}
              aria-label={t('builder.required')}
            />
            <Typography.Text>{t('builder.required')}</Typography.Text>
          </Space>
        </Space>
      }
      extra={
        <Space size={0}>
          <Button
            type="text"
            size="small"
            icon={<ArrowUpOutlined />}
            disabled={first}
            aria-label={t('builder.up')}
            onClick={() => onMove(-1)}
          />
          <Button
            type="text"
            size="small"
            icon={<ArrowDownOutlined />}
            disabled={last}
            aria-label={t('builder.down')}
            onClick={() => onMove(1)}
          />
          <Button
            type="text"
            size="small"
            danger
            icon={<DeleteOutlined />}
            aria-label={t('builder.removeQuestion')}
            onClick={onRemove}
          />
        </Space>
      }
    >
      <Input.TextArea
        value={q.title}
        placeholder={t('builder.questionTitle')}
        autoSize={{ minRows: 1, maxRows: 4 }}
        onChange={(e) => set({ title: e.target.value })}
        aria-label={t('builder.questionTitle')}
        data-testid={`question-title-${q.id}`}
      />
      <Input
        value={q.description ?? ''}
        placeholder={t('builder.questionDescription')}
        onChange={(e) => set({ description: e.target.value || undefined })}
        style={{ marginTop: 8 }}
        variant="filled"
      />
      {choice && (
        <ItemsEditor
          items={q.options ?? []}
          prefix="o"
          label={t('builder.option')}
          scored={mode === 'competency'}
          onChange={(options) => set({ options })}
          testId={`options-${q.id}`}
        />
      )}
      {q.type === 'matrix' && (
        <ItemsEditor
          items={q.rows ?? []}
          prefix="r"
          label={t('builder.row')}
          onChange={(rows) => set({ rows: rows.map(({ value, label }) => ({ value, label })) })}
          testId={`rows-${q.id}`}
        />
      )}
      <Space wrap size={16} style={{ marginTop: 10 }}>
        {q.type === 'multiple' && (
          <Space size={6}>
            <Typography.Text>{t('builder.maxChoices')}</Typography.Text>
            <InputNumber
              size="small"
              min={1}
              max={30}
              value={q.maxChoices}
              onChange={(v) => set({ maxChoices: v ?? undefined })}
              placeholder={t('builder.noLimit')}
              style={{ width: 90 }}
            />
          </Space>
        )}
        {mode === 'needs' && choice && (
          <Checkbox checked={!!q.topic} onChange={(e) => set({ topic: e.target.checked || undefined })}>
            {t('builder.topic')}
          </Checkbox>
        )}
        {mode === 'satisfaction' && q.type === 'rating' && (
          <Checkbox checked={!!q.perTrainer} onChange={(e) => set({ perTrainer: e.target.checked || undefined })}>
            {t('builder.perTrainer')}
          </Checkbox>
        )}
        {mode === 'satisfaction' && (q.type === 'rating' || q.type === 'matrix') && (
          <Space size={6}>
            <Typography.Text>{t('builder.dimension')}</Typography.Text>
            <Select
              size="small"
              allowClear
              value={q.dimension}
              options={SATISFACTION_DIMENSIONS.map((d) => ({ value: d, label: t(`dimension.${d}`) }))}
              onChange={(v) => set({ dimension: v ?? undefined })}
              style={{ width: 130 }}
            />
          </Space>
        )}
        {mode === 'competency' && q.type !== 'text' && q.type !== 'nps' && (
          <Space size={6}>
            <Typography.Text>{t('builder.dimension')}</Typography.Text>
            <Select
              size="small"
              mode="tags"
              maxCount={1}
              value={q.dimension ? [q.dimension] : []}
              options={dimensions.map((d) => ({ value: d, label: d }))}
              onChange={(v: string[]) => set({ dimension: v.at(-1)?.slice(0, 40) || undefined })}
              placeholder={t('builder.dimensionHint')}
              style={{ width: 180 }}
            />
          </Space>
        )}
      </Space>
      {problem && (
        <Typography.Text type="danger" style={{ display: 'block', marginTop: 8 }} role="alert">
          {problem}
        </Typography.Text>
      )}
    </Card>
  );
}

type Item = { value: string; label: string; score?: number };

function ItemsEditor({
  items,
  prefix,
  label,
  scored = false,
  onChange,
  testId,
}: {
  items: Item[];
  prefix: string;
  label: string;
  scored?: boolean;
  onChange: (items: Item[]) => void;
  testId: string;
}) {
  const { t } = useTranslation('surveys');
  const set = (i: number, patch: Partial<Item>) => onChange(items.map((x, j) => (j === i ? { ...x, ...patch } : x)));
  return (
    <div style={{ marginTop: 10 }} data-testid={testId}>
      {items.map((o, i) => (
        <div key={o.value} style={{ display: 'flex', gap: 8, marginBottom: 6, alignItems: 'center' }}>
          <Typography.Text type="secondary" style={{ width: 20, flex: '0 0 auto' }}>
            {i + 1}
          </Typography.Text>
          <Input
            value={o.label}
            placeholder={`${label} ${i + 1}`}
            aria-label={`${label} ${i + 1}`}
            onChange={(e) => set(i, { label: e.target.value })}
            maxLength={100}
          />
          {scored && (
            <InputNumber
              value={o.score}
              min={0}
              max={5}
              step={1}
              placeholder={t('builder.points')}
              aria-label={t('builder.points')}
              onChange={(v) => set(i, { score: v ?? undefined })}
              style={{ width: 90, flex: '0 0 auto' }}
            />
          )}
          <Button
            type="text"
            danger
            icon={<DeleteOutlined />}
            aria-label={t('builder.removeItem', { label })}
            onClick={() => onChange(items.filter((_, j) => j !== i))}
          />
        </div>
      ))}
      <Button
        size="small"
        type="dashed"
        icon={<PlusOutlined />}
        onClick={() =>
          onChange([
            ...items,
            {
              value: nextId(
                items.map((x) => x.value),
                prefix,
              ),
              label: '',
            },
          ])
        }
      >
        {t('builder.addItem', { label })}
      </Button>
    </div>
  );
}

/**
 * Issues of the survey's schema as the editor shows them: a question's own (by id), else a
 * section's, else the survey's (with the place named).
 */
export function problemsOf(
  sections: SurveySection[],
  issues: Array<{ path: ReadonlyArray<PropertyKey>; message: string }>,
  fieldLabel: (key: string) => string,
): { byQuestion: Record<string, string>; general: string[] } {
  const byQuestion: Record<string, string> = {};
  const general: string[] = [];
  for (const issue of issues) {
    const p = issue.path.map(String);
    const si = p[0] === 'sections' ? Number(p[1]) : Number.NaN;
    const qi = p[2] === 'questions' ? Number(p[3]) : Number.NaN;
    const q = Number.isInteger(si) && Number.isInteger(qi) ? sections[si]?.questions[qi] : undefined;
    if (q) byQuestion[q.id] ??= issue.message;
    else if (Number.isInteger(si) && p.length > 2) byQuestion[`section:${si}`] ??= issue.message;
    else general.push(p.length && p[0] !== 'sections' ? `${fieldLabel(p.join('.'))}：${issue.message}` : issue.message);
  }
  return { byQuestion, general };
}
