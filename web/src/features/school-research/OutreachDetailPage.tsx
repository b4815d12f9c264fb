// One 送教下乡 through the county's 五段五步 stages: each stage is scheduled as an activity at the
// receiving school (date, time, hours, place), held with check-in or marks (the teachers sent as
// trainers), evidenced, closed to the ledger and confirmed by the receiving school; the stage runner
// shows where each stands and the next thing to do.
import { ArrowLeftOutlined, CalendarOutlined, CheckCircleFilled } from '@ant-design/icons';
import type { OutreachDetail, OutreachStage } from '@shixun/common';
import {
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Modal,
  Row,
  Space,
  Statistic,
  Steps,
  Tag,
  TimePicker,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { PageHeader } from '../../components/PageHeader';
import { PageError, PageLoading } from '../../components/PageState';
import { applyFieldErrors } from '../../components/zodRule';
import { ApiError } from '../../lib/http';
import { useOutreach, useScheduleStage } from './school-research.api';
import { ActivityStatusTag, fmtStamp, fmtWhen, toInstant } from './shared';

type StageState = 'unscheduled' | 'scheduled' | 'held' | 'done' | 'withdrawn';

function stateOf(s: OutreachStage): StageState {
  if (!s.activity) return 'unscheduled';
  if (s.activity.status === 'withdrawn') return 'withdrawn';
  if (s.done) return 'done';
  if (s.activity.status === 'closed' || s.confirmedAt) return 'held';
  return 'scheduled';
}

export default function OutreachDetailPage() {
  const { t } = useTranslation('research');
  const navigate = useNavigate();
  const id = Number(useParams().id);
  const q = useOutreach(id);
  const [scheduling, setScheduling] = useState<OutreachStage | null>(null);

  if (!Number.isInteger(id) || id <= 0)
    return <PageError error={new ApiError(404, 'NOT_FOUND', t('outreach.badId'))} />;
  if (q.isLoading) return <PageLoading />;
  if (q.error || !q.data) return <PageError error={q.error} onRetry={() => q.refetch()} />;
  const o = q.data;
  const current = o.stages.findIndex((s) => !s.done);

  return (
    <div>
      <Button
        type="link"
        icon={<ArrowLeftOutlined />}
        style={{ padding: 0, marginBottom: 8 }}
        onClick={() => navigate(-1)}
      >
        {t('common:action.back')}
      </Button>
      <PageHeader
        title={
          <Space wrap>
            <span data-testid="outreach-title">{o.title}</span>
            {o.done ? (
              <Tag color="success">{t('outreach.done')}</Tag>
            ) : (
              <Tag color="processing">{t('outreach.active')}</Tag>
            )}
          </Space>
        }
        sub={t('outreach.route', {
          from: o.organiserName,
          kind: t(`organiser.${o.organiserKind}`),
          to: o.targetSchoolName,
          year: o.year,
        })}
      />
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title={t('outreach.stagesDone')} value={`${o.stagesDone}/${o.stagesTotal}`} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title={t('outreach.trainers')} value={o.trainers} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title={t('outreach.participants')} value={o.participants} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title={t('outreach.subject')} value={o.subject ?? '—'} />
          </Card>
        </Col>
      </Row>
      <Card size="small" style={{ marginBottom: 16 }}>
        <Steps
          size="small"
          current={current < 0 ? o.stages.length : current}
          status={o.done ? 'finish' : 'process'}
          responsive
          items={o.stages.map((s) => ({
            title: s.name,
            status: s.done ? 'finish' : stateOf(s) === 'withdrawn' ? 'error' : undefined,
            content: t(`stage.${stateOf(s)}`),
          }))}
        />
      </Card>
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        {o.stages.map((s) => (
          <StageCard key={s.stageNo} o={o} s={s} onSchedule={() => setScheduling(s)} />
        ))}
      </Space>
      {scheduling && <ScheduleModal o={o} s={scheduling} onClose={() => setScheduling(null)} />}
    </div>
  );
}

function StageCard({ o, s, onSchedule }: { o: OutreachDetail; s: OutreachStage; onSchedule: () => void }) {
  const { t, i18n } = useTranslation('research');
  const st = stateOf(s);
  const a = s.activity;
  const next: Record<StageState, string> = {
    unscheduled: o.can.manage ? t('stage.nextSchedule') : t('stage.waitSchedule'),
    scheduled: t('stage.nextHold'),
    held: s.confirmedAt ? t('stage.nextClose') : t('stage.nextConfirm'),
    done: '',
    withdrawn: a ? t('stage.withdrawnNote') : '',
  };
  return (
    <Card
      size="small"
      data-testid={`stage-${s.stageNo}`}
      data-state={st}
      title={
        <Space wrap>
          <span>{t('stage.label', { n: s.stageNo, name: s.name })}</span>
          {st === 'done' && (
            <Tag color="success" icon={<CheckCircleFilled />}>
              {t('stage.done')}
            </Tag>
          )}
          {a && st !== 'done' && <ActivityStatusTag status={a.status} />}
        </Space>
      }
      extra={
        a ? (
          <Link to={`/school-research/activities/${a.id}`} data-testid={`stage-open-${s.stageNo}`}>
            {t('stage.open')}
          </Link>
        ) : (
          o.can.manage && (
            <Button
              size="small"
              type="primary"
              icon={<CalendarOutlined />}
              onClick={onSchedule}
              data-testid={`stage-schedule-${s.stageNo}`}
            >
              {t('stage.schedule')}
            </Button>
          )
        )
      }
    >
      {a ? (
        <Space orientation="vertical" size={2}>
          <span>
            {a.title} · {fmtWhen(a.startsAt, a.endsAt, i18n.language)}
            {a.place && ` · ${a.place}`}
          </span>
          <Typography.Text type="secondary">
            {t('stage.figures', { people: a.participants, files: a.evidence, h: a.hours })}
          </Typography.Text>
          {s.confirmedAt && (
            <Typography.Text type="success">
              {t('stage.confirmedAt', { at: fmtStamp(s.confirmedAt, i18n.language) })}
              {s.confirmNote && ` · ${s.confirmNote}`}
            </Typography.Text>
          )}
          {next[st] && <Typography.Text type="secondary">{next[st]}</Typography.Text>}
        </Space>
      ) : (
        <Typography.Text type="secondary">{next[st]}</Typography.Text>
      )}
    </Card>
  );
}

interface ScheduleValues {
  title?: string;
  date: Dayjs;
  time: [Dayjs, Dayjs];
  hours: number;
  place?: string;
  host?: string;
}

function ScheduleModal({ o, s, onClose }: { o: OutreachDetail; s: OutreachStage; onClose: () => void }) {
  const { t } = useTranslation('research');
  const { message } = App.useApp();
  const [form] = Form.useForm<ScheduleValues>();
  const schedule = useScheduleStage(o.id);
  const start = dayjs().hour(9).minute(0).second(0);
  return (
    <Modal
      open
      title={t('stage.scheduleTitle', { n: s.stageNo, name: s.name })}
      okText={t('stage.schedule')}
      okButtonProps={{ 'data-testid': 'stage-schedule-ok' }}
      confirmLoading={schedule.isPending}
      onCancel={onClose}
      onOk={() => form.submit()}
    >
      <Typography.Paragraph type="secondary">
        {t('stage.scheduleHint', { school: o.targetSchoolName })}
      </Typography.Paragraph>
      <Form<ScheduleValues>
        form={form}
        layout="vertical"
        initialValues={{ date: dayjs(), time: [start, start.add(3, 'hour')], hours: 3, place: o.targetSchoolName }}
        onFinish={async (v) => {
          try {
            await schedule.mutateAsync({
              stageNo: s.stageNo,
              title: v.title?.trim() || null,
              startsAt: toInstant(v.date, v.time[0]),
              endsAt: toInstant(v.date, v.time[1]),
              hours: v.hours,
              place: v.place?.trim() || null,
              host: v.host?.trim() || null,
            });
            message.success(t('stage.scheduledDone'));
            onClose();
          } catch (e) {
            if (e instanceof ApiError && applyFieldErrors(form, e.fields)) return;
            message.error((e as Error).message);
          }
        }}
      >
        <Form.Item name="title" label={t('stage.title')}>
          <Input maxLength={80} placeholder={`${o.title}·${s.name}`} />
        </Form.Item>
        <Space wrap size={12}>
          <Form.Item name="date" label={t('form.date')} rules={[{ required: true }]}>
            <DatePicker allowClear={false} />
          </Form.Item>
          <Form.Item name="time" label={t('form.time')} rules={[{ required: true }]}>
            <TimePicker.RangePicker format="HH:mm" minuteStep={5} allowClear={false} />
          </Form.Item>
          <Form.Item name="hours" label={t('form.hours')} rules={[{ required: true }]}>
            <InputNumber min={0.5} max={40} step={0.5} style={{ width: 100 }} />
          </Form.Item>
        </Space>
        <Form.Item name="place" label={t('form.place')}>
          <Input maxLength={60} />
        </Form.Item>
        <Form.Item name="host" label={t('form.host')}>
          <Input maxLength={40} placeholder={t('stage.hostPlaceholder')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
