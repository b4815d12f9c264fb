// 抽查: the county and area/consortium coordinators draw a sample of a year's closed activities
// (flagged ones first) and record a verdict on each; a failure withdraws the activity's hours. The
// list (pending first) keeps its year, verdict and school in the URL; schools see their own.
import { ExperimentOutlined } from '@ant-design/icons';
import { SPOT_CHECK_VERDICTS, type SpotCheck, type SpotCheckVerdict } from '@shixun/common';
import {
  Alert,
  App,
  Button,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Radio,
  Select,
  Table,
  type TableProps,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { accessOf } from '../../access';
import { fmtInt } from '../../components/format';
import { FilterBar, PageHeader } from '../../components/PageHeader';
import { PageError } from '../../components/PageState';
import { SchoolSelect } from '../../components/SchoolSelect';
import { usePaging, useUrlQuery } from '../../components/useUrlQuery';
import { useMe } from '../auth/auth.api';
import { useDecideSpotCheck, useSampleSpotChecks, useSpotChecks } from './school-research.api';
import { fmtDay, fmtStamp, thisYear, VerdictTag, yearOptions } from './shared';

export default function SpotChecksPage() {
  const { t, i18n } = useTranslation('research');
  const access = accessOf(useMe().data);
  const uq = useUrlQuery();
  const { page, pageSize } = usePaging(uq);
  const year = uq.num('year') ?? thisYear();
  const verdict = SPOT_CHECK_VERDICTS.find((v) => v === uq.str('verdict')) as SpotCheckVerdict | undefined;
  const schoolId = uq.num('schoolId');
  const list = useSpotChecks({ year, verdict, schoolId, page, pageSize });
  const canCheck = access.can('school-research.spot-check');
  const [sampling, setSampling] = useState(false);
  const [deciding, setDeciding] = useState<SpotCheck | null>(null);

  const columns: TableProps<SpotCheck>['columns'] = [
    {
      title: t('col.title'),
      dataIndex: 'activityTitle',
      render: (v: string, r) => <Link to={`/school-research/activities/${r.activityId}`}>{v}</Link>,
    },
    { title: t('col.school'), dataIndex: 'schoolName' },
    { title: t('checks.ended'), dataIndex: 'endsAt', render: (v: string) => fmtDay(v, i18n.language) },
    { title: t('col.spotCheck'), dataIndex: 'verdict', render: (v: SpotCheckVerdict) => <VerdictTag verdict={v} /> },
    { title: t('checks.reason'), dataIndex: 'reason', render: (v: string | null) => v ?? '' },
    {
      title: t('checks.by'),
      key: 'by',
      render: (_, r) => (r.checkedBy ? `${r.checkerRole ?? ''} ${r.checkedBy}` : '—'),
    },
    {
      title: t('checks.at'),
      key: 'at',
      render: (_, r) => fmtStamp(r.decidedAt ?? r.createdAt, i18n.language),
    },
    {
      title: t('checks.reversed'),
      dataIndex: 'reversedEntries',
      align: 'right',
      render: (v: number) => (v ? <Typography.Text type="danger">{fmtInt(v)}</Typography.Text> : '—'),
    },
    ...(canCheck
      ? [
          {
            title: t('common:action.operations'),
            key: 'op',
            fixed: 'right' as const,
            render: (_: unknown, r: SpotCheck) =>
              r.verdict === 'pending' ? (
                <Button size="small" type="link" onClick={() => setDeciding(r)} data-testid={`decide-${r.id}`}>
                  {t('checks.decide')}
                </Button>
              ) : null,
          },
        ]
      : []),
  ];

  return (
    <div>
      <PageHeader
        title={t('checks.title')}
        sub={t('checks.sub')}
        extra={
          canCheck && (
            <Button
              type="primary"
              icon={<ExperimentOutlined />}
              onClick={() => setSampling(true)}
              data-testid="checks-sample"
            >
              {t('checks.sample')}
            </Button>
          )
        }
      />
      <FilterBar>
        <Select value={year} options={yearOptions()} onChange={(v) => uq.set({ year: v })} style={{ width: 100 }} />
        <Select
          value={verdict}
          placeholder={t('filter.verdict')}
          allowClear
          options={SPOT_CHECK_VERDICTS.map((v) => ({ value: v, label: t(`verdict.${v}`) }))}
          onChange={(v) => uq.set({ verdict: v })}
          style={{ width: 120 }}
        />
        {!access.schoolAdmin && (
          <SchoolSelect value={schoolId} onChange={(v) => uq.set({ schoolId: v })} style={{ width: 200 }} />
        )}
      </FilterBar>
      {list.error && !list.data ? (
        <PageError error={list.error} onRetry={() => list.refetch()} />
      ) : (
        <Table<SpotCheck>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={list.data?.items}
          loading={list.isFetching}
          scroll={{ x: 'max-content' }}
          locale={{
            emptyText: list.isLoading ? (
              ' '
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('checks.empty')} />
            ),
          }}
          pagination={{
            current: page,
            pageSize,
            total: list.data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (n) => t('common:total', { total: fmtInt(n) }),
            onChange: (p, s) => uq.set({ page: p, pageSize: s }),
          }}
        />
      )}
      {sampling && <SampleModal year={year} onClose={() => setSampling(false)} />}
      {deciding && <DecideModal check={deciding} onClose={() => setDeciding(null)} />}
    </div>
  );
}

function SampleModal({ year, onClose }: { year: number; onClose: () => void }) {
  const { t } = useTranslation('research');
  const { message } = App.useApp();
  const sample = useSampleSpotChecks();
  const [form] = Form.useForm<{ year: number; count: number; schoolId?: number }>();
  return (
    <Modal
      open
      title={t('checks.sampleTitle')}
      okText={t('checks.sampleOk')}
      confirmLoading={sample.isPending}
      onCancel={onClose}
      onOk={async () => {
        const v = await form.validateFields();
        try {
          const r = await sample.mutateAsync(v);
          if (r.total === 0) message.info(t('checks.sampledNone'));
          else message.success(t('checks.sampled', { n: r.total }));
          onClose();
        } catch (e) {
          message.error((e as Error).message);
        }
      }}
    >
      <Typography.Paragraph type="secondary">{t('checks.sampleHint')}</Typography.Paragraph>
      <Form form={form} layout="vertical" initialValues={{ year, count: 5 }}>
        <Form.Item name="year" label={t('filter.year')}>
          <Select options={yearOptions()} style={{ width: 120 }} />
        </Form.Item>
        <Form.Item name="count" label={t('checks.count')} rules={[{ required: true }]}>
          <InputNumber min={1} max={50} style={{ width: 120 }} />
        </Form.Item>
        <Form.Item name="schoolId" label={t('checks.onlySchool')}>
          <SchoolSelect />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function DecideModal({ check, onClose }: { check: SpotCheck; onClose: () => void }) {
  const { t } = useTranslation('research');
  const { message } = App.useApp();
  const decide = useDecideSpotCheck();
  const [verdict, setVerdict] = useState<'passed' | 'failed'>();
  const [reason, setReason] = useState('');
  const ok = verdict === 'passed' || (verdict === 'failed' && reason.trim().length > 0);
  return (
    <Modal
      open
      title={t('checks.decideTitle', { title: check.activityTitle })}
      okButtonProps={{ disabled: !ok, danger: verdict === 'failed' }}
      confirmLoading={decide.isPending}
      onCancel={onClose}
      onOk={async () => {
        try {
          await decide.mutateAsync({ id: check.id, body: { verdict: verdict!, reason: reason.trim() || null } });
          message.success(verdict === 'failed' ? t('check.failedDone') : t('check.passedDone'));
          onClose();
        } catch (e) {
          message.error((e as Error).message);
        }
      }}
    >
      <Typography.Paragraph>
        <Link to={`/school-research/activities/${check.activityId}`} target="_blank">
          {t('checks.openActivity')}
        </Link>
      </Typography.Paragraph>
      <Radio.Group
        value={verdict}
        onChange={(e) => setVerdict(e.target.value)}
        options={[
          { value: 'passed', label: t('verdict.passed') },
          { value: 'failed', label: t('verdict.failed') },
        ]}
      />
      {verdict === 'failed' && <Alert type="warning" showIcon style={{ marginTop: 12 }} title={t('checks.failWarn')} />}
      <Input.TextArea
        rows={3}
        maxLength={500}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        placeholder={verdict === 'failed' ? t('check.reasonRequired') : t('check.reasonOptional')}
        style={{ marginTop: 12 }}
      />
    </Modal>
  );
}
