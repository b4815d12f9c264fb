// 今日待办 at the top of 我的培训: today's sessions and where their check-in stands (check-in is by
// scanning the code shown in the room, so this says when and where, it does not check in), and
// the report-backs still owed, soonest first. Nothing to do: a short line, not an empty card.
import { CheckCircleOutlined, ClockCircleOutlined, FileDoneOutlined, QrcodeOutlined } from '@ant-design/icons';
import type { MyTodo } from '@shixun/common';
import { Button, Card, Skeleton, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { fmtDate } from '../../components/format';
import { useMyTodo } from './my.api';
import { fmtClock } from './shared';

const STATE_COLOR: Record<MyTodo['sessions'][number]['state'], string> = {
  upcoming: 'blue',
  open: 'green',
  done: 'default',
  missed: 'red',
  leave: 'purple',
};

export function TodoCard() {
  const { t, i18n } = useTranslation('my');
  const clock = (iso: string) => fmtClock(iso, i18n.language);
  const navigate = useNavigate();
  const todo = useMyTodo();
  if (todo.isLoading) return <Skeleton active paragraph={{ rows: 2 }} style={{ marginBottom: 16 }} />;
  // The page below still works without the to-do: say nothing rather than block it.
  if (!todo.data) return null;
  const { sessions, reportBacks } = todo.data;
  const open = sessions.filter((s) => s.state === 'open' || s.state === 'upcoming').length;
  if (!sessions.length && !reportBacks.length) {
    return (
      <Typography.Paragraph type="secondary" data-testid="todo-none" style={{ marginBottom: 12 }}>
        <CheckCircleOutlined /> {t('todo.none')}
      </Typography.Paragraph>
    );
  }
  return (
    <Card
      size="small"
      style={{ marginBottom: 16, borderColor: '#91caff' }}
      styles={{ body: { padding: 16 } }}
      title={t('todo.title')}
      extra={open > 0 ? <Tag color="green">{t('todo.sessionsLeft', { n: open })}</Tag> : undefined}
      data-testid="todo-card"
    >
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        {sessions.map((s) => (
          <div
            key={s.sessionId}
            style={{ display: 'flex', gap: 12, alignItems: 'flex-start' }}
            data-testid={`todo-session-${s.sessionId}`}
          >
            <QrcodeOutlined style={{ fontSize: 20, color: '#1f6feb', marginTop: 2 }} />
            <div style={{ flex: 1, minWidth: 0 }}>
              <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8, alignItems: 'baseline' }}>
                <Typography.Text strong style={{ overflowWrap: 'anywhere' }}>
                  {clock(s.startsAt)}–{clock(s.endsAt)} {s.topic}
                </Typography.Text>
                <Tag color={STATE_COLOR[s.state]} style={{ marginInlineEnd: 0, flexShrink: 0 }}>
                  {t(`todo.state.${s.state}`)}
                </Tag>
              </div>
              <Typography.Text type="secondary" style={{ fontSize: 13, display: 'block', overflowWrap: 'anywhere' }}>
                《{s.projectName}》{s.room || s.place ? ` · ${s.room ?? s.place}` : ''}
              </Typography.Text>
              {(s.state === 'open' || s.state === 'upcoming') && (
                <Typography.Text style={{ fontSize: 13 }}>
                  {s.state === 'open' ? t('todo.scanNow') : t('todo.opensAt', { time: clock(s.checkinOpensAt) })}
                </Typography.Text>
              )}
            </div>
          </div>
        ))}
        {reportBacks.map((r) => (
          <div
            key={r.id}
            style={{ display: 'flex', gap: 12, alignItems: 'flex-start' }}
            data-testid={`todo-report-back-${r.id}`}
          >
            <FileDoneOutlined style={{ fontSize: 20, color: r.daysLeft < 0 ? '#cf1322' : '#d48806', marginTop: 2 }} />
            <div style={{ flex: 1, minWidth: 0 }}>
              <Typography.Text strong style={{ overflowWrap: 'anywhere', display: 'block' }}>
                {r.status === 'returned' ? t('todo.reportBackReturned') : t('todo.reportBack')}《{r.projectName}》
              </Typography.Text>
              <Typography.Text type={r.daysLeft < 0 ? 'danger' : 'secondary'} style={{ fontSize: 13 }}>
                <ClockCircleOutlined />{' '}
                {r.daysLeft < 0
                  ? t('todo.overdue', { date: fmtDate(r.dueOn), days: -r.daysLeft })
                  : r.daysLeft === 0
                    ? t('todo.dueToday')
                    : t('todo.dueIn', { date: fmtDate(r.dueOn), days: r.daysLeft })}
              </Typography.Text>
              {r.returnReason && (
                <Typography.Text type="danger" style={{ fontSize: 13, display: 'block' }}>
                  {t('todo.returnReason', { reason: r.returnReason })}
                </Typography.Text>
              )}
            </div>
            <Button size="small" type="primary" ghost onClick={() => navigate('/my/report-backs')}>
              {t('todo.fill')}
            </Button>
          </div>
        ))}
      </Space>
    </Card>
  );
}
