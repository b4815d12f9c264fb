// The studios a teacher hosts or belongs to, on a phone: members, recent activities and outputs,
// the yearly review; the host records an activity (送教下乡, 课例研修 …) or an output (课例, 论文 …).
import {
  STUDIO_ACTIVITY_KINDS,
  STUDIO_OUTPUT_KINDS,
  type StudioActivityBody,
  type StudioDetail,
  type StudioItem,
  type StudioOutputBody,
} from '@shixun/common';
import { App, Button, Card, Empty, Popconfirm, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fmtDate } from '../../components/format';
import { PageHeader } from '../../components/PageHeader';
import { PageError, PageLoading } from '../../components/PageState';
import { Field, fieldStyle, InfoRow } from '../../components/PhoneFields';
import { thisYear, todayIso } from '../../components/years';
import { ApiError } from '../../lib/http';
import { useAddActivity, useAddOutput, useDeleteStudioRecord, useStudio, useStudios } from './studios.api';

export default function MyStudiosPage() {
  const { t } = useTranslation('studios');
  const list = useStudios({});
  const header = <PageHeader title={t('my.title')} sub={t('my.sub')} />;
  if (list.isLoading) return <PageLoading />;
  if (list.error || !list.data)
    return (
      <div>
        {header}
        <PageError error={list.error} onRetry={() => list.refetch()} />
      </div>
    );
  return (
    <div style={{ maxWidth: 760 }}>
      {header}
      {list.data.items.length === 0 ? (
        <Card>
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('my.empty')} />
        </Card>
      ) : (
        <div style={{ display: 'grid', gap: 12 }}>
          {list.data.items.map((s) => (
            <StudioCard key={s.id} s={s} />
          ))}
        </div>
      )}
    </div>
  );
}

function StudioCard({ s }: { s: StudioItem }) {
  const { t } = useTranslation('studios');
  const [open, setOpen] = useState(false);
  return (
    <Card size="small" styles={{ body: { padding: 16 } }}>
      <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8, alignItems: 'flex-start' }}>
        <Typography.Text strong style={{ fontSize: 16 }}>
          {s.name}
        </Typography.Text>
        <Tag color={s.status === 'active' ? 'green' : 'default'} style={{ marginInlineEnd: 0 }}>
          {t(`status.${s.status}`)}
        </Tag>
      </div>
      <div style={{ marginTop: 6 }}>
        <InfoRow label={t('col.host')}>{`${s.host.name} · ${s.host.schoolName}`}</InfoRow>
        <InfoRow label={t('col.term')}>{`${s.startYear}—${s.endYear}`}</InfoRow>
        <InfoRow label={t('col.members')}>{t('membersValue', { n: s.memberCount, schools: s.schoolCount })}</InfoRow>
        <InfoRow label={t('my.records')}>
          {t('my.recordsValue', { activities: s.activityCount, outputs: s.outputCount })}
        </InfoRow>
        {s.lastReview && (
          <InfoRow label={t('col.review')}>
            {t('reviewValue', { year: s.lastReview.year, result: s.lastReview.result })}
          </InfoRow>
        )}
      </div>
      {open ? (
        <StudioBody id={s.id} />
      ) : (
        <Button
          block
          size="large"
          style={{ marginTop: 12 }}
          onClick={() => setOpen(true)}
          data-testid={`studio-open-${s.id}`}
        >
          {t('my.open')}
        </Button>
      )}
    </Card>
  );
}

function StudioBody({ id }: { id: number }) {
  const { t } = useTranslation('studios');
  const { message } = App.useApp();
  const studio = useStudio(id);
  const del = useDeleteStudioRecord();
  const [form, setForm] = useState<'activity' | 'output' | null>(null);
  if (studio.isLoading) return <PageLoading />;
  if (!studio.data) return <PageError error={studio.error} onRetry={() => studio.refetch()} />;
  const s = studio.data;
  const remove = async (kind: 'activity' | 'output', recordId: number) => {
    try {
      await del.mutateAsync({ kind, id: recordId });
    } catch (e) {
      message.error((e as Error).message);
    }
  };
  return (
    <div style={{ marginTop: 12 }}>
      {s.can.record && form == null && (
        <div style={{ display: 'flex', gap: 8, marginBottom: 12 }}>
          <Button type="primary" size="large" style={{ flex: 1 }} onClick={() => setForm('activity')}>
            {t('my.addActivity')}
          </Button>
          <Button size="large" style={{ flex: 1 }} onClick={() => setForm('output')}>
            {t('my.addOutput')}
          </Button>
        </div>
      )}
      {form === 'activity' && <ActivityForm s={s} onDone={() => setForm(null)} />}
      {form === 'output' && <OutputForm s={s} onDone={() => setForm(null)} />}
      <Typography.Title level={5}>{t('activities', { n: s.activities.length })}</Typography.Title>
      {s.activities.length === 0 && <Typography.Paragraph type="secondary">{t('noActivities')}</Typography.Paragraph>}
      {s.activities.slice(0, 20).map((a) => (
        <div key={a.id} style={{ padding: '8px 0', borderBottom: '1px solid #f5f5f5' }}>
          <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
            <Typography.Text strong>{a.title}</Typography.Text>
            <Typography.Text type="secondary">{fmtDate(a.heldOn)}</Typography.Text>
          </div>
          <Typography.Text type="secondary">
            {[a.kind, a.place, a.hours ? t('my.hoursValue', { n: a.hours }) : null].filter(Boolean).join(' · ')}
          </Typography.Text>
          {s.can.record && (
            <Popconfirm title={t('my.deleteConfirm')} onConfirm={() => remove('activity', a.id)}>
              <Button type="link" size="small" danger style={{ float: 'right' }}>
                {t('common:action.delete')}
              </Button>
            </Popconfirm>
          )}
        </div>
      ))}
      <Typography.Title level={5} style={{ marginTop: 12 }}>
        {t('outputs', { n: s.outputs.length })}
      </Typography.Title>
      {s.outputs.length === 0 && <Typography.Paragraph type="secondary">{t('noOutputs')}</Typography.Paragraph>}
      {s.outputs.slice(0, 20).map((o) => (
        <div key={o.id} style={{ padding: '8px 0', borderBottom: '1px solid #f5f5f5' }}>
          <Typography.Text strong>{o.title}</Typography.Text>
          <div>
            <Typography.Text type="secondary">
              {[o.year, o.kind, o.teacherName].filter(Boolean).join(' · ')}
            </Typography.Text>
            {s.can.record && (
              <Popconfirm title={t('my.deleteConfirm')} onConfirm={() => remove('output', o.id)}>
                <Button type="link" size="small" danger style={{ float: 'right' }}>
                  {t('common:action.delete')}
                </Button>
              </Popconfirm>
            )}
          </div>
        </div>
      ))}
      <Typography.Title level={5} style={{ marginTop: 12 }}>
        {t('members', { n: s.memberCount, schools: s.schoolCount })}
      </Typography.Title>
      <Typography.Paragraph>
        {s.members
          .filter((m) => m.leftYear == null)
          .map((m) => `${m.name}（${m.schoolName}）`)
          .join('、') || t('noMembers')}
      </Typography.Paragraph>
    </div>
  );
}

function ActivityForm({ s, onDone }: { s: StudioDetail; onDone: () => void }) {
  const { t } = useTranslation('studios');
  const { message } = App.useApp();
  const add = useAddActivity(s.id);
  const [v, setV] = useState<StudioActivityBody>({
    kind: '专题研讨',
    title: '',
    heldOn: todayIso(),
    place: '',
    hours: 2,
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  return (
    <Card size="small" title={t('my.addActivity')} style={{ marginBottom: 12 }}>
      <form
        noValidate
        onSubmit={async (e) => {
          e.preventDefault();
          if (!v.title.trim()) return setErrors({ title: t('my.titleRequired') });
          try {
            await add.mutateAsync({
              ...v,
              title: v.title.trim(),
              place: v.place?.trim() || null,
              summary: v.summary?.trim() || null,
            });
            message.success(t('my.saved'));
            onDone();
          } catch (err) {
            if (err instanceof ApiError && err.fields) setErrors(err.fields);
            else message.error((err as Error).message);
          }
        }}
      >
        <Field label={t('act.kind')} htmlFor="act-kind">
          <select
            id="act-kind"
            style={fieldStyle}
            value={v.kind}
            onChange={(e) => setV({ ...v, kind: e.target.value as StudioActivityBody['kind'] })}
          >
            {STUDIO_ACTIVITY_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`activityKind.${k}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('act.title')} htmlFor="act-title" error={errors.title}>
          <input
            id="act-title"
            style={fieldStyle}
            maxLength={100}
            value={v.title}
            onChange={(e) => setV({ ...v, title: e.target.value })}
          />
        </Field>
        <div style={{ display: 'flex', gap: 12 }}>
          <div style={{ flex: '1 1 0', minWidth: 0 }}>
            <Field label={t('act.date')} htmlFor="act-date" error={errors.heldOn}>
              <input
                id="act-date"
                type="date"
                max={todayIso()}
                style={fieldStyle}
                value={v.heldOn}
                onChange={(e) => setV({ ...v, heldOn: e.target.value })}
              />
            </Field>
          </div>
          <div style={{ flex: '0 0 100px' }}>
            <Field label={t('act.hours')} htmlFor="act-hours" error={errors.hours}>
              <input
                id="act-hours"
                type="number"
                inputMode="decimal"
                min={0.5}
                max={40}
                step={0.5}
                style={fieldStyle}
                value={v.hours ?? ''}
                onChange={(e) => setV({ ...v, hours: e.target.value === '' ? null : Number(e.target.value) })}
              />
            </Field>
          </div>
        </div>
        <Field label={t('act.place')} htmlFor="act-place">
          <input
            id="act-place"
            style={fieldStyle}
            maxLength={60}
            value={v.place ?? ''}
            onChange={(e) => setV({ ...v, place: e.target.value })}
          />
        </Field>
        <Field label={t('act.summary')} htmlFor="act-summary">
          <textarea
            id="act-summary"
            style={{ ...fieldStyle, minHeight: 80 }}
            maxLength={2000}
            value={v.summary ?? ''}
            onChange={(e) => setV({ ...v, summary: e.target.value })}
          />
        </Field>
        <FormButtons pending={add.isPending} onCancel={onDone} />
      </form>
    </Card>
  );
}

function OutputForm({ s, onDone }: { s: StudioDetail; onDone: () => void }) {
  const { t } = useTranslation('studios');
  const { message } = App.useApp();
  const add = useAddOutput(s.id);
  const [v, setV] = useState<StudioOutputBody>({ kind: '课例', title: '', year: thisYear(), teacherId: null });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const people = [
    { id: s.host.id, name: s.host.name },
    ...s.members.filter((m) => m.leftYear == null).map((m) => ({ id: m.teacherId, name: m.name })),
  ];
  return (
    <Card size="small" title={t('my.addOutput')} style={{ marginBottom: 12 }}>
      <form
        noValidate
        onSubmit={async (e) => {
          e.preventDefault();
          if (!v.title.trim()) return setErrors({ title: t('my.titleRequired') });
          try {
            await add.mutateAsync({ ...v, title: v.title.trim(), note: v.note?.trim() || null });
            message.success(t('my.saved'));
            onDone();
          } catch (err) {
            if (err instanceof ApiError && err.fields) setErrors(err.fields);
            else message.error((err as Error).message);
          }
        }}
      >
        <div style={{ display: 'flex', gap: 12 }}>
          <div style={{ flex: '1 1 0', minWidth: 0 }}>
            <Field label={t('out.kind')} htmlFor="out-kind">
              <select
                id="out-kind"
                style={fieldStyle}
                value={v.kind}
                onChange={(e) => setV({ ...v, kind: e.target.value as StudioOutputBody['kind'] })}
              >
                {STUDIO_OUTPUT_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {t(`outputKind.${k}`)}
                  </option>
                ))}
              </select>
            </Field>
          </div>
          <div style={{ flex: '0 0 110px' }}>
            <Field label={t('out.year')} htmlFor="out-year" error={errors.year}>
              <select
                id="out-year"
                style={fieldStyle}
                value={v.year}
                onChange={(e) => setV({ ...v, year: Number(e.target.value) })}
              >
                {Array.from({ length: s.endYear - s.startYear + 1 }, (_, i) => s.startYear + i)
                  .filter((y) => y <= thisYear())
                  .map((y) => (
                    <option key={y} value={y}>
                      {y}
                    </option>
                  ))}
              </select>
            </Field>
          </div>
        </div>
        <Field label={t('out.title')} htmlFor="out-title" error={errors.title}>
          <input
            id="out-title"
            style={fieldStyle}
            maxLength={200}
            value={v.title}
            onChange={(e) => setV({ ...v, title: e.target.value })}
          />
        </Field>
        <Field label={t('out.teacher')} htmlFor="out-teacher" error={errors.teacherId}>
          <select
            id="out-teacher"
            style={fieldStyle}
            value={v.teacherId ?? ''}
            onChange={(e) => setV({ ...v, teacherId: e.target.value ? Number(e.target.value) : null })}
          >
            <option value="">{t('my.wholeStudio')}</option>
            {people.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </Field>
        <FormButtons pending={add.isPending} onCancel={onDone} />
      </form>
    </Card>
  );
}

function FormButtons({ pending, onCancel }: { pending: boolean; onCancel: () => void }) {
  const { t } = useTranslation('studios');
  return (
    <div style={{ display: 'flex', gap: 8 }}>
      <Button size="large" style={{ flex: 1 }} onClick={onCancel}>
        {t('common:action.cancel')}
      </Button>
      <Button size="large" type="primary" htmlType="submit" style={{ flex: 1 }} loading={pending}>
        {t('common:action.save')}
      </Button>
    </div>
  );
}
