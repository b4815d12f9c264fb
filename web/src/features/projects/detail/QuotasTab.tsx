// 名额: places per school. The county edits the table by hand or fills it from a proposal
// proportional to (eligible) teacher counts with an optional rural weighting, then saves it whole;
// each row shows how many the school nominated and how many were approved.
import { CalculatorOutlined } from '@ant-design/icons';
import type { ProjectDetail, ProjectQuotaRow, QuotaProposal } from '@shixun/common';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Empty,
  Form,
  Input,
  InputNumber,
  Progress,
  Row,
  Select,
  Slider,
  Space,
  Switch,
  Table,
  type TableProps,
  Tag,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fmtInt } from '../../../components/format';
import { PageError } from '../../../components/PageState';
import { useAllocateQuotas, useQuotas, useSaveQuotas } from '../projects.api';

export function QuotasTab({ project: p }: { project: ProjectDetail }) {
  const { t } = useTranslation('projects');
  const { message } = App.useApp();
  const writer = p.can.edit && p.level !== '校培';
  const editable = writer && (p.status === 'published' || p.status === 'enrolling');
  const quotas = useQuotas(p.id, editable);
  const save = useSaveQuotas(p.id);
  const allocate = useAllocateQuotas(p.id);
  const [edits, setEdits] = useState<Map<number, number | null>>(new Map());
  const [proposal, setProposal] = useState<QuotaProposal | null>(null);
  const [ruralWeight, setRuralWeight] = useState(1.5);
  const [eligibleOnly, setEligibleOnly] = useState(true);
  const [total, setTotal] = useState<number | null>(null);
  const [q, setQ] = useState('');
  const [area, setArea] = useState<number | undefined>();
  const [onlyAllocated, setOnlyAllocated] = useState(!editable);
  const [error, setError] = useState<string | null>(null);

  const data = quotas.data;
  const limit = data?.limit ?? null;
  const quotaOf = (r: ProjectQuotaRow) => (edits.has(r.schoolId) ? (edits.get(r.schoolId) ?? null) : r.quota);
  const sum = (data?.items ?? []).reduce((s, r) => s + (quotaOf(r) ?? 0), 0);
  const dirty = edits.size > 0;
  const teachersOf = useMemo(() => new Map(proposal?.items.map((i) => [i.schoolId, i]) ?? []), [proposal]);
  const areas = useMemo(() => {
    const m = new Map<number, string>();
    // Schools without a 学区 (not every county has them) share one entry, 0.
    for (const r of data?.items ?? []) m.set(r.areaId ?? 0, r.areaName ?? '—');
    return [...m].map(([value, label]) => ({ value, label }));
  }, [data]);

  const rows = (data?.items ?? []).filter(
    (r) =>
      (!q || r.schoolName.includes(q.trim())) &&
      (area == null || (r.areaId ?? 0) === area) &&
      (!onlyAllocated || (quotaOf(r) ?? 0) > 0 || r.nominated + r.approved > 0),
  );

  const runAllocate = async () => {
    setError(null);
    try {
      const r = await allocate.mutateAsync({ total: total ?? undefined, ruralWeight, eligibleOnly });
      setProposal(r);
      const next = new Map<number, number | null>();
      const proposed = new Map(r.items.map((i) => [i.schoolId, i.quota]));
      for (const row of data?.items ?? []) next.set(row.schoolId, proposed.get(row.schoolId) ?? 0);
      setEdits(next);
      setOnlyAllocated(false);
      message.info(
        r.shortfall > 0
          ? t('quota.proposedShort', { allocated: r.allocated, total: r.total, shortfall: r.shortfall })
          : t('quota.proposed', { allocated: r.allocated }),
      );
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const submit = async () => {
    setError(null);
    const body = (data?.items ?? [])
      .map((r) => ({ schoolId: r.schoolId, quota: quotaOf(r) ?? 0 }))
      .filter((r) => r.quota > 0);
    try {
      await save.mutateAsync(body);
      setEdits(new Map());
      setProposal(null);
      message.success(t('quota.saved', { n: body.length, sum: body.reduce((s, r) => s + r.quota, 0) }));
    } catch (e) {
      setError((e as Error).message);
    }
  };

  if (quotas.error && !data) return <PageError error={quotas.error} onRetry={() => quotas.refetch()} />;

  const columns: TableProps<ProjectQuotaRow>['columns'] = [
    { title: t('quota.school'), dataIndex: 'schoolName', fixed: 'left' },
    { title: t('quota.area'), dataIndex: 'areaName' },
    {
      title: t('quota.urbanRural'),
      dataIndex: 'urbanRural',
      render: (v: string) => (
        <Tag color={v === '乡村' ? 'green' : 'blue'}>{t(`common:enum.${v}`, { defaultValue: v })}</Tag>
      ),
    },
    ...(proposal
      ? [
          {
            title: eligibleOnly ? t('quota.eligibleTeachers') : t('quota.teachers'),
            key: 'teachers',
            align: 'right' as const,
            render: (_: unknown, r: ProjectQuotaRow) => fmtInt(teachersOf.get(r.schoolId)?.teachers ?? 0),
          },
        ]
      : []),
    {
      title: t('quota.quota'),
      key: 'quota',
      align: 'right',
      render: (_, r) => {
        const v = quotaOf(r);
        const used = r.nominated + r.approved;
        return editable ? (
          <InputNumber
            size="small"
            min={0}
            max={100000}
            precision={0}
            value={v}
            status={v != null && v < used ? 'error' : undefined}
            onChange={(x) => setEdits((m) => new Map(m).set(r.schoolId, x ?? null))}
            style={{ width: 90 }}
            aria-label={t('quota.quotaOf', { school: r.schoolName })}
          />
        ) : (
          fmtInt(v)
        );
      },
    },
    {
      title: t('quota.nominated'),
      dataIndex: 'nominated',
      align: 'right',
      render: (v: number) => (v ? fmtInt(v) : '—'),
    },
    { title: t('quota.approved'), dataIndex: 'approved', align: 'right', render: (v: number) => (v ? fmtInt(v) : '—') },
    {
      title: t('quota.filled'),
      key: 'filled',
      render: (_, r) => {
        const v = quotaOf(r);
        if (!v) return '—';
        return (
          <Progress
            percent={Math.round(((r.nominated + r.approved) / v) * 100)}
            success={{ percent: Math.round((r.approved / v) * 100) }}
            size="small"
            style={{ width: 120, margin: 0 }}
          />
        );
      },
    },
  ];

  return (
    <div>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 16, marginBottom: 12, alignItems: 'center' }}>
        <Typography.Text>
          {t('quota.summary', {
            sum: fmtInt(sum),
            limit: limit != null ? fmtInt(limit) : t('detail.noLimit'),
            nominated: fmtInt(data?.nominated ?? 0),
            approved: fmtInt(data?.approved ?? 0),
          })}
        </Typography.Text>
        {limit != null && sum > limit && <Tag color="red">{t('quota.over', { n: sum - limit })}</Tag>}
        {dirty && <Tag color="orange">{t('quota.unsaved')}</Tag>}
      </div>
      {writer && !editable && (
        <Alert type="info" showIcon title={t('quota.readonlyStatus')} style={{ marginBottom: 12 }} />
      )}
      {editable && (
        <Card size="small" style={{ marginBottom: 12, background: '#fafcff' }}>
          <Form layout="vertical" component="div">
            <Row gutter={16} align="bottom">
              <Col xs={24} sm={8} md={5}>
                <Form.Item label={t('quota.total')} style={{ marginBottom: 8 }}>
                  <InputNumber
                    min={0}
                    max={100000}
                    precision={0}
                    value={total}
                    placeholder={limit != null ? String(limit) : t('quota.totalRequired')}
                    onChange={(v) => setTotal(v)}
                    style={{ width: '100%' }}
                  />
                </Form.Item>
              </Col>
              <Col xs={24} sm={16} md={8}>
                <Form.Item label={t('quota.ruralWeight', { w: ruralWeight.toFixed(1) })} style={{ marginBottom: 8 }}>
                  <Slider
                    min={1}
                    max={3}
                    step={0.1}
                    value={ruralWeight}
                    onChange={setRuralWeight}
                    marks={{ 1: '1.0', 2: '2.0', 3: '3.0' }}
                    aria-label={t('quota.ruralWeightLabel')}
                  />
                </Form.Item>
              </Col>
              <Col xs={24} sm={12} md={6}>
                <Form.Item label={t('quota.eligibleOnly')} style={{ marginBottom: 8 }}>
                  <Switch checked={eligibleOnly} onChange={setEligibleOnly} />
                </Form.Item>
              </Col>
              <Col xs={24} sm={12} md={5}>
                <Form.Item style={{ marginBottom: 8 }}>
                  <Button
                    icon={<CalculatorOutlined />}
                    loading={allocate.isPending}
                    onClick={runAllocate}
                    block
                    data-testid="quota-allocate"
                  >
                    {t('quota.allocate')}
                  </Button>
                </Form.Item>
              </Col>
            </Row>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('quota.allocateHint')}
            </Typography.Text>
          </Form>
        </Card>
      )}
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, marginBottom: 12, justifyContent: 'space-between' }}>
        <Space wrap>
          <Input.Search
            placeholder={t('quota.searchSchool')}
            allowClear
            onSearch={setQ}
            onChange={(e) => !e.target.value && setQ('')}
            style={{ width: 200 }}
          />
          {areas.length > 1 && (
            <Select
              value={area}
              onChange={setArea}
              allowClear
              placeholder={t('quota.area')}
              options={areas}
              style={{ width: 140 }}
            />
          )}
          {editable && (
            <Space size={4}>
              <Switch size="small" checked={onlyAllocated} onChange={setOnlyAllocated} />
              <span>{t('quota.onlyAllocated')}</span>
            </Space>
          )}
        </Space>
        {editable && (
          <Space>
            <Button
              disabled={!dirty}
              onClick={() => {
                setEdits(new Map());
                setProposal(null);
              }}
            >
              {t('quota.discard')}
            </Button>
            <Button type="primary" disabled={!dirty} loading={save.isPending} onClick={submit} data-testid="quota-save">
              {t('quota.save')}
            </Button>
          </Space>
        )}
      </div>
      <Table<ProjectQuotaRow>
        rowKey="schoolId"
        size="small"
        columns={columns}
        dataSource={rows}
        loading={quotas.isFetching}
        scroll={{ x: 'max-content' }}
        pagination={{
          defaultPageSize: 20,
          showSizeChanger: true,
          pageSizeOptions: [20, 50, 100],
          hideOnSinglePage: true,
        }}
        locale={{
          emptyText: quotas.isLoading ? (
            ' '
          ) : (
            <Empty
              image={Empty.PRESENTED_IMAGE_SIMPLE}
              description={editable ? t('quota.emptyWriter') : t('quota.empty')}
            />
          ),
        }}
      />
    </div>
  );
}
