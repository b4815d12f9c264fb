// One notice: text and attachments (opening marks it read); for its managers, who has read it and
// who has not — per school and per person, filterable, exportable.
import { ArrowLeftOutlined, DownloadOutlined } from '@ant-design/icons';
import type { NoticeDetail, NoticeReceipt, NoticeSchoolReceipt } from '@shixun/common';
import {
  Alert,
  Button,
  Card,
  Checkbox,
  Descriptions,
  Input,
  Progress,
  Select,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { AttachmentList } from '../../components/AttachmentList';
import { FilterBar } from '../../components/PageHeader';
import { PageError, PageLoading } from '../../components/PageState';
import { fmtNoticeTime } from '../my/shared';
import { exportReceipts, useNotice, usePersonReceipts, useSchoolReceipts } from './notices.api';

// Only the sender edits or withdraws: the forms (and zod) load for them, not for every reader.
const SenderActions = lazy(() => import('./NoticeSenderActions'));

export default function NoticeDetailPage() {
  const { t } = useTranslation('notices');
  const id = Number(useParams().id);
  const notice = useNotice(id);
  const back = (
    <Link to="/notices" style={{ display: 'inline-block', marginBottom: 12 }}>
      <ArrowLeftOutlined /> {t('back')}
    </Link>
  );
  if (notice.isLoading)
    return (
      <div>
        {back}
        <PageLoading />
      </div>
    );
  if (notice.error || !notice.data)
    return (
      <div>
        {back}
        <PageError error={notice.error} onRetry={() => notice.refetch()} />
      </div>
    );
  const n = notice.data;
  return (
    <div style={{ maxWidth: 1000 }}>
      {back}
      {n.withdrawnAt && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="notice-withdrawn"
          title={t('withdrawnAt', { time: fmtNoticeTime(n.withdrawnAt) })}
          description={t('withdrawReasonText', { reason: n.withdrawReason ?? '' })}
        />
      )}
      <Card
        extra={
          n.canEdit || n.canWithdraw ? (
            <Suspense fallback={null}>
              <SenderActions n={n} />
            </Suspense>
          ) : undefined
        }
      >
        <Typography.Title level={4} style={{ marginTop: 0, overflowWrap: 'anywhere' }} data-testid="notice-title">
          {n.title}
        </Typography.Title>
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: '4px 16px', marginBottom: 16 }}>
          <Typography.Text type="secondary">
            {t('from')}：{n.sender}
          </Typography.Text>
          <Typography.Text type="secondary">
            {t('publishedAt')}：{fmtNoticeTime(n.publishedAt)}
          </Typography.Text>
          {n.readAt && <Tag color="green">{t('read')}</Tag>}
          {n.editedAt && (
            <Tag color="orange" data-testid="notice-edited">
              {t('editedAt', { time: fmtNoticeTime(n.editedAt) })}
            </Tag>
          )}
        </div>
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', fontSize: 15 }}>
          {n.body}
        </Typography.Paragraph>
        {n.attachments.length > 0 && (
          <div style={{ borderTop: '1px solid #f0f0f0', paddingTop: 12 }}>
            <Typography.Text strong>{t('attachments')}</Typography.Text>
            <AttachmentList items={n.attachments} />
          </div>
        )}
      </Card>
      {n.canManage && <Receipts n={n} />}
    </div>
  );
}

function Receipts({ n }: { n: NoticeDetail }) {
  const { t } = useTranslation('notices');
  const [tab, setTab] = useState<'schools' | 'people'>('schools');
  const [schoolId, setSchoolId] = useState<number | undefined>();
  const audience =
    n.audience.scope === 'areas'
      ? n.audience.areas.join('、')
      : n.audience.scope === 'schools'
        ? n.audience.schools.join('、')
        : t('scope.all');
  return (
    <Card
      style={{ marginTop: 16 }}
      title={t('receipts.title')}
      extra={
        <Button icon={<DownloadOutlined />} onClick={() => exportReceipts(n.id)} data-testid="receipts-export">
          {t('receipts.export')}
        </Button>
      }
    >
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 2 }}
        items={[
          { key: 'a', label: t('audience'), children: <span style={{ overflowWrap: 'anywhere' }}>{audience}</span> },
          {
            key: 'r',
            label: t('roles'),
            children: n.audience.roles.map((r) => t(`common:role.${r}`)).join('、'),
          },
        ]}
      />
      <div style={{ margin: '8px 0 4px', maxWidth: 420 }} data-testid="receipts-progress">
        <Progress percent={n.recipientCount ? Math.round((n.readCount / n.recipientCount) * 100) : 0} />
        <Typography.Text type="secondary">
          {t('readProgress', { read: n.readCount, total: n.recipientCount })}
        </Typography.Text>
      </div>
      <Tabs
        activeKey={tab}
        onChange={(k) => setTab(k as 'schools' | 'people')}
        items={[
          {
            key: 'schools',
            label: t('receipts.bySchool'),
            children: (
              <SchoolReceipts
                id={n.id}
                onPick={(sid) => {
                  setSchoolId(sid);
                  setTab('people');
                }}
              />
            ),
          },
          {
            key: 'people',
            label: t('receipts.byPerson'),
            children: <PersonReceipts id={n.id} schoolId={schoolId} onSchool={setSchoolId} />,
          },
        ]}
      />
    </Card>
  );
}

function SchoolReceipts({ id, onPick }: { id: number; onPick: (schoolId: number) => void }) {
  const { t } = useTranslation('notices');
  const { t: tc } = useTranslation();
  const [page, setPage] = useState(1);
  const [incomplete, setIncomplete] = useState(false);
  const list = useSchoolReceipts(id, { incomplete, page, pageSize: 50 });
  if (list.error && !list.data) return <PageError error={list.error} onRetry={() => list.refetch()} />;
  return (
    <div>
      <Checkbox
        checked={incomplete}
        onChange={(e) => {
          setIncomplete(e.target.checked);
          setPage(1);
        }}
        style={{ marginBottom: 12 }}
      >
        {t('receipts.incomplete')}
      </Checkbox>
      <Table<NoticeSchoolReceipt>
        rowKey={(r) => r.schoolId ?? 0}
        size="small"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 520 }}
        pagination={{
          current: page,
          pageSize: 50,
          total: list.data?.total ?? 0,
          showSizeChanger: false,
          showTotal: (total) => tc('total', { total }),
          onChange: setPage,
        }}
        columns={[
          {
            title: t('receipts.school'),
            dataIndex: 'schoolName',
            render: (v: string, r) => (r.schoolId == null ? t('receipts.noSchool') : v),
          },
          { title: t('receipts.total'), dataIndex: 'total', width: 80, align: 'right' },
          { title: t('receipts.readCol'), dataIndex: 'read', width: 80, align: 'right' },
          {
            title: t('receipts.rate'),
            key: 'rate',
            width: 160,
            render: (_: unknown, r) => (
              <Progress percent={Math.round((r.read / r.total) * 100)} size="small" style={{ margin: 0 }} />
            ),
          },
          {
            key: 'go',
            width: 100,
            render: (_: unknown, r) => (
              <Button type="link" size="small" onClick={() => onPick(r.schoolId ?? 0)}>
                {t('receipts.viewPeople')}
              </Button>
            ),
          },
        ]}
      />
    </div>
  );
}

function PersonReceipts({
  id,
  schoolId,
  onSchool,
}: {
  id: number;
  schoolId?: number;
  onSchool: (id: number | undefined) => void;
}) {
  const { t } = useTranslation('notices');
  const { t: tc } = useTranslation();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [status, setStatus] = useState<'read' | 'unread' | undefined>();
  const [q, setQ] = useState<string | undefined>();
  const list = usePersonReceipts(id, { status, schoolId, q, page, pageSize });
  const schools = useSchoolReceipts(id, { incomplete: false, page: 1, pageSize: 500 });
  if (list.error && !list.data) return <PageError error={list.error} onRetry={() => list.refetch()} />;
  return (
    <div>
      <FilterBar>
        <Select
          allowClear
          placeholder={t('receipts.allSchools')}
          style={{ width: 220, maxWidth: '100%' }}
          value={schoolId}
          showSearch={{ optionFilterProp: 'label' }}
          options={(schools.data?.items ?? []).map((s) => ({
            value: s.schoolId ?? 0,
            label: s.schoolId == null ? t('receipts.noSchool') : s.schoolName,
          }))}
          onChange={(v) => {
            onSchool(v ?? undefined);
            setPage(1);
          }}
        />
        <Select
          allowClear
          placeholder={t('receipts.allStatus')}
          style={{ width: 130 }}
          value={status}
          options={[
            { value: 'unread', label: t('unread') },
            { value: 'read', label: t('read') },
          ]}
          onChange={(v) => {
            setStatus(v ?? undefined);
            setPage(1);
          }}
          data-testid="receipts-status"
        />
        <Input.Search
          allowClear
          placeholder={t('receipts.searchName')}
          style={{ width: 200, maxWidth: '100%' }}
          onSearch={(v) => {
            setQ(v || undefined);
            setPage(1);
          }}
        />
      </FilterBar>
      {list.data && (
        <Typography.Paragraph type="secondary">
          {t('read')} {list.data.read} · {t('unread')} {list.data.unread}
        </Typography.Paragraph>
      )}
      <Table<NoticeReceipt>
        rowKey="userId"
        size="small"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 560 }}
        pagination={{
          current: page,
          pageSize,
          total: list.data?.total ?? 0,
          showTotal: (total) => tc('total', { total }),
          onChange: (p, ps) => {
            setPage(p);
            setPageSize(ps);
          },
        }}
        columns={[
          { title: t('receipts.school'), dataIndex: 'schoolName', render: (v: string | null) => v ?? '—' },
          { title: t('receipts.name'), dataIndex: 'name', width: 120 },
          { title: t('receipts.role'), dataIndex: 'role', width: 140, render: (r: string) => t(`common:role.${r}`) },
          {
            title: t('receipts.status'),
            dataIndex: 'readAt',
            width: 150,
            render: (v: string | null) =>
              v ? (
                <span>
                  <Tag color="green">{t('read')}</Tag>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {fmtNoticeTime(v)}
                  </Typography.Text>
                </span>
              ) : (
                <Tag>{t('unread')}</Tag>
              ),
          },
        ]}
      />
    </div>
  );
}
