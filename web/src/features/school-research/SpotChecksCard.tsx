// Spot checks (抽查) of one activity: every verdict so far (who, when, why; hours withdrawn), and for
// the county and area/consortium coordinators a verdict to record — a failure withdraws the hours
// (reversals in the ledger, with the reason) and the activity's 校培 person-times.
import type { ActivityDetail, SpotCheck } from '@shixun/common';
import { Alert, App, Button, Card, Input, Radio, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRecordSpotCheck } from './school-research.api';
import { fmtStamp, VerdictTag } from './shared';

export function SpotChecksCard({ a }: { a: ActivityDetail }) {
  const { t } = useTranslation('research');
  const canCheck = a.can.spotCheck && a.status !== 'withdrawn' && Date.now() >= new Date(a.startsAt).getTime();
  if (!a.spotChecks.length && !canCheck) return null;
  return (
    <Card size="small" style={{ marginBottom: 16 }} title={t('check.title')} data-testid="spot-checks-card">
      {a.spotChecks.length > 0 && (
        <Space orientation="vertical" size={8} style={{ width: '100%', marginBottom: canCheck ? 16 : 0 }}>
          {a.spotChecks.map((c) => (
            <CheckLine key={c.id} c={c} />
          ))}
        </Space>
      )}
      {canCheck && <VerdictForm a={a} />}
    </Card>
  );
}

function CheckLine({ c }: { c: SpotCheck }) {
  const { t, i18n } = useTranslation('research');
  return (
    <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'baseline' }}>
      <VerdictTag verdict={c.verdict} />
      <Typography.Text type="secondary">
        {c.verdict === 'pending'
          ? t('check.drawnAt', { at: fmtStamp(c.createdAt, i18n.language) })
          : t('check.by', {
              who: [c.checkerRole, c.checkedBy].filter(Boolean).join(' '),
              at: fmtStamp(c.decidedAt ?? c.createdAt, i18n.language),
            })}
      </Typography.Text>
      {c.reason && <span style={{ overflowWrap: 'anywhere' }}>{c.reason}</span>}
      {c.reversedEntries > 0 && (
        <Typography.Text type="danger">{t('check.reversed', { n: c.reversedEntries })}</Typography.Text>
      )}
    </div>
  );
}

function VerdictForm({ a }: { a: ActivityDetail }) {
  const { t } = useTranslation('research');
  const { message, modal } = App.useApp();
  const [verdict, setVerdict] = useState<'passed' | 'failed'>();
  const [reason, setReason] = useState('');
  const save = useRecordSpotCheck(a.id);
  const pending = a.spotChecks.some((c) => c.verdict === 'pending');
  const ok = verdict === 'passed' || (verdict === 'failed' && reason.trim().length > 0);

  const submit = async () => {
    try {
      await save.mutateAsync({ verdict: verdict!, reason: reason.trim() || null });
      message.success(verdict === 'failed' ? t('check.failedDone') : t('check.passedDone'));
      setVerdict(undefined);
      setReason('');
    } catch (e) {
      message.error((e as Error).message);
    }
  };

  return (
    <div style={{ display: 'grid', gap: 8, maxWidth: 560 }}>
      <Typography.Text strong>{pending ? t('check.decidePending') : t('check.record')}</Typography.Text>
      <Radio.Group
        value={verdict}
        onChange={(e) => setVerdict(e.target.value)}
        options={[
          { value: 'passed', label: t('verdict.passed') },
          { value: 'failed', label: t('verdict.failed') },
        ]}
        data-testid="spot-check-verdict"
      />
      {verdict === 'failed' && <Alert type="warning" showIcon title={t('check.failedWarn', { n: a.participants })} />}
      <Input.TextArea
        rows={2}
        maxLength={500}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        placeholder={verdict === 'failed' ? t('check.reasonRequired') : t('check.reasonOptional')}
        data-testid="spot-check-reason"
      />
      <div>
        <Button
          type="primary"
          danger={verdict === 'failed'}
          disabled={!ok}
          loading={save.isPending}
          data-testid="spot-check-save"
          onClick={() =>
            verdict === 'failed'
              ? modal.confirm({
                  title: t('check.confirmFail'),
                  content: t('check.failedWarn', { n: a.participants }),
                  okButtonProps: { danger: true },
                  onOk: submit,
                })
              : submit()
          }
        >
          {t('check.save')}
        </Button>
      </div>
    </div>
  );
}
