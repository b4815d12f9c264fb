// One pair on a teacher's phone (mentor or mentee): the term and goals, the activity log both keep
// (听课, 指导备课, 示范课, 谈心 …) with a short form to add an entry, and the school's checks and
// reviews. An entry of one's own may be deleted; the other's may not.
import { MENTORING_LOG_KINDS, type MentoringLogBody, type MentoringLogKind, type PairDetail } from '@shixun/common';
import { App, Button, Card, Empty, Popconfirm, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { fmtDate } from '../../components/format';
import { PageHeader } from '../../components/PageHeader';
import { PageError, PageLoading } from '../../components/PageState';
import { Field, fieldStyle, InfoRow } from '../../components/PhoneFields';
import { todayIso } from '../../components/years';
import { ApiError } from '../../lib/http';
import { useAddLog, useDeleteLog, usePair } from './mentoring.api';
import { PairStatusTag, useTerm } from './shared';

export default function MyPairPage() {
  const { t } = useTranslation('mentoring');
  const term = useTerm();
  const id = Number(useParams().id);
  const pair = usePair(Number.isInteger(id) && id > 0 ? id : null);
  const back = (
    <div style={{ marginBottom: 8 }}>
      <Link to="/my/mentoring">{t('my.back')}</Link>
    </div>
  );
  if (pair.isLoading) return <PageLoading />;
  if (pair.error || !pair.data)
    return (
      <div>
        {back}
        <PageError error={pair.error} onRetry={() => pair.refetch()} />
      </div>
    );
  const p = pair.data;
  const other = p.myRole === 'mentee' ? p.mentor : p.mentee;
  return (
    <div style={{ maxWidth: 760 }}>
      {back}
      <PageHeader
        title={p.myRole === 'mentee' ? t('my.myMentor', { name: other.name }) : t('my.myMentee', { name: other.name })}
        extra={<PairStatusTag status={p.status} />}
      />
      <Card size="small" styles={{ body: { padding: 16 } }} style={{ marginBottom: 12 }}>
        <InfoRow label={t('col.mentor')}>{`${p.mentor.name} · ${p.mentor.subject}`}</InfoRow>
        <InfoRow label={t('col.mentee')}>{`${p.mentee.name} · ${p.mentee.subject}`}</InfoRow>
        <InfoRow label={t('col.term')}>{term(p)}</InfoRow>
        <InfoRow label={t('pair.goals')}>{p.goals || '—'}</InfoRow>
        {p.excellentYear && <Tag color="gold">{t('pair.excellentTag', { year: p.excellentYear })}</Tag>}
      </Card>
      {p.can.log && <LogForm pairId={p.id} />}
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('log.title', { n: p.logs.length })}
      </Typography.Title>
      <LogList p={p} />
      {p.reviews.length > 0 && (
        <>
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            {t('review.title')}
          </Typography.Title>
          <Card size="small">
            {p.reviews.map((r) => (
              <div key={r.id} style={{ padding: '6px 0', borderBottom: '1px solid #f5f5f5' }}>
                <Typography.Text strong>
                  {t(`reviewKind.${r.kind}`)} {r.period}
                </Typography.Text>{' '}
                <Tag color={r.result === '不合格' || r.result === '需改进' ? 'red' : 'green'}>{r.result}</Tag>
                {r.comment && <div style={{ color: 'rgba(0,0,0,.65)' }}>{r.comment}</div>}
              </div>
            ))}
          </Card>
        </>
      )}
    </div>
  );
}

function LogList({ p }: { p: PairDetail }) {
  const { t } = useTranslation('mentoring');
  const { message } = App.useApp();
  const del = useDeleteLog();
  if (p.logs.length === 0)
    return (
      <Card size="small">
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('log.empty')} />
      </Card>
    );
  return (
    <div style={{ display: 'grid', gap: 8 }} data-testid="log-list">
      {p.logs.map((l) => (
        <Card key={l.id} size="small" styles={{ body: { padding: 12 } }}>
          <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8, flexWrap: 'wrap' }}>
            <Typography.Text strong>
              {l.kind} · {t('log.hoursValue', { n: l.hours })}
            </Typography.Text>
            <Typography.Text type="secondary">{fmtDate(l.occurredOn)}</Typography.Text>
          </div>
          <div style={{ margin: '4px 0', overflowWrap: 'anywhere' }}>{l.content}</div>
          <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center' }}>
            <Typography.Text type="secondary">
              {l.authorName}（{t(`role.${l.authorRole}`)}）
            </Typography.Text>
            {l.mine && (
              <Popconfirm
                title={t('log.deleteConfirm')}
                onConfirm={async () => {
                  try {
                    await del.mutateAsync(l.id);
                  } catch (e) {
                    message.error((e as Error).message);
                  }
                }}
              >
                <Button type="link" size="small" danger>
                  {t('common:action.delete')}
                </Button>
              </Popconfirm>
            )}
          </div>
        </Card>
      ))}
    </div>
  );
}

type Errors = Partial<Record<keyof MentoringLogBody, string>>;

function LogForm({ pairId }: { pairId: number }) {
  const { t } = useTranslation('mentoring');
  const { message } = App.useApp();
  const add = useAddLog(pairId);
  const [open, setOpen] = useState(false);
  const [kind, setKind] = useState<MentoringLogKind>('听课');
  const [date, setDate] = useState(todayIso());
  const [hours, setHours] = useState('1');
  const [content, setContent] = useState('');
  const [errors, setErrors] = useState<Errors>({});

  if (!open)
    return (
      <Button type="primary" size="large" block onClick={() => setOpen(true)} data-testid="log-open">
        {t('log.add')}
      </Button>
    );

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const local: Errors = {};
    const h = Number(hours);
    if (!date) local.occurredOn = t('log.dateRequired');
    else if (date > todayIso()) local.occurredOn = t('log.dateFuture');
    if (!Number.isFinite(h) || h < 0.5 || h > 8 || Math.round(h * 2) !== h * 2) local.hours = t('log.hoursRule');
    if (content.trim().length < 5) local.content = t('log.contentRule');
    setErrors(local);
    if (Object.keys(local).length) return;
    try {
      await add.mutateAsync({ kind, occurredOn: date, hours: h, content: content.trim() });
      message.success(t('log.saved'));
      setContent('');
      setOpen(false);
    } catch (err) {
      if (err instanceof ApiError && err.fields) setErrors(err.fields as Errors);
      else message.error((err as Error).message);
    }
  };

  return (
    <Card size="small" styles={{ body: { padding: 16 } }} title={t('log.add')}>
      <form onSubmit={submit} noValidate data-testid="log-form">
        <Field label={t('log.kind')} htmlFor="log-kind" error={errors.kind}>
          <select
            id="log-kind"
            style={fieldStyle}
            value={kind}
            onChange={(e) => setKind(e.target.value as MentoringLogKind)}
          >
            {MENTORING_LOG_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`logKind.${k}`)}
              </option>
            ))}
          </select>
        </Field>
        <div style={{ display: 'flex', gap: 12 }}>
          <div style={{ flex: '1 1 0', minWidth: 0 }}>
            <Field label={t('log.date')} htmlFor="log-date" error={errors.occurredOn}>
              <input
                id="log-date"
                type="date"
                style={fieldStyle}
                value={date}
                max={todayIso()}
                onChange={(e) => setDate(e.target.value)}
              />
            </Field>
          </div>
          <div style={{ flex: '0 0 110px' }}>
            <Field label={t('log.hours')} htmlFor="log-hours" error={errors.hours}>
              <input
                id="log-hours"
                type="number"
                inputMode="decimal"
                min={0.5}
                max={8}
                step={0.5}
                style={fieldStyle}
                value={hours}
                onChange={(e) => setHours(e.target.value)}
              />
            </Field>
          </div>
        </div>
        <Field label={t('log.content')} htmlFor="log-content" error={errors.content} hint={t('log.contentHint')}>
          <textarea
            id="log-content"
            style={{ ...fieldStyle, minHeight: 96 }}
            maxLength={1000}
            value={content}
            onChange={(e) => setContent(e.target.value)}
          />
        </Field>
        <div style={{ display: 'flex', gap: 8 }}>
          <Button size="large" style={{ flex: 1 }} onClick={() => setOpen(false)}>
            {t('common:action.cancel')}
          </Button>
          <Button
            size="large"
            type="primary"
            htmlType="submit"
            style={{ flex: 1 }}
            loading={add.isPending}
            data-testid="log-submit"
          >
            {t('log.submit')}
          </Button>
        </div>
      </form>
    </Card>
  );
}
