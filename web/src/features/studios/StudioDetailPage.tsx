// One studio for admins: host, term and goals; members from several schools (the county adds and
// lets go); the host's activities and outputs; the county's yearly review, whose passing result posts
// the host's and members' hours (a later 不合格 reverses them), with the hours the ledger holds.
import { ArrowLeftOutlined, EditOutlined } from '@ant-design/icons';
import { STUDIO_REVIEW_RESULTS, type StudioDetail, type StudioReviewBody } from '@shixun/common';
import {
  App,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Popconfirm,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { fmtDate } from '../../components/format';
import { PageError, PageLoading } from '../../components/PageState';
import { TeacherSelect } from '../../components/TeacherSelect';
import { thisYear } from '../../components/years';
import { StudioFormDrawer } from './StudioFormDrawer';
import { useAddMembers, useRemoveMember, useReviewStudio, useStudio } from './studios.api';

export default function StudioDetailPage() {
  const { t } = useTranslation('studios');
  const id = Number(useParams().id);
  const studio = useStudio(Number.isInteger(id) && id > 0 ? id : null);
  const [editing, setEditing] = useState(false);
  if (studio.isLoading) return <PageLoading />;
  if (studio.error || !studio.data) return <PageError error={studio.error} onRetry={() => studio.refetch()} />;
  const s = studio.data;
  return (
    <div>
      <div style={{ marginBottom: 8 }}>
        <Link to="/studios">
          <ArrowLeftOutlined /> {t('back')}
        </Link>
      </div>
      <Card style={{ marginBottom: 16 }}>
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: 12, justifyContent: 'space-between' }}>
          <div style={{ minWidth: 0, flex: '1 1 360px' }}>
            <Space size={6} wrap style={{ marginBottom: 4 }}>
              <Tag color={s.status === 'active' ? 'green' : 'default'}>{t(`status.${s.status}`)}</Tag>
              {s.lastReview && (
                <Tag color="gold">{t('reviewValue', { year: s.lastReview.year, result: s.lastReview.result })}</Tag>
              )}
            </Space>
            <Typography.Title level={4} style={{ margin: '0 0 4px' }}>
              {s.name}
            </Typography.Title>
            <Typography.Text type="secondary">
              {[
                t('hostValue', { name: s.host.name, school: s.host.schoolName }),
                [s.stage, s.subject].filter(Boolean).join(' · '),
                `${s.startYear}—${s.endYear}`,
              ]
                .filter(Boolean)
                .join(' · ')}
            </Typography.Text>
          </div>
          {s.can.manage && (
            <Button icon={<EditOutlined />} onClick={() => setEditing(true)}>
              {t('common:action.edit')}
            </Button>
          )}
        </div>
        {s.goals && (
          <Typography.Paragraph style={{ marginTop: 12, marginBottom: 0, whiteSpace: 'pre-wrap' }}>
            {s.goals}
          </Typography.Paragraph>
        )}
      </Card>
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <Members s={s} />
        <Card size="small" title={t('activities', { n: s.activities.length })}>
          <Table
            size="small"
            rowKey="id"
            dataSource={s.activities}
            scroll={{ x: 640 }}
            pagination={{ pageSize: 10, hideOnSinglePage: true }}
            locale={{ emptyText: t('noActivities') }}
            columns={[
              { title: t('act.date'), dataIndex: 'heldOn', width: 150, render: (v: string) => fmtDate(v) },
              { title: t('act.kind'), dataIndex: 'kind', width: 100 },
              { title: t('act.title'), dataIndex: 'title' },
              { title: t('act.place'), dataIndex: 'place', width: 140, render: (v: string | null) => v ?? '—' },
              { title: t('act.hours'), dataIndex: 'hours', width: 110, render: (v: number | null) => v ?? '—' },
            ]}
          />
        </Card>
        <Card size="small" title={t('outputs', { n: s.outputs.length })}>
          <Table
            size="small"
            rowKey="id"
            dataSource={s.outputs}
            scroll={{ x: 560 }}
            pagination={{ pageSize: 10, hideOnSinglePage: true }}
            locale={{ emptyText: t('noOutputs') }}
            columns={[
              { title: t('out.year'), dataIndex: 'year', width: 80 },
              { title: t('out.kind'), dataIndex: 'kind', width: 80 },
              { title: t('out.title'), dataIndex: 'title' },
              { title: t('out.teacher'), dataIndex: 'teacherName', width: 120, render: (v: string | null) => v ?? '—' },
              { title: t('out.note'), dataIndex: 'note', render: (v: string | null) => v ?? '—' },
            ]}
          />
        </Card>
        <Reviews s={s} />
      </Space>
      <StudioFormDrawer open={editing} studio={s} onClose={() => setEditing(false)} />
    </div>
  );
}

function Members({ s }: { s: StudioDetail }) {
  const { t } = useTranslation('studios');
  const { message } = App.useApp();
  const add = useAddMembers(s.id);
  const remove = useRemoveMember(s.id);
  const [picked, setPicked] = useState<number[]>([]);
  const [joined, setJoined] = useState<number>(thisYear());
  const current = s.members.filter((m) => m.leftYear == null).map((m) => m.teacherId);
  return (
    <Card size="small" title={t('members', { n: s.memberCount, schools: s.schoolCount })}>
      {s.can.manage && (
        <Space wrap style={{ marginBottom: 12 }}>
          <TeacherSelect
            mode="multiple"
            style={{ minWidth: 280 }}
            value={picked}
            onChange={(v) => setPicked(Array.isArray(v) ? v : [])}
            exclude={[s.host.id, ...current]}
            placeholder={t('addMembers')}
          />
          <InputNumber
            min={2000}
            max={2100}
            value={joined}
            onChange={(v) => setJoined(v ?? thisYear())}
            prefix={t('joined')}
            style={{ width: 150 }}
          />
          <Button
            type="primary"
            disabled={picked.length === 0}
            loading={add.isPending}
            onClick={async () => {
              try {
                const r = await add.mutateAsync({ teacherIds: picked, joinedYear: joined });
                message.success(t('added', { n: r.added }));
                setPicked([]);
              } catch (e) {
                message.error((e as Error).message);
              }
            }}
          >
            {t('add')}
          </Button>
        </Space>
      )}
      <Table
        size="small"
        rowKey="teacherId"
        dataSource={s.members}
        scroll={{ x: 560 }}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: t('noMembers') }}
        columns={[
          { title: t('member.name'), dataIndex: 'name', width: 120 },
          { title: t('member.school'), dataIndex: 'schoolName' },
          { title: t('member.subject'), dataIndex: 'subject', width: 100 },
          {
            title: t('member.years'),
            key: 'years',
            width: 140,
            render: (_, m) =>
              m.leftYear ? `${m.joinedYear}—${m.leftYear}` : t('member.since', { year: m.joinedYear }),
          },
          ...(s.can.manage
            ? [
                {
                  title: t('common:action.operations'),
                  key: 'op',
                  width: 90,
                  render: (_: unknown, m: StudioDetail['members'][number]) =>
                    m.leftYear == null && (
                      <Popconfirm
                        title={t('removeConfirm', { name: m.name })}
                        onConfirm={async () => {
                          try {
                            await remove.mutateAsync(m.teacherId);
                          } catch (e) {
                            message.error((e as Error).message);
                          }
                        }}
                      >
                        <Button type="link" size="small" danger>
                          {t('remove')}
                        </Button>
                      </Popconfirm>
                    ),
                },
              ]
            : []),
        ]}
      />
    </Card>
  );
}

function Reviews({ s }: { s: StudioDetail }) {
  const { t } = useTranslation('studios');
  const { message } = App.useApp();
  const [form] = Form.useForm<StudioReviewBody>();
  const review = useReviewStudio(s.id);
  const years = Array.from({ length: s.endYear - s.startYear + 1 }, (_, i) => s.startYear + i).filter(
    (y) => y <= thisYear(),
  );
  return (
    <Card size="small" title={t('reviews')}>
      <Descriptions size="small" column={1} style={{ marginBottom: 12 }}>
        <Descriptions.Item label={t('posted')}>
          {s.postedHours.length
            ? s.postedHours
                .map((h) => t('postedValue', { year: h.year, teachers: h.teachers, hours: h.hours }))
                .join('；')
            : t('postedNone')}
        </Descriptions.Item>
      </Descriptions>
      <Table
        size="small"
        rowKey="year"
        dataSource={s.reviews}
        pagination={false}
        scroll={{ x: 480 }}
        locale={{ emptyText: t('noReviews') }}
        style={{ marginBottom: 12 }}
        columns={[
          { title: t('review.year'), dataIndex: 'year', width: 80 },
          {
            title: t('review.result'),
            dataIndex: 'result',
            width: 90,
            render: (r: string) => <Tag color={r === '不合格' ? 'red' : r === '优秀' ? 'gold' : 'green'}>{r}</Tag>,
          },
          { title: t('review.comment'), dataIndex: 'comment', render: (v: string | null) => v ?? '—' },
          { title: t('review.by'), dataIndex: 'reviewerName', width: 140 },
        ]}
      />
      {s.can.manage && years.length > 0 && (
        <Form<StudioReviewBody>
          form={form}
          layout="inline"
          style={{ rowGap: 8 }}
          initialValues={{ year: years.at(-1), result: '合格' }}
          onFinish={async (v) => {
            try {
              const r = await review.mutateAsync({ ...v, comment: v.comment?.trim() || undefined });
              message.success(
                r.posted
                  ? t('review.posted', { n: r.posted })
                  : r.reversed
                    ? t('review.reversed', { n: r.reversed })
                    : t('saved'),
              );
            } catch (e) {
              message.error((e as Error).message);
            }
          }}
        >
          <Form.Item name="year">
            <Select
              style={{ width: 110 }}
              options={years.map((y) => ({ value: y, label: t('common:yearLabel', { year: y }) }))}
            />
          </Form.Item>
          <Form.Item name="result">
            <Select style={{ width: 100 }} options={STUDIO_REVIEW_RESULTS.map((r) => ({ value: r, label: r }))} />
          </Form.Item>
          <Form.Item name="comment" style={{ flex: '1 1 220px' }}>
            <Input maxLength={500} placeholder={t('review.commentPlaceholder')} />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit" loading={review.isPending}>
              {t('review.submit')}
            </Button>
          </Form.Item>
        </Form>
      )}
      {s.can.manage && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0, fontSize: 13 }}>
          {t('review.hint')}
        </Typography.Paragraph>
      )}
    </Card>
  );
}
