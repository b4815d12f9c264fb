// 抽查: the county and area/consortium coordinators draw a sample of a year's closed activities
// (flagged ones first) and record a verdict on each; a failure withdraws the activity's hours. The
// list (pending first) is a list page: year, verdict and school in the URL, a card per check on a
// phone; schools see their own.
import { ExperimentOutlined } from '@ant-design/icons';
import { SPOT_CHECK_VERDICTS, type SpotCheck, type SpotCheckVerdict } from '@shixun/common';
import { Alert, App, Button, Form, Input, InputNumber, Modal, Radio, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { accessOf } from '../../access';
import { fmtInt } from '../../components/format';
import { type ListColumn, ListPage, type ListValues } from '../../components/list/ListPage';
import { SchoolSelect } from '../../components/SchoolSelect';
import { useMe } from '../auth/auth.api';
import { useDecideSpotCheck, useSampleSpotChecks, useSpotChecks } from './school-research.api';
import { fmtDay, fmtStamp, thisYear, VerdictTag, yearOptions } from './shared';

export default function SpotChecksPage() {
  const { t, i18n } = useTranslation('research');
  const access = accessOf(useMe().data);
  const canCheck = access.can('school-research.spot-check');
  const [params] = useSearchParams();
  const [sampling, setSampling] = useState<number | null>(null);
  const [deciding, setDeciding] = useState<SpotCheck | null>(null);

  const decideButton = (r: SpotCheck) =>
    r.verdict === 'pending' ? (
      <Button size="small" type="link" onClick={() => setDeciding(r)} data-testid={`decide-${r.id}`}>
        {t('checks.decide')}
      </Button>
    ) : null;
  const checker = (r: SpotCheck) => (r.checkedBy ? `${r.checkerRole ?? ''} ${r.checkedBy}` : '—');

  const columns: ListColumn<SpotCheck>[] = [
    {
      key: 'title',
      title: t('col.title'),
      dataIndex: 'activityTitle',
      locked: true,
      render: (v: string, r) => <Link to={`/school-research/activities/${r.activityId}`}>{v}</Link>,
    },
    { key: 'school', title: t('col.school'), dataIndex: 'schoolName' },
    { key: 'ended', title: t('checks.ended'), dataIndex: 'endsAt', render: (v: string) => fmtDay(v, i18n.language) },
    {
      key: 'verdict',
      title: t('col.spotCheck'),
      dataIndex: 'verdict',
      render: (v: SpotCheckVerdict) => <VerdictTag verdict={v} />,
    },
    { key: 'reason', title: t('checks.reason'), dataIndex: 'reason', render: (v: string | null) => v ?? '' },
    { key: 'by', title: t('checks.by'), render: (_, r) => checker(r) },
    { key: 'at', title: t('checks.at'), render: (_, r) => fmtStamp(r.decidedAt ?? r.createdAt, i18n.language) },
    {
      key: 'reversed',
      title: t('checks.reversed'),
      dataIndex: 'reversedEntries',
      align: 'right',
      render: (v: number) => (v ? <Typography.Text type="danger">{fmtInt(v)}</Typography.Text> : '—'),
    },
    ...(canCheck
      ? [
          {
            key: 'op',
            title: t('common:action.operations'),
            fixed: 'right' as const,
            locked: true,
            render: (_: unknown, r: SpotCheck) => decideButton(r),
          },
        ]
      : []),
  ];

  const phoneCard = (r: SpotCheck) => (
    <div data-testid={`check-card-${r.id}`}>
      <Space size={4} wrap style={{ marginBottom: 2 }}>
        <VerdictTag verdict={r.verdict} />
      </Space>
      <div>
        <Link to={`/school-research/activities/${r.activityId}`}>{r.activityTitle}</Link>
      </div>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {[r.schoolName, fmtDay(r.endsAt, i18n.language), r.checkedBy ? checker(r) : null, r.reason]
          .filter(Boolean)
          .join(' · ')}
      </Typography.Text>
      {canCheck && <div>{decideButton(r)}</div>}
    </div>
  );

  const toParams = (v: ListValues) => ({
    year: Number(v.year) || thisYear(),
    verdict: SPOT_CHECK_VERDICTS.find((x) => x === v.verdict),
    schoolId: v.schoolId ? Number(v.schoolId) : undefined,
  });

  return (
    <>
      <ListPage<SpotCheck>
        id="research-spot-checks"
        title={t('checks.title')}
        sub={t('checks.sub')}
        actions={
          canCheck && (
            <Button
              type="primary"
              icon={<ExperimentOutlined />}
              onClick={() => setSampling(Number(params.get('year')) || thisYear())}
              data-testid="checks-sample"
            >
              {t('checks.sample')}
            </Button>
          )
        }
        filters={[
          {
            type: 'select',
            name: 'year',
            label: t('filter.year'),
            width: 100,
            defaultValue: String(thisYear()),
            options: yearOptions().map((o) => ({ value: String(o.value), label: o.label })),
          },
          {
            type: 'select',
            name: 'verdict',
            label: t('filter.verdict'),
            width: 120,
            options: SPOT_CHECK_VERDICTS.map((v) => ({ value: v, label: t(`verdict.${v}`) })),
          },
          { type: 'school', name: 'schoolId', label: t('col.school'), hidden: access.schoolAdmin },
        ]}
        toParams={toParams}
        useList={useSpotChecks}
        columns={columns}
        rowKey={(r) => r.id}
        phoneRender={phoneCard}
        empty={{ none: t('checks.empty') }}
      />
      {sampling != null && <SampleModal year={sampling} onClose={() => setSampling(null)} />}
      {deciding && <DecideModal check={deciding} onClose={() => setDeciding(null)} />}
    </>
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
