// One school's yearly audit table (学年度学时审核表): rows by level and source, totals, met/not met;
// the school generates and submits it, the county signs it off or returns it; .xlsx export.
import { ArrowLeftOutlined, DownloadOutlined } from '@ant-design/icons';
import { AUDIT_LEVEL_KEYS, AUDIT_SOURCE_KEYS, type AuditRow, type AuditTable, auditReturnBody } from '@shixun/common';
import {
  Alert,
  App,
  Button,
  Card,
  Empty,
  Form,
  Input,
  Modal,
  Popconfirm,
  Space,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { accessOf } from '../../access';
import { fmtDateTime } from '../../components/format';
import { PageHeader } from '../../components/PageHeader';
import { PageError, PageLoading } from '../../components/PageState';
import { zodRule } from '../../components/zodRule';
import { useMe } from '../auth/auth.api';
import { exportAuditTable, useAuditAction, useAuditTable } from './credit-audit.api';
import { AuditStatusTag, SchoolYearSelect, useYearLabel } from './shared';

const num = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));

export default function AuditTablePage() {
  const { t } = useTranslation('creditAudit');
  const params = useParams();
  const navigate = useNavigate();
  const me = useMe().data;
  const access = accessOf(me);
  const schoolId = /^\d+$/.test(params.schoolId ?? '') ? Number(params.schoolId) : null;
  const year = /^\d{4}$/.test(params.year ?? '') ? Number(params.year) : 0;
  const table = useAuditTable(schoolId, year);
  const yearLabel = useYearLabel();

  if (schoolId === null || !year) return <PageError error={new Error(t('common:state.notFound'))} />;
  if (table.isLoading) return <PageLoading />;
  if (table.error || !table.data) return <PageError error={table.error} onRetry={() => table.refetch()} />;
  const d = table.data;
  const ownSchool = access.schoolAdmin && me?.schoolId === d.schoolId;

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      {!access.schoolAdmin && (
        <Link to={`/credit/audit-tables?year=${year}`}>
          <ArrowLeftOutlined /> {t('action.backToList')}
        </Link>
      )}
      <PageHeader
        title={
          <Space wrap size={8}>
            <span>{d.schoolName}</span>
            <AuditStatusTag status={d.status} />
          </Space>
        }
        sub={`${t('table.title', { year: yearLabel(d.schoolYear) })} · ${d.areaName}`}
        extra={
          <>
            <SchoolYearSelect value={year} onChange={(y) => navigate(`/credit/audit-tables/${d.schoolId}/${y}`)} />
            <Actions table={d} ownSchool={ownSchool} countyAdmin={access.countyAdmin} />
            <Button icon={<DownloadOutlined />} onClick={() => exportAuditTable(d.schoolId, d.schoolYear)}>
              {t('action.export')}
            </Button>
          </>
        }
      />
      {d.status === 'returned' && d.returnReason && (
        <Alert
          type="error"
          showIcon
          title={t('table.returned', { reason: d.returnReason })}
          description={ownSchool ? t('table.returnedHint') : undefined}
          data-testid="audit-returned"
        />
      )}
      <Card size="small">
        <Space orientation="vertical" size={4} style={{ width: '100%' }}>
          <Typography.Text>
            {t('table.range', { start: d.start, end: d.end })}
            {' · '}
            {d.annualMinimum == null
              ? t('table.noRule', { rule: d.ruleName ?? '' })
              : t('table.rule', { min: d.annualMinimum, unit: d.unit, rule: d.ruleName ?? '' })}
          </Typography.Text>
          <Typography.Text type="secondary">
            {d.status === 'none' ? t('table.previewNote') : d.snapshot ? t('table.snapshotNote') : t('table.liveNote')}
          </Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {[
              d.generatedAt && t('table.generated', { name: d.generatedBy ?? '', at: fmtDateTime(d.generatedAt) }),
              d.submittedAt && t('table.submitted', { name: d.submittedBy ?? '', at: fmtDateTime(d.submittedAt) }),
              d.reviewedAt && t('table.reviewed', { name: d.reviewedBy ?? '', at: fmtDateTime(d.reviewedAt) }),
            ]
              .filter(Boolean)
              .join('；')}
          </Typography.Text>
        </Space>
      </Card>
      <RowsTable table={d} />
    </Space>
  );
}

function Actions({
  table: d,
  ownSchool,
  countyAdmin,
}: {
  table: AuditTable;
  ownSchool: boolean;
  countyAdmin: boolean;
}) {
  const { t } = useTranslation('creditAudit');
  const { message } = App.useApp();
  const act = useAuditAction(d.schoolId, d.schoolYear);
  const [returning, setReturning] = useState(false);
  const [form] = Form.useForm<{ reason: string }>();

  const run = async (action: 'generate' | 'submit' | 'sign-off' | 'return', ok: string, reason?: string) => {
    try {
      await act.mutateAsync({ action, reason });
      message.success(ok);
      return true;
    } catch (e) {
      message.error((e as Error).message);
      return false;
    }
  };

  return (
    <>
      {ownSchool && d.status === 'none' && (
        <Button
          type="primary"
          loading={act.isPending}
          onClick={() => run('generate', t('action.generated'))}
          data-testid="audit-generate"
        >
          {t('action.generate')}
        </Button>
      )}
      {ownSchool && (d.status === 'draft' || d.status === 'returned') && (
        <Popconfirm
          title={t('action.submit')}
          description={<div style={{ maxWidth: 280 }}>{t('action.submitConfirm')}</div>}
          okText={t('common:action.confirm')}
          cancelText={t('common:action.cancel')}
          onConfirm={() => run('submit', t('action.submitted'))}
        >
          <Button type="primary" loading={act.isPending} data-testid="audit-submit">
            {t('action.submit')}
          </Button>
        </Popconfirm>
      )}
      {countyAdmin && d.status === 'submitted' && (
        <>
          <Popconfirm
            title={t('action.signOffConfirm', { school: d.schoolName })}
            okText={t('common:action.confirm')}
            cancelText={t('common:action.cancel')}
            onConfirm={() => run('sign-off', t('action.signedOff'))}
          >
            <Button type="primary" loading={act.isPending} data-testid="audit-signoff">
              {t('action.signOff')}
            </Button>
          </Popconfirm>
          <Button danger onClick={() => setReturning(true)} data-testid="audit-return">
            {t('action.return')}
          </Button>
          <Modal
            open={returning}
            title={t('action.returnTitle')}
            okText={t('action.return')}
            okButtonProps={{ danger: true, loading: act.isPending }}
            cancelText={t('common:action.cancel')}
            onCancel={() => setReturning(false)}
            onOk={async () => {
              const { reason } = await form.validateFields();
              if (await run('return', t('action.returnedOk'), reason)) {
                setReturning(false);
                form.resetFields();
              }
            }}
            destroyOnHidden
          >
            <Form form={form} layout="vertical" preserve={false}>
              <Form.Item
                name="reason"
                label={t('action.returnReason')}
                rules={[
                  { required: true, whitespace: true, message: t('action.reasonRequired') },
                  zodRule(auditReturnBody.shape.reason),
                ]}
              >
                <Input.TextArea rows={4} maxLength={500} showCount placeholder={t('action.returnPlaceholder')} />
              </Form.Item>
            </Form>
          </Modal>
        </>
      )}
    </>
  );
}

type Line = AuditRow & { key: string; seq: number | null; label?: string };

function RowsTable({ table: d }: { table: AuditTable }) {
  const { t } = useTranslation('creditAudit');
  const inCredits = d.unit === '学分';
  const hoursCol = (title: string, get: (r: Line) => number, key: string) => ({
    title,
    key,
    align: 'right' as const,
    onHeaderCell: () => ({ style: { whiteSpace: 'nowrap' as const } }),
    render: (_: unknown, r: Line) => {
      const v = get(r);
      return v === 0 ? <Typography.Text type="secondary">0</Typography.Text> : num(v);
    },
  });
  const columns: TableColumnsType<Line> = [
    { title: t('table.seq'), dataIndex: 'seq', width: 56, render: (v: number | null) => v ?? '' },
    {
      title: t('table.name'),
      dataIndex: 'name',
      fixed: 'left',
      render: (v: string, r) =>
        r.seq === null ? <strong>{r.label}</strong> : <Link to={`/teachers/${r.teacherId}`}>{v}</Link>,
      onCell: (r) => (r.seq === null ? { colSpan: 4 } : {}),
    },
    {
      title: t('table.idNumber'),
      dataIndex: 'idNumberMasked',
      render: (v: string) => <span style={{ fontFamily: 'monospace' }}>{v}</span>,
      onCell: (r) => (r.seq === null ? { colSpan: 0 } : {}),
    },
    { title: t('table.subject'), dataIndex: 'subject', onCell: (r) => (r.seq === null ? { colSpan: 0 } : {}) },
    {
      title: t('table.jobTitle'),
      dataIndex: 'title',
      render: (v: string | null) => v ?? '—',
      onCell: (r) => (r.seq === null ? { colSpan: 0 } : {}),
    },
    {
      title: t('table.byLevel'),
      children: AUDIT_LEVEL_KEYS.map((k) => hoursCol(t(`table.level.${k}`), (r) => r.byLevel[k], `l-${k}`)),
    },
    {
      title: t('table.bySource'),
      children: AUDIT_SOURCE_KEYS.map((k) => hoursCol(t(`table.source.${k}`), (r) => r.bySource[k], `s-${k}`)),
    },
    {
      title: t('table.total'),
      key: 'total',
      align: 'right',
      render: (_, r) => <strong>{num(r.total)}</strong>,
    },
    ...(inCredits
      ? [
          {
            title: t('table.counted', { unit: d.unit }),
            key: 'counted',
            align: 'right' as const,
            render: (_: unknown, r: Line) => num(r.counted),
          },
        ]
      : []),
    {
      title: t('table.met'),
      key: 'met',
      render: (_, r) =>
        r.seq === null ? (
          d.annualMinimum == null ? (
            '—'
          ) : (
            t('table.summaryMet', { met: d.totals.met, notMet: d.totals.notMet })
          )
        ) : r.met == null ? (
          '—'
        ) : r.met ? (
          <Tag color="green">{t('table.metYes')}</Tag>
        ) : (
          <Tag color="red">{t('table.metNo')}</Tag>
        ),
    },
  ];
  const lines: Line[] = d.rows.map((r, i) => ({ ...r, key: String(r.teacherId), seq: i + 1 }));
  if (lines.length) {
    lines.push({
      key: 'totals',
      seq: null,
      label: t('table.totalsRow', { n: d.totals.teachers }),
      teacherId: 0,
      name: '',
      idNumberMasked: '',
      subject: '',
      title: null,
      byLevel: d.totals.byLevel,
      bySource: d.totals.bySource,
      total: d.totals.total,
      counted: d.totals.counted,
      met: null,
    });
  }
  return (
    <Card
      title={t('table.summary', { n: d.totals.teachers, hours: num(d.totals.total) })}
      extra={
        d.annualMinimum != null && (
          <Typography.Text type="secondary">
            {t('table.summaryMet', { met: d.totals.met, notMet: d.totals.notMet })}
          </Typography.Text>
        )
      }
      styles={{ body: { padding: 0 } }}
    >
      {lines.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('table.noRows')} style={{ padding: 24 }} />
      ) : (
        <Table<Line>
          rowKey="key"
          size="small"
          bordered
          columns={columns}
          dataSource={lines}
          pagination={false}
          scroll={{ x: 'max-content' }}
          rowClassName={(r) => (r.seq === null ? 'audit-totals-row' : '')}
          data-testid="audit-rows"
        />
      )}
    </Card>
  );
}
