// 学分规则: the county's rule set as a form. Start from a preset (全国通用, 山东, 浙江, 江苏, 四川, a
// source-cap example), edit any value; each value shows the text it rests on (editable too) and a
// mark when it differs from the preset. Validated with the shared schema before saving.
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import {
  ACTIVITY_KINDS,
  CREDIT_SOURCES,
  type CreditRuleSet,
  creditRuleSet,
  LEVELS,
  MODES,
  overriddenPaths,
  presetRules,
  RULE_PRESETS,
  type RulePreset,
} from '@shixun/common';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Form,
  type FormInstance,
  Input,
  InputNumber,
  Row,
  Select,
  Space,
  Switch,
  Tag,
  Typography,
} from 'antd';
import { type ReactNode, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { accessOf } from '../../access';
import { PageHeader } from '../../components/PageHeader';
import { PageError, PageLoading } from '../../components/PageState';
import { ApiError } from '../../lib/http';
import { useMe } from '../auth/auth.api';
import { useDictionaryOptions } from '../dictionaries/dictionaries.api';
import { useCreditRules, useSaveCreditRules } from './credits.api';

type Path = (string | number)[];

export default function RulesPage() {
  const { t } = useTranslation('credits');
  const me = useMe();
  const canEdit = accessOf(me.data).countyAdmin;
  const rules = useCreditRules();
  const save = useSaveCreditRules();
  const { message, modal } = App.useApp();
  const [form] = Form.useForm<CreditRuleSet>();
  const [preset, setPreset] = useState<RulePreset>('national');
  const values = Form.useWatch([], form) as CreditRuleSet | undefined;
  // The preset's notes (cites.notes) have no field until shown: watch the store itself.
  const notes = Form.useWatch(['cites', 'notes'], { form, preserve: true }) as string | undefined;

  useEffect(() => {
    if (rules.data) {
      form.setFieldsValue(rules.data.rules);
      setPreset(rules.data.rules.preset);
    }
  }, [rules.data, form]);

  const changed = useMemo(() => {
    if (!values?.preset) return new Set<string>();
    try {
      return new Set(overriddenPaths({ ...presetRules(values.preset), ...values } as CreditRuleSet));
    } catch {
      return new Set<string>();
    }
  }, [values]);

  if (rules.isLoading) return <PageLoading />;
  if (!rules.data) return <PageError error={rules.error} onRetry={() => rules.refetch()} />;

  const applyPreset = () =>
    modal.confirm({
      title: t('rules.applyPreset'),
      content: t('rules.applyPresetConfirm', { name: t(`preset.${preset}`) }),
      onOk: () => {
        form.resetFields();
        const next = presetRules(preset);
        // The form merges objects: a preset without notes must clear the last one's.
        form.setFieldsValue({ ...next, cites: { notes: '', ...next.cites } });
      },
    });

  const submit = async () => {
    const raw = { ...rules.data!.rules, ...form.getFieldsValue(true) } as CreditRuleSet;
    // A cleared note is no note.
    raw.cites = Object.fromEntries(
      Object.entries(raw.cites ?? {}).filter(([, v]) => typeof v === 'string' && v !== ''),
    );
    const parsed = creditRuleSet.safeParse(raw);
    if (!parsed.success) {
      form.setFields(parsed.error.issues.map((i) => ({ name: i.path as Path as never, errors: [i.message] })));
      message.error(parsed.error.issues[0]?.message ?? t('rules.invalid'));
      return;
    }
    try {
      await save.mutateAsync(parsed.data);
      message.success(t('rules.saved'));
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : String(e));
    }
  };

  const mark = (path: string) =>
    changed.has(path) || [...changed].some((c) => c.startsWith(`${path}.`)) ? (
      <Tag color="orange" style={{ marginInlineStart: 6 }}>
        {t('rules.overridden')}
      </Tag>
    ) : null;

  const cite = (name: Path) => (
    <Form.Item name={name} label={t('rules.cite')} style={{ marginBottom: 8 }}>
      <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={500} style={{ fontSize: 12, color: '#555' }} />
    </Form.Item>
  );

  return (
    <div style={{ maxWidth: 980 }}>
      <PageHeader
        title={t('rules.title')}
        sub={t('rules.sub')}
        extra={
          canEdit && (
            <Button type="primary" onClick={submit} loading={save.isPending} data-testid="rules-save">
              {t('rules.save')}
            </Button>
          )
        }
      />
      {!rules.data.saved && <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('rules.notSaved')} />}
      {!canEdit && <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('rules.readonly')} />}
      {canEdit && (
        <Card size="small" style={{ marginBottom: 12 }}>
          <Space wrap>
            <span>{t('rules.preset')}</span>
            <Select<RulePreset>
              value={preset}
              onChange={setPreset}
              options={RULE_PRESETS.map((p) => ({ value: p, label: t(`preset.${p}`) }))}
              style={{ width: 180 }}
              data-testid="preset-select"
            />
            <Button onClick={applyPreset} data-testid="preset-apply">
              {t('rules.applyPreset')}
            </Button>
            {changed.size > 0 && values?.preset && (
              <Typography.Text type="warning">
                {t('rules.overriddenCount', { n: changed.size, name: t(`preset.${values.preset}`) })}
              </Typography.Text>
            )}
          </Space>
        </Card>
      )}
      <Form form={form} layout="vertical" disabled={!canEdit} initialValues={rules.data.rules}>
        <Form.Item name="preset" hidden>
          <Input />
        </Form.Item>
        {!!notes && (
          <Card size="small" title={t('rules.notes')} style={{ marginBottom: 12 }} data-testid="rules-notes">
            <Form.Item name={['cites', 'notes']} style={{ marginBottom: 0 }}>
              <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} maxLength={500} style={{ fontSize: 13 }} />
            </Form.Item>
          </Card>
        )}
        <Card size="small" title={t('rules.basics')} style={{ marginBottom: 12 }}>
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item name="name" label={t('rules.name')} rules={[{ required: true }]}>
                <Input maxLength={60} />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item
                name="unit"
                label={
                  <>
                    {t('rules.unit')}
                    {mark('unit')}
                  </>
                }
              >
                <Select options={['学时', '学分'].map((u) => ({ value: u, label: t(`unit.${u}`) }))} />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item
                name="creditsPerHour"
                label={
                  <>
                    {t('rules.creditsPerHour')}
                    {mark('creditsPerHour')}
                  </>
                }
              >
                <InputNumber min={0.1} max={10} step={0.1} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          </Row>
          {cite(['cites', 'creditsPerHour'])}
          <Row gutter={16}>
            <Col xs={12} md={6}>
              <Form.Item
                name={['cycle', 'years']}
                label={
                  <>
                    {t('rules.cycleYears')}
                    {mark('cycle.years')}
                  </>
                }
              >
                <InputNumber min={1} max={10} precision={0} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item
                name={['cycle', 'anchorYear']}
                label={
                  <>
                    {t('rules.anchorYear')}
                    {mark('cycle.anchorYear')}
                  </>
                }
                extra={t('rules.anchorHint', { n: values?.cycle?.years ?? 5 })}
              >
                <InputNumber min={1990} max={2100} precision={0} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          </Row>
          {cite(['cites', 'cycle'])}
          <Row gutter={16}>
            <Col xs={12} md={8}>
              <Form.Item
                name="required"
                label={
                  <>
                    {t('rules.required')}
                    {mark('required')}
                  </>
                }
                rules={[{ required: true }]}
              >
                <InputNumber min={1} max={100000} style={{ width: '100%' }} data-testid="rules-required" />
              </Form.Item>
            </Col>
          </Row>
          {cite(['cites', 'required'])}
          <Row gutter={16}>
            <Col xs={12} md={8}>
              <Form.Item
                name="annualMinimum"
                label={
                  <>
                    {t('rules.annualMinimum')}
                    {mark('annualMinimum')}
                  </>
                }
              >
                <InputNumber min={0} max={100000} placeholder={t('rules.none')} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={12} md={8}>
              <Form.Item
                name="itemCap"
                label={
                  <>
                    {t('rules.itemCap')}
                    {mark('itemCap')}
                  </>
                }
              >
                <InputNumber min={0} max={100000} placeholder={t('rules.none')} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          </Row>
          {cite(['cites', 'annualMinimum'])}
        </Card>

        <Card
          size="small"
          title={
            <>
              {t('rules.buckets')}
              {mark('buckets')}
            </>
          }
          style={{ marginBottom: 12 }}
        >
          <Form.List name="buckets">
            {(fields, { add, remove }) => (
              <Space orientation="vertical" size={12} style={{ width: '100%' }}>
                {fields.map((f) => (
                  <BucketEditor key={f.key} index={f.name} form={form} onRemove={() => remove(f.name)} cite={cite} />
                ))}
                {canEdit && (
                  <Button
                    icon={<PlusOutlined />}
                    onClick={() =>
                      add({
                        id: `rule_${fields.length + 1}`,
                        label: '',
                        match: [{ levels: [] }],
                        min: null,
                        cap: null,
                        forPost: null,
                        cite: '',
                      })
                    }
                  >
                    {t('rules.addBucket')}
                  </Button>
                )}
              </Space>
            )}
          </Form.List>
        </Card>

        <Card size="small" title={t('rules.activities')} style={{ marginBottom: 12 }}>
          {ACTIVITY_KINDS.map((k) => (
            <div key={k} style={{ borderBottom: '1px solid #f0f0f0', paddingTop: 8 }}>
              <Typography.Text strong>
                {t(`kind.${k}`)}
                {mark(`activities.${k}`)}
              </Typography.Text>
              <Row gutter={12} style={{ marginTop: 6 }}>
                <Col xs={12} md={6}>
                  <Form.Item name={['activities', k, 'perUnit']} label={t('rules.perUnit')}>
                    <InputNumber min={0} placeholder={t('rules.manual')} style={{ width: '100%' }} />
                  </Form.Item>
                </Col>
                <Col xs={12} md={6}>
                  <Form.Item name={['activities', k, 'unit']} label={t('rules.unitName')}>
                    <Input maxLength={10} />
                  </Form.Item>
                </Col>
                <Col xs={12} md={6}>
                  <Form.Item name={['activities', k, 'itemCap']} label={t('rules.itemCap')}>
                    <InputNumber min={0} placeholder={t('rules.none')} style={{ width: '100%' }} />
                  </Form.Item>
                </Col>
                <Col xs={12} md={6}>
                  <Form.Item name={['activities', k, 'cycleCap']} label={t('rules.cycleCap')}>
                    <InputNumber min={0} placeholder={t('rules.none')} style={{ width: '100%' }} />
                  </Form.Item>
                </Col>
              </Row>
              {cite(['activities', k, 'cite'])}
            </div>
          ))}
        </Card>

        <InductionEditor form={form} mark={mark} cite={cite} />
      </Form>
    </div>
  );
}

function BucketEditor({
  index,
  form,
  onRemove,
  cite,
}: {
  index: number;
  form: FormInstance<CreditRuleSet>;
  onRemove: () => void;
  cite: (name: Path) => ReactNode;
}) {
  const { t } = useTranslation('credits');
  // The county's own training categories and posts (数据字典), and the kinds of other learning.
  const training = useDictionaryOptions('training_category');
  const posts = useDictionaryOptions('post');
  const categories = [...training.options.map((o) => o.value), ...ACTIVITY_KINDS];
  void form;
  return (
    <Card size="small" type="inner" data-testid={`bucket-${index}`}>
      <Row gutter={12}>
        <Col xs={24} md={8}>
          <Form.Item name={[index, 'label']} label={t('rules.bucketLabel')} rules={[{ required: true }]}>
            <Input maxLength={40} />
          </Form.Item>
        </Col>
        <Col xs={12} md={5}>
          <Form.Item name={[index, 'min']} label={t('rules.min')}>
            <InputNumber min={0} placeholder={t('rules.none')} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={12} md={5}>
          <Form.Item name={[index, 'cap']} label={t('rules.cap')}>
            <InputNumber min={0} placeholder={t('rules.none')} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={24} md={6}>
          <Form.Item name={[index, 'forPost']} label={t('rules.forPost')}>
            <Select allowClear placeholder={t('rules.everyone')} options={posts.options} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name={[index, 'id']} hidden>
        <Input />
      </Form.Item>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('rules.matchAny')}
      </Typography.Text>
      <Form.List name={[index, 'match']}>
        {(fields, { add, remove }) => (
          <div>
            {fields.map((f) => (
              <Row key={f.key} gutter={8} style={{ marginTop: 6 }} align="top">
                <Col xs={12} md={6}>
                  <Form.Item name={[f.name, 'levels']} style={{ marginBottom: 6 }}>
                    <Select
                      mode="multiple"
                      allowClear
                      placeholder={t('rules.levels')}
                      options={LEVELS.map((l) => ({ value: l, label: t(`level.${l}`) }))}
                    />
                  </Form.Item>
                </Col>
                <Col xs={12} md={5}>
                  <Form.Item name={[f.name, 'modes']} style={{ marginBottom: 6 }}>
                    <Select
                      mode="multiple"
                      allowClear
                      placeholder={t('rules.modes')}
                      options={MODES.map((m) => ({ value: m, label: m }))}
                    />
                  </Form.Item>
                </Col>
                <Col xs={12} md={5}>
                  <Form.Item name={[f.name, 'sources']} style={{ marginBottom: 6 }}>
                    <Select
                      mode="multiple"
                      allowClear
                      placeholder={t('rules.sources')}
                      options={CREDIT_SOURCES.map((s) => ({ value: s, label: t(`source.${s}`) }))}
                    />
                  </Form.Item>
                </Col>
                <Col xs={10} md={6}>
                  <Form.Item name={[f.name, 'categories']} style={{ marginBottom: 6 }}>
                    <Select
                      mode="tags"
                      allowClear
                      placeholder={t('rules.categories')}
                      options={categories.map((c) => ({ value: c, label: t(`kind.${c}`, { defaultValue: c }) }))}
                    />
                  </Form.Item>
                </Col>
                <Col xs={2} md={2}>
                  {fields.length > 1 && <Button type="text" icon={<DeleteOutlined />} onClick={() => remove(f.name)} />}
                </Col>
              </Row>
            ))}
            <Button size="small" type="dashed" icon={<PlusOutlined />} onClick={() => add({})}>
              {t('rules.addMatch')}
            </Button>
          </div>
        )}
      </Form.List>
      <div style={{ marginTop: 8 }}>{cite([index, 'cite'])}</div>
      <Button danger size="small" icon={<DeleteOutlined />} onClick={onRemove}>
        {t('rules.removeBucket')}
      </Button>
    </Card>
  );
}

function InductionEditor({
  form,
  mark,
  cite,
}: {
  form: FormInstance<CreditRuleSet>;
  mark: (p: string) => ReactNode;
  cite: (name: Path) => ReactNode;
}) {
  const { t } = useTranslation('credits');
  const trainingCategories = useDictionaryOptions('training_category');
  const induction = Form.useWatch('induction', form);
  const on = induction != null;
  return (
    <Card
      size="small"
      title={
        <>
          {t('rules.induction')}
          {mark('induction')}
        </>
      }
      extra={
        <Switch
          checked={on}
          onChange={(v) =>
            form.setFieldValue(
              'induction',
              v
                ? {
                    years: 1,
                    required: 120,
                    categories: ['新教师岗前', '新教师结业/规范化'],
                    practicalMin: null,
                    practicalModes: [],
                    cite: '',
                  }
                : null,
            )
          }
          aria-label={t('rules.inductionOn')}
        />
      }
      style={{ marginBottom: 12 }}
    >
      {on ? (
        <>
          <Row gutter={12}>
            <Col xs={12} md={6}>
              <Form.Item name={['induction', 'years']} label={t('rules.inductionYears')}>
                <InputNumber min={1} max={5} precision={0} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item name={['induction', 'required']} label={t('rules.inductionRequired')}>
                <InputNumber min={0} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item name={['induction', 'practicalMin']} label={t('rules.practicalMin')}>
                <InputNumber min={0} placeholder={t('rules.none')} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item name={['induction', 'practicalModes']} label={t('rules.practicalModes')}>
                <Select mode="multiple" allowClear options={MODES.map((m) => ({ value: m, label: m }))} />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name={['induction', 'categories']} label={t('rules.inductionCategories')}>
            <Select mode="tags" options={trainingCategories.options} />
          </Form.Item>
          {cite(['induction', 'cite'])}
        </>
      ) : (
        <Typography.Text type="secondary">{t('rules.none')}</Typography.Text>
      )}
    </Card>
  );
}
