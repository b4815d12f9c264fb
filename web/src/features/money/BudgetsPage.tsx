// Training budgets and their execution: each school's public funds × the county's share = its
// training budget; spent, remaining and execution rate per school (paginated), the county's own
// budget, totals, export. The county admin enters every school's public funds in the table and
// saves them all in one request, or imports the year's sheet (BudgetImportPage); the settings card
// holds the share and the report-back rule.
import { DownloadOutlined, EditOutlined, SaveOutlined, UploadOutlined } from '@ant-design/icons';
import {
  type BudgetRow,
  formatMoney,
  moneyInput,
  TRAINING_SHARE_PRESETS,
  TRAINING_SHARE_SOURCES,
  trainingBudget,
} from '@shixun/common';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Col,
  Drawer,
  Empty,
  Grid,
  Input,
  InputNumber,
  Progress,
  Radio,
  Row,
  Select,
  Space,
  Statistic,
  Switch,
  Table,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { accessOf } from '../../access';
import { fmtInt } from '../../components/format';
import { FilterBar, PageHeader } from '../../components/PageHeader';
import { PageError } from '../../components/PageState';
import { usePaging, useUrlQuery } from '../../components/useUrlQuery';
import { useMe } from '../auth/auth.api';
import {
  exportBudgets,
  useBudgetDetail,
  useBudgets,
  useMoneySettings,
  useSaveBudgets,
  useSaveMoneySettings,
} from './money.api';
import { Money, yuan } from './shared';

const thisYear = () =>
  Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date()));
const pct = (share: string) => `${Number((Number(share) * 100).toFixed(1))}%`;

function RateBar({ rate }: { rate: number | null }) {
  if (rate == null) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <Progress
      percent={Math.min(rate, 100)}
      size="small"
      status={rate > 100 ? 'exception' : 'normal'}
      format={() => `${rate.toFixed(1)}%`}
      style={{ minWidth: 100, margin: 0 }}
    />
  );
}

export default function BudgetsPage() {
  const { t } = useTranslation('money');
  const { message } = App.useApp();
  const me = useMe();
  const access = accessOf(me.data);
  const navigate = useNavigate();
  const uq = useUrlQuery();
  const { page } = usePaging(uq);
  const pageSize = uq.num('pageSize', 50) ?? 50;
  const year = uq.num('year', thisYear()) ?? thisYear();
  const q = uq.str('q');
  const list = useBudgets({ year, page, pageSize, q });
  const save = useSaveBudgets();
  const [editing, setEditing] = useState(false);
  /** schoolId (or 'county') → the edited value; '' clears it. */
  const [edits, setEdits] = useState<Record<string, string>>({});
  const [detail, setDetail] = useState<{ schoolId: number | null; name: string } | null>(null);
  const data = list.data;
  const share = data?.trainingShare ?? '0.100';
  const changed = Object.keys(edits).length;

  // Edits belong to one year: switching years drops them (derived state, reset during render).
  const [editYear, setEditYear] = useState(year);
  if (editYear !== year) {
    setEditYear(year);
    setEdits({});
    setEditing(false);
  }

  const saveAll = async () => {
    if (!changed) {
      message.info(t('budgets.nothingChanged'));
      return;
    }
    for (const v of Object.values(edits)) {
      if (v !== '' && !moneyInput.safeParse(v).success) {
        message.error(moneyInput.safeParse(v).error?.issues[0]?.message ?? '');
        return;
      }
    }
    try {
      const r = await save.mutateAsync({
        year,
        items: Object.entries(edits).map(([k, v]) =>
          k === 'county'
            ? { schoolId: null, amount: v === '' ? null : v }
            : { schoolId: Number(k), publicFunds: v === '' ? null : v },
        ),
      });
      message.success(t('budgets.saved', { n: r.saved }));
      setEdits({});
      setEditing(false);
    } catch (e) {
      message.error((e as Error).message);
    }
  };

  const years = Array.from({ length: 6 }, (_, i) => thisYear() + 1 - i);
  const edited = (key: string, current: string | null) => (key in edits ? edits[key] : (current ?? ''));

  return (
    <div>
      <PageHeader
        title={t('budgets.title')}
        sub={t('budgets.sub', { year, share: pct(share) })}
        extra={
          <>
            <Select
              value={year}
              style={{ width: 110 }}
              onChange={(v) => uq.set({ year: v })}
              options={years.map((y) => ({ value: y, label: t('year', { year: y }) }))}
              aria-label={t('year', { year })}
            />
            <Button icon={<DownloadOutlined />} onClick={() => exportBudgets(year)}>
              {t('budgets.export')}
            </Button>
            {access.can('budgets.configure') && !editing && (
              <Button
                icon={<UploadOutlined />}
                onClick={() => navigate(`/funds/budgets/import?year=${year}`)}
                data-testid="budgets-import"
              >
                {t('budgets.import')}
              </Button>
            )}
            {access.can('budgets.configure') &&
              (editing ? (
                <>
                  <Button
                    onClick={() => {
                      setEdits({});
                      setEditing(false);
                    }}
                  >
                    {t('budgets.cancelEdit')}
                  </Button>
                  <Button
                    type="primary"
                    icon={<SaveOutlined />}
                    loading={save.isPending}
                    onClick={saveAll}
                    data-testid="budgets-save"
                  >
                    {t('budgets.saveAll', { n: changed })}
                  </Button>
                </>
              ) : (
                <Button
                  type="primary"
                  icon={<EditOutlined />}
                  onClick={() => setEditing(true)}
                  data-testid="budgets-edit"
                >
                  {t('budgets.edit')}
                </Button>
              ))}
          </>
        }
      />
      {access.can('budgets.configure') && <SettingsCard year={year} />}
      {data && (
        <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
          {data.county && (
            <Col xs={24} lg={10}>
              <Card size="small" title={t('countyBudget')} style={{ height: '100%' }}>
                <Space wrap size={24}>
                  {editing ? (
                    <div>
                      <Typography.Text type="secondary">{t('budgets.countyAmount')}</Typography.Text>
                      <br />
                      <InputNumber<string>
                        stringMode
                        min="0"
                        precision={2}
                        prefix="¥"
                        style={{ width: 180 }}
                        value={edited('county', data.county.budget) || null}
                        onChange={(v) => setEdits((e) => ({ ...e, county: v ?? '' }))}
                        aria-label={t('budgets.countyAmount')}
                      />
                      <br />
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {t('budgets.countyAmountHint')}
                      </Typography.Text>
                    </div>
                  ) : (
                    <Statistic title={t('budgets.budget')} value={yuan(data.county.budget)} />
                  )}
                  <Statistic title={t('budgets.spent')} value={yuan(data.county.spent)} />
                  <Statistic title={t('budgets.remaining')} value={yuan(data.county.remaining)} />
                </Space>
                <div style={{ marginTop: 8 }}>
                  <RateBar rate={data.county.rate} />
                </div>
              </Card>
            </Col>
          )}
          <Col xs={24} lg={data.county ? 14 : 24}>
            <Card
              size="small"
              title={data.county ? t('budgets.totals') : t('budgets.totalsOwn')}
              style={{ height: '100%' }}
              extra={
                <Typography.Text type="secondary">
                  {t('budgets.schoolsWithBudget', { n: data.totals.schoolsWithBudget, total: data.totals.schools })}
                </Typography.Text>
              }
            >
              <Space wrap size={24}>
                <Statistic title={t('budgets.publicFunds')} value={yuan(data.totals.publicFunds)} />
                <Statistic title={t('budgets.budget')} value={yuan(data.totals.budget)} />
                <Statistic title={t('budgets.spent')} value={yuan(data.totals.spent)} />
                <Statistic title={t('budgets.remaining')} value={yuan(data.totals.remaining)} />
              </Space>
              <div style={{ marginTop: 8 }}>
                <RateBar rate={data.totals.rate} />
              </div>
            </Card>
          </Col>
        </Row>
      )}
      <Card>
        <FilterBar>
          <Input.Search
            allowClear
            style={{ width: 220 }}
            placeholder={t('budgets.search')}
            defaultValue={q}
            onSearch={(v) => uq.set({ q: v })}
          />
          {editing && changed > 0 && (
            <Alert
              type="info"
              showIcon
              style={{ padding: '2px 12px' }}
              title={t('budgets.unsavedHint', { n: changed })}
            />
          )}
        </FilterBar>
        {list.error && !data ? (
          <PageError error={list.error} onRetry={() => list.refetch()} />
        ) : (
          <Table<BudgetRow>
            rowKey={(r) => r.schoolId ?? 0}
            size="middle"
            loading={list.isFetching}
            dataSource={data?.items ?? []}
            scroll={{ x: 940 }}
            locale={{ emptyText: t('budgets.empty') }}
            pagination={{
              current: page,
              pageSize,
              total: data?.total ?? 0,
              pageSizeOptions: [20, 50, 100, 200],
              showTotal: (total) => t('common:total', { total: fmtInt(total) }),
              onChange: (p, ps) => uq.set({ page: p, pageSize: ps }),
            }}
            columns={[
              {
                title: t('budgets.school'),
                dataIndex: 'schoolName',
                fixed: 'left',
                width: 170,
                render: (v: string, r) => (
                  <Button
                    type="link"
                    style={{ padding: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'left' }}
                    onClick={() => setDetail({ schoolId: r.schoolId, name: v })}
                  >
                    {v}
                  </Button>
                ),
              },
              { title: t('budgets.area'), dataIndex: 'areaName', width: 100 },
              {
                title: t('budgets.publicFunds'),
                dataIndex: 'publicFunds',
                align: 'right',
                width: 150,
                render: (v: string | null, r) => {
                  if (!editing) return <Money v={v} />;
                  const key = String(r.schoolId);
                  return (
                    <InputNumber<string>
                      stringMode
                      min="0"
                      precision={2}
                      prefix="¥"
                      style={{ width: 136 }}
                      value={edited(key, v) || null}
                      onChange={(x) => setEdits((e) => ({ ...e, [key]: x ?? '' }))}
                      aria-label={`${r.schoolName} ${t('budgets.publicFunds')}`}
                      data-testid={`funds-${r.schoolId}`}
                    />
                  );
                },
              },
              {
                title: t('budgets.budget'),
                dataIndex: 'budget',
                align: 'right',
                width: 140,
                render: (v: string | null, r) => {
                  const key = String(r.schoolId);
                  if (editing && key in edits) {
                    const e = edits[key]!;
                    const ok = e !== '' && moneyInput.safeParse(e).success;
                    return (
                      <Typography.Text type="warning">
                        {ok ? yuan(trainingBudget(moneyInput.parse(e), share)) : '—'}
                      </Typography.Text>
                    );
                  }
                  return v == null ? (
                    <Typography.Text type="secondary">{t('budgets.noBudget')}</Typography.Text>
                  ) : (
                    <Money v={v} />
                  );
                },
              },
              {
                title: t('budgets.spent'),
                dataIndex: 'spent',
                align: 'right',
                width: 130,
                render: (v: string) => <Money v={v} />,
              },
              {
                title: t('budgets.remaining'),
                dataIndex: 'remaining',
                align: 'right',
                width: 130,
                render: (v: string | null) =>
                  v?.startsWith('-') ? (
                    <Typography.Text type="danger">
                      {t('budgets.overspent')} ¥{formatMoney(v.slice(1))}
                    </Typography.Text>
                  ) : (
                    <Money v={v} />
                  ),
              },
              {
                title: t('budgets.rate'),
                dataIndex: 'rate',
                width: 130,
                render: (v: number | null) => <RateBar rate={v} />,
              },
            ]}
          />
        )}
        <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0, fontSize: 12 }}>
          {t('budgets.rateHint')}
        </Typography.Paragraph>
      </Card>
      <BudgetDetailDrawer year={year} target={detail} onClose={() => setDetail(null)} />
    </div>
  );
}

function SettingsCard({ year }: { year: number }) {
  const { t } = useTranslation('money');
  const { message } = App.useApp();
  const settings = useMoneySettings();
  const save = useSaveMoneySettings();
  const [share, setShare] = useState<string | null>(null);
  const [recompute, setRecompute] = useState(true);
  const current = settings.data?.trainingShare ?? '0.100';
  const value = share ?? current;
  const preset = (TRAINING_SHARE_PRESETS as readonly string[]).includes(value);

  const saveShare = async () => {
    try {
      await save.mutateAsync({ trainingShare: value, recomputeYear: recompute ? year : undefined });
      setShare(null);
      message.success(t('settings.saved'));
    } catch (e) {
      message.error((e as Error).message);
    }
  };
  const toggleGate = async (on: boolean) => {
    try {
      await save.mutateAsync({ requireReportBack: on });
      message.success(t('settings.saved'));
    } catch (e) {
      message.error((e as Error).message);
    }
  };

  return (
    <Card size="small" title={t('settings.title')} style={{ marginBottom: 16 }} loading={settings.isLoading}>
      <Row gutter={[24, 12]}>
        <Col xs={24} lg={13}>
          <Typography.Text strong>{t('settings.share')}</Typography.Text>
          <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'center', margin: '6px 0' }}>
            <Radio.Group
              value={preset ? value : 'custom'}
              onChange={(e) => setShare(e.target.value === 'custom' ? '0.080' : e.target.value)}
              optionType="button"
              options={[
                ...TRAINING_SHARE_PRESETS.map((s) => ({ value: s, label: pct(s) })),
                { value: 'custom', label: t('settings.custom') },
              ]}
            />
            {!preset && (
              <InputNumber<string>
                stringMode
                min="0.1"
                max="50"
                step="0.5"
                suffix="%"
                style={{ width: 110 }}
                value={String(Number((Number(value) * 100).toFixed(1)))}
                onChange={(v) => v && setShare((Number(v) / 100).toFixed(3))}
              />
            )}
            {value !== current && (
              <>
                <Checkbox checked={recompute} onChange={(e) => setRecompute(e.target.checked)}>
                  {t('settings.recompute', { year })}
                </Checkbox>
                <Button type="primary" size="small" loading={save.isPending} onClick={saveShare}>
                  {t('settings.save')}
                </Button>
              </>
            )}
          </div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="share-sources">
            {t('settings.shareHint')}
            {TRAINING_SHARE_PRESETS.map((s) => (
              <span key={s} style={{ display: 'block' }}>
                {t('settings.shareSource', {
                  share: pct(s),
                  document: TRAINING_SHARE_SOURCES[s].document,
                  rule: TRAINING_SHARE_SOURCES[s].rule,
                })}
              </span>
            ))}
          </Typography.Text>
        </Col>
        <Col xs={24} lg={11}>
          <Space align="start">
            <Switch
              checked={settings.data?.requireReportBack ?? true}
              loading={save.isPending}
              onChange={toggleGate}
              aria-label={t('settings.gate')}
              data-testid="gate-switch"
            />
            <div>
              <Typography.Text strong>{t('settings.gate')}</Typography.Text>
              <br />
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('settings.gateHint')}
              </Typography.Text>
            </div>
          </Space>
        </Col>
      </Row>
    </Card>
  );
}

function BudgetDetailDrawer({
  year,
  target,
  onClose,
}: {
  year: number;
  target: { schoolId: number | null; name: string } | null;
  onClose: () => void;
}) {
  const { t } = useTranslation('money');
  const navigate = useNavigate();
  const mobile = !Grid.useBreakpoint().md;
  const d = useBudgetDetail(year, target?.schoolId ?? null, target != null);
  const x = d.data;
  return (
    <Drawer
      open={target != null}
      onClose={onClose}
      size={mobile ? '100%' : 560}
      title={target ? t('budgets.detailTitle', { name: target.name, year }) : ''}
      extra={
        target && (
          <Button
            onClick={() =>
              navigate(
                `/funds/expenses?year=${year}${target.schoolId == null ? '&county=true' : `&schoolId=${target.schoolId}`}`,
              )
            }
          >
            {t('budgets.viewExpenses')}
          </Button>
        )
      }
    >
      {d.error && !x && <PageError error={d.error} onRetry={() => d.refetch()} />}
      {x && (
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          <Space wrap size={24}>
            <Statistic title={t('budgets.budget')} value={yuan(x.budget)} />
            <Statistic title={t('budgets.spent')} value={yuan(x.spent)} />
            <Statistic title={t('budgets.remaining')} value={yuan(x.remaining)} />
          </Space>
          <RateBar rate={x.rate} />
          <Typography.Title level={5} style={{ margin: 0 }}>
            {t('budgets.byCategory')}
          </Typography.Title>
          {x.byCategory.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('budgets.noSpending')} />
          ) : (
            <Table
              size="small"
              pagination={false}
              rowKey="category"
              dataSource={x.byCategory}
              columns={[
                { title: t('expenses.category'), dataIndex: 'category', render: (c: string) => t(`category.${c}`) },
                {
                  title: t('budgets.count', { n: '' }).trim(),
                  dataIndex: 'count',
                  width: 80,
                  render: (n: number) => t('budgets.count', { n }),
                },
                {
                  title: t('expenses.amount'),
                  dataIndex: 'amount',
                  align: 'right',
                  render: (v: string) => <Money v={v} />,
                },
              ]}
            />
          )}
          {x.byProject.length > 0 && (
            <>
              <Typography.Title level={5} style={{ margin: 0 }}>
                {t('budgets.byProject')}
              </Typography.Title>
              <Table
                size="small"
                pagination={false}
                rowKey={(r) => r.projectId ?? 0}
                dataSource={x.byProject}
                columns={[
                  {
                    title: t('expenses.project'),
                    dataIndex: 'projectName',
                    render: (v: string | null) => v ?? t('budgets.noProject'),
                  },
                  {
                    title: t('expenses.amount'),
                    dataIndex: 'amount',
                    align: 'right',
                    render: (v: string) => <Money v={v} />,
                  },
                ]}
              />
            </>
          )}
        </Space>
      )}
    </Drawer>
  );
}
