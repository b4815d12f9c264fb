// 日程: the project's sessions (date, time window, topic, trainer, room) with create/edit/delete for
// project writers and a link to each session's rotating QR screen for those who run check-in.
import { PlusOutlined, QrcodeOutlined } from '@ant-design/icons';
import { type ProjectDetail, type ProjectSession, sessionBody, sessionProblems } from '@shixun/common';
import {
  Alert,
  App,
  Button,
  DatePicker,
  Empty,
  Form,
  Input,
  Modal,
  Popconfirm,
  Space,
  Table,
  type TableProps,
  TimePicker,
  Tooltip,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { accessOf } from '../../../access';
import { zodRule } from '../../../components/zodRule';
import { ApiError } from '../../../lib/http';
import { useMe } from '../../auth/auth.api';
import { useDate } from '../labels';
import { useDeleteSession, useSaveSession } from '../projects.api';
import { TrainerSelect } from './TrainerSelect';

interface FormValues {
  date: Dayjs;
  time: [Dayjs, Dayjs];
  topic: string;
  trainerId?: number | null;
  room?: string;
}

export function SessionsTab({ project: p }: { project: ProjectDetail }) {
  const { t } = useTranslation('projects');
  const { message } = App.useApp();
  const me = useMe().data;
  const access = accessOf(me);
  const date = useDate();
  const del = useDeleteSession(p.id);
  const [editing, setEditing] = useState<ProjectSession | null | undefined>(undefined);
  // Writers, and the training provider a project is commissioned from, arrange its sessions.
  const writable = p.can.schedule ?? p.can.edit;
  // Who runs check-in: the county, the project's trainers or provider, the owning school's admin for 校培.
  const runsCheckin =
    access.countyAdmin ||
    access.trainer ||
    access.provider ||
    (access.schoolAdmin && p.schoolId != null && p.schoolId === me?.schoolId);
  const now = Date.now();

  const onDelete = async (s: ProjectSession) => {
    try {
      await del.mutateAsync(s.id);
      message.success(t('common:state.deleted'));
    } catch (e) {
      message.error((e as Error).message);
    }
  };

  const columns: TableProps<ProjectSession>['columns'] = [
    {
      title: '#',
      key: 'n',
      width: 48,
      render: (_, _s, i) => i + 1,
    },
    { title: t('session.date'), dataIndex: 'date', render: (v: string) => dayjs(v).format(t('format.dateWeekday')) },
    { title: t('session.time'), key: 'time', render: (_, s) => `${s.start}–${s.end}` },
    {
      title: t('session.topic'),
      dataIndex: 'topic',
      render: (v: string) => <div style={{ minWidth: 160, maxWidth: 360, whiteSpace: 'normal' }}>{v}</div>,
    },
    { title: t('session.trainer'), dataIndex: 'trainerName', render: (v: string | null) => v ?? '—' },
    { title: t('session.room'), dataIndex: 'room', render: (v: string | null) => v ?? '—' },
    {
      title: t('session.checkins'),
      dataIndex: 'attendanceCount',
      align: 'right',
      render: (v: number) => v || '—',
    },
    ...(writable || runsCheckin
      ? [
          {
            title: t('common:action.operations'),
            key: 'actions',
            fixed: 'right' as const,
            render: (_: unknown, s: ProjectSession) => {
              const ended = new Date(s.endsAt).getTime() < now;
              return (
                <Space size={0}>
                  {runsCheckin && !ended && p.status !== 'closed' && (
                    <Tooltip title={t('session.qrHint')}>
                      <Button
                        type="link"
                        size="small"
                        icon={<QrcodeOutlined />}
                        href={`/sessions/${s.id}/qr`}
                        target="_blank"
                      >
                        {t('session.qr')}
                      </Button>
                    </Tooltip>
                  )}
                  {writable && (
                    <Button type="link" size="small" onClick={() => setEditing(s)}>
                      {t('common:action.edit')}
                    </Button>
                  )}
                  {writable && (
                    <Popconfirm
                      title={t('session.deleteConfirm', { topic: s.topic })}
                      description={s.attendanceCount > 0 ? t('session.deleteBlocked') : undefined}
                      okButtonProps={{ danger: true, disabled: s.attendanceCount > 0 }}
                      onConfirm={() => onDelete(s)}
                    >
                      <Button type="link" size="small" danger>
                        {t('common:action.delete')}
                      </Button>
                    </Popconfirm>
                  )}
                </Space>
              );
            },
          },
        ]
      : []),
  ];

  const totalMinutes = p.sessions.reduce((sum, s) => {
    const [sh, sm] = s.start.split(':').map(Number) as [number, number];
    const [eh, em] = s.end.split(':').map(Number) as [number, number];
    return sum + (eh * 60 + em - (sh * 60 + sm));
  }, 0);

  return (
    <div>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, justifyContent: 'space-between', marginBottom: 12 }}>
        <Typography.Text type="secondary">
          {t('session.summary', {
            n: p.sessions.length,
            hours: (totalMinutes / 60).toFixed(1),
            from: date(p.startDate),
            to: date(p.endDate),
          })}
        </Typography.Text>
        {writable && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing(null)} data-testid="session-add">
            {t('session.add')}
          </Button>
        )}
      </div>
      <Table<ProjectSession>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={p.sessions}
        scroll={{ x: 'max-content' }}
        pagination={p.sessions.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
        locale={{
          emptyText: (
            <Empty
              image={Empty.PRESENTED_IMAGE_SIMPLE}
              description={writable ? t('session.emptyWriter') : t('session.empty')}
            />
          ),
        }}
      />
      <SessionModal project={p} session={editing} onClose={() => setEditing(undefined)} />
    </div>
  );
}

function SessionModal({
  project: p,
  session,
  onClose,
}: {
  project: ProjectDetail;
  /** undefined → closed, null → create */
  session: ProjectSession | null | undefined;
  onClose: () => void;
}) {
  const { t } = useTranslation('projects');
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const save = useSaveSession(p.id);
  const [error, setError] = useState<string | null>(null);
  const open = session !== undefined;
  const locked = !!session && session.attendanceCount > 0; // only topic/room change once people checked in
  const shape = sessionBody.shape;

  const last = p.sessions[p.sessions.length - 1];
  const initial: Partial<FormValues> = session
    ? {
        date: dayjs(session.date),
        time: [dayjs(`${session.date}T${session.start}`), dayjs(`${session.date}T${session.end}`)],
        topic: session.topic,
        trainerId: session.trainerId,
        room: session.room ?? undefined,
      }
    : {
        date: dayjs(last ? last.date : p.startDate),
        time: [dayjs(`${p.startDate}T${last?.start ?? '09:00'}`), dayjs(`${p.startDate}T${last?.end ?? '11:30'}`)],
        room: last?.room ?? p.place ?? undefined,
      };

  const submit = async (v: FormValues) => {
    setError(null);
    const body = {
      date: v.date.format('YYYY-MM-DD'),
      start: v.time[0].format('HH:mm'),
      end: v.time[1].format('HH:mm'),
      topic: v.topic.trim(),
      trainerId: v.trainerId ?? null,
      room: v.room?.trim() || null,
    };
    const problems = sessionProblems(body, p);
    if (Object.keys(problems).length) {
      form.setFields(
        Object.entries(problems).map(([k, err]) => ({
          name: (k === 'date' ? 'date' : 'time') as never,
          errors: [err],
        })),
      );
      return;
    }
    try {
      await save.mutateAsync({
        id: session?.id,
        body: locked ? { topic: body.topic, room: body.room } : body,
      });
      message.success(t('common:state.saved'));
      onClose();
    } catch (e) {
      if (e instanceof ApiError && e.fields) {
        form.setFields(
          Object.entries(e.fields).map(([k, err]) => ({
            name: (k === 'start' || k === 'end' ? 'time' : k) as never,
            errors: [err],
          })),
        );
      }
      setError((e as Error).message);
    }
  };

  return (
    <Modal
      open={open}
      title={session ? t('session.editTitle') : t('session.add')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common:action.save')}
      confirmLoading={save.isPending}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'session-save' } as never}
    >
      {locked && <Alert type="info" showIcon title={t('session.lockedHint')} style={{ marginBottom: 12 }} />}
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form<FormValues> form={form} layout="vertical" onFinish={submit} initialValues={initial} preserve={false}>
        <Space wrap style={{ width: '100%' }} styles={{ item: { minWidth: 0 } }}>
          <Form.Item
            name="date"
            label={t('session.date')}
            rules={[{ required: true, message: t('session.dateRequired') }]}
          >
            <DatePicker
              disabled={locked}
              disabledDate={(d) => d.isBefore(dayjs(p.startDate), 'day') || d.isAfter(dayjs(p.endDate), 'day')}
              style={{ width: 180 }}
            />
          </Form.Item>
          <Form.Item
            name="time"
            label={t('session.time')}
            rules={[{ required: true, message: t('session.timeRequired') }]}
          >
            <TimePicker.RangePicker
              disabled={locked}
              format="HH:mm"
              minuteStep={5}
              needConfirm={false}
              style={{ width: 220 }}
            />
          </Form.Item>
        </Space>
        <Form.Item
          name="topic"
          label={t('session.topic')}
          rules={[{ required: true, message: t('session.topicRequired') }, zodRule(shape.topic)]}
        >
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="trainerId" label={t('session.trainer')} extra={t('session.trainerHint')}>
          <TrainerSelect disabled={locked} projectTrainers={p.trainers} />
        </Form.Item>
        <Form.Item name="room" label={t('session.room')} rules={[zodRule(shape.room)]}>
          <Input maxLength={100} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
