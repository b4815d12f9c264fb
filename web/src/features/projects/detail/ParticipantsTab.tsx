// 参训人员: everyone nominated, enrolled, wait-listed … with a status filter. Reviewers select
// nominations and approve or reject them (with a reason); for upper-level projects the county records
// the teachers it sent; writers may take someone out with a reason.
import { CheckOutlined, CloseOutlined, UserAddOutlined, WarningOutlined } from '@ant-design/icons';
import {
  isUpperLevel,
  PARTICIPATION_STATUSES,
  type ParticipantItem,
  type ParticipationStatus,
  type ProjectDetail,
} from '@shixun/common';
import {
  Alert,
  App,
  Button,
  Empty,
  Input,
  Modal,
  Segmented,
  Space,
  Table,
  type TableProps,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { accessOf } from '../../../access';
import { fmtInt } from '../../../components/format';
import { PageError } from '../../../components/PageState';
import { SchoolSelect } from '../../../components/SchoolSelect';
import { useMe } from '../../auth/auth.api';
import { PARTICIPATION_COLOR, useDate, useProjectLabels } from '../labels';
import { useParticipants, useRemoveParticipant, useReviewNominations } from '../projects.api';
import { SendTeachersModal } from './SendTeachersModal';

const REMOVABLE: ParticipationStatus[] = ['nominated', 'enrolled', 'waitlisted'];

export function ParticipantsTab({ project: p }: { project: ProjectDetail }) {
  const { t } = useTranslation('projects');
  const { message } = App.useApp();
  const access = accessOf(useMe().data);
  const labels = useProjectLabels();
  const date = useDate();
  const [status, setStatus] = useState<ParticipationStatus | undefined>(
    p.participants.nominated > 0 && p.can.changeStatus ? 'nominated' : undefined,
  );
  const [schoolId, setSchoolId] = useState<number | undefined>();
  const [q, setQ] = useState<string | undefined>();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const list = useParticipants(p.id, { status, schoolId, q, page, pageSize });
  const review = useReviewNominations(p.id);
  const remove = useRemoveParticipant(p.id);
  const [selected, setSelected] = useState<number[]>([]);
  const [rejecting, setRejecting] = useState(false);
  const [removing, setRemoving] = useState<ParticipantItem | null>(null);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);

  const reviewer = p.can.changeStatus && ['published', 'enrolling', 'running'].includes(p.status);
  const canRemove = p.can.edit && ['published', 'enrolling', 'running'].includes(p.status);
  const canSend =
    access.countyAdmin && isUpperLevel(p.level) && ['published', 'enrolling', 'running'].includes(p.status);
  const counts = list.data?.counts ?? {};
  const all = Object.values(counts).reduce((a, b) => a + b, 0);

  const doReview = async (decision: 'approve' | 'reject') => {
    setError(null);
    try {
      const r = await review.mutateAsync({
        participationIds: selected,
        decision,
        reason: decision === 'reject' ? reason.trim() : undefined,
      });
      message.success(
        decision === 'approve'
          ? t('participants.approved', { n: r.count })
          : t('participants.rejected', { n: r.count }),
      );
      setSelected([]);
      setRejecting(false);
      setReason('');
      // The last nominations are reviewed: leave the now empty "待审核" filter for everyone.
      if (status === 'nominated' && r.count >= (counts.nominated ?? 0)) {
        setStatus(undefined);
        setPage(1);
      }
    } catch (e) {
      const m = (e as Error).message;
      if (rejecting) setError(m);
      else message.error(m);
    }
  };

  const doRemove = async () => {
    if (!removing) return;
    setError(null);
    try {
      await remove.mutateAsync({ participationId: removing.id, reason: reason.trim() });
      message.success(t('participants.removed', { name: removing.teacherName }));
      setRemoving(null);
      setReason('');
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const columns: TableProps<ParticipantItem>['columns'] = [
    {
      title: t('participants.teacher'),
      dataIndex: 'teacherName',
      fixed: 'left',
      render: (v: string, r) => (
        <div>
          <div>{v}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {r.idNumberMasked}
          </Typography.Text>
        </div>
      ),
    },
    {
      title: t('participants.schoolStage'),
      key: 'school',
      render: (_, r) => (
        <div>
          <div>{r.schoolName}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {labels.enumLabel(r.stage)} · {labels.enumLabel(r.subject)}
          </Typography.Text>
        </div>
      ),
    },
    {
      title: t('field.status'),
      dataIndex: 'status',
      render: (v: ParticipationStatus, r) => (
        <Space size={4}>
          <Tag color={PARTICIPATION_COLOR[v]} style={{ marginInlineEnd: 0 }}>
            {labels.participation(v)}
            {v === 'waitlisted' && r.waitlistPosition ? ` #${r.waitlistPosition}` : ''}
          </Tag>
        </Space>
      ),
    },
    // What the school saw when nominating: hours this cycle, trainings this year, eligibility, clashes.
    ...(list.data?.items.some((r) => r.hoursThisCycle != null)
      ? [
          {
            title: (
              <Tooltip
                title={
                  list.data?.items[0]?.cycle ? t('candidates.cycle', { cycle: list.data.items[0].cycle }) : undefined
                }
              >
                {t('candidates.hours')}
              </Tooltip>
            ),
            key: 'hours',
            align: 'right' as const,
            render: (_: unknown, r: ParticipantItem) => (r.hoursThisCycle == null ? '—' : fmtInt(r.hoursThisCycle)),
          },
          {
            title: t('candidates.trainings'),
            key: 'trainings',
            align: 'right' as const,
            render: (_: unknown, r: ParticipantItem) => r.trainingsThisYear ?? '—',
          },
          {
            title: t('candidates.check'),
            key: 'check',
            render: (_: unknown, r: ParticipantItem) => (
              <Space
                orientation="vertical"
                size={2}
                style={{ minWidth: 180, maxWidth: 260 }}
                data-testid={`fairness-${r.teacherId}`}
              >
                {r.clashes.map((x) => (
                  <Tooltip key={x.projectId} title={t('candidates.clashHint')}>
                    <Tag
                      color="orange"
                      icon={<WarningOutlined />}
                      style={{ marginInlineEnd: 0, whiteSpace: 'normal', display: 'inline-block', maxWidth: '100%' }}
                    >
                      {t('candidates.clash', { name: x.projectName, dates: `${date(x.startDate)}–${date(x.endDate)}` })}
                    </Tag>
                  </Tooltip>
                ))}
                {r.eligible === false &&
                  r.reasons.map((x) => (
                    <Typography.Text key={x} type="danger" style={{ fontSize: 12 }}>
                      {x}
                    </Typography.Text>
                  ))}
                {r.eligible && r.clashes.length === 0 && (
                  <Typography.Text type="success" style={{ fontSize: 12 }}>
                    {t('candidates.eligible')}
                  </Typography.Text>
                )}
              </Space>
            ),
          },
        ]
      : []),
    {
      title: t('participants.source'),
      dataIndex: 'source',
      render: (v: string, r) => (
        <div>
          {t(`source.${v}`, { defaultValue: v })}
          {r.nominatedByName && (
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {r.nominatedByName}
              </Typography.Text>
            </div>
          )}
        </div>
      ),
    },
    {
      title: t('participants.review'),
      key: 'review',
      render: (_, r) =>
        r.reviewedAt || r.reviewReason ? (
          <div style={{ maxWidth: 240, whiteSpace: 'normal' }}>
            {r.reviewReason && <div>{r.reviewReason}</div>}
            {r.reviewedAt && (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {date(r.reviewedAt, true)}
              </Typography.Text>
            )}
          </div>
        ) : (
          '—'
        ),
    },
    {
      title: t('participants.result'),
      key: 'result',
      render: (_, r) =>
        r.result ? (
          <Space size={4}>
            <Tag color={r.result === '不合格' ? 'red' : r.result === '优秀' ? 'gold' : 'green'}>
              {t(`result.${r.result}`, { defaultValue: r.result })}
            </Tag>
            {r.score != null && r.score}
            {r.externalCertificateNo && (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('participants.certificateNo', { no: r.externalCertificateNo })}
              </Typography.Text>
            )}
          </Space>
        ) : (
          '—'
        ),
    },
    { title: t('participants.createdAt'), dataIndex: 'createdAt', render: (v: string) => date(v) },
    ...(canRemove
      ? [
          {
            title: t('common:action.operations'),
            key: 'actions',
            fixed: 'right' as const,
            render: (_: unknown, r: ParticipantItem) =>
              REMOVABLE.includes(r.status) ? (
                <Button
                  type="link"
                  size="small"
                  danger
                  onClick={() => {
                    setRemoving(r);
                    setReason('');
                    setError(null);
                  }}
                >
                  {t('participants.remove')}
                </Button>
              ) : null,
          },
        ]
      : []),
  ];

  const statusOptions = [
    { value: 'all', label: `${t('participants.all')} ${fmtInt(all)}` },
    ...PARTICIPATION_STATUSES.filter((s) => (counts[s] ?? 0) > 0 || s === status).map((s) => ({
      value: s,
      label: `${labels.participation(s)} ${fmtInt(counts[s] ?? 0)}`,
    })),
  ];

  return (
    <div>
      <div style={{ marginBottom: 12, overflowX: 'auto' }}>
        <Segmented
          value={status ?? 'all'}
          options={statusOptions}
          onChange={(v) => {
            setStatus(v === 'all' ? undefined : (v as ParticipationStatus));
            setPage(1);
            setSelected([]);
          }}
        />
      </div>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, justifyContent: 'space-between', marginBottom: 12 }}>
        <Space wrap>
          <Input.Search
            placeholder={t('participants.search')}
            allowClear
            onSearch={(v) => {
              setQ(v.trim() || undefined);
              setPage(1);
            }}
            style={{ width: 200 }}
          />
          {!access.schoolAdmin && !access.trainer && (
            <SchoolSelect
              value={schoolId}
              placeholder={t('participants.school')}
              onChange={(v) => {
                setSchoolId(v);
                setPage(1);
              }}
              style={{ width: 220, maxWidth: '100%' }}
            />
          )}
          {list.data?.capacity != null && (
            <Typography.Text type="secondary">
              {t('participants.capacity', { n: fmtInt(list.data.capacity) })}
            </Typography.Text>
          )}
        </Space>
        <Space wrap>
          {reviewer && selected.length > 0 && (
            <>
              <Typography.Text>{t('participants.selected', { n: selected.length })}</Typography.Text>
              <Button
                type="primary"
                icon={<CheckOutlined />}
                loading={review.isPending && !rejecting}
                onClick={() => doReview('approve')}
                data-testid="review-approve"
              >
                {t('participants.approve')}
              </Button>
              <Button
                danger
                icon={<CloseOutlined />}
                onClick={() => {
                  setRejecting(true);
                  setReason('');
                  setError(null);
                }}
                data-testid="review-reject"
              >
                {t('participants.reject')}
              </Button>
            </>
          )}
          {canSend && (
            <Button icon={<UserAddOutlined />} onClick={() => setSending(true)} data-testid="record-sent">
              {t('participants.recordSent')}
            </Button>
          )}
        </Space>
      </div>
      {reviewer && (counts.nominated ?? 0) > 0 && selected.length === 0 && (
        <Alert
          type="info"
          showIcon
          title={t('participants.reviewHint', { n: counts.nominated })}
          style={{ marginBottom: 12 }}
        />
      )}
      {list.error && !list.data ? (
        <PageError error={list.error} onRetry={() => list.refetch()} />
      ) : (
        <Table<ParticipantItem>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={list.data?.items}
          loading={list.isFetching}
          scroll={{ x: 'max-content' }}
          rowSelection={
            reviewer && (counts.nominated ?? 0) > 0
              ? {
                  selectedRowKeys: selected,
                  onChange: (keys) => setSelected(keys as number[]),
                  preserveSelectedRowKeys: true,
                  getCheckboxProps: (r) => ({ disabled: r.status !== 'nominated' }),
                  renderCell: (_checked, r, _i, node) =>
                    r.status === 'nominated' ? node : <Tooltip title={t('participants.notReviewable')}>{node}</Tooltip>,
                }
              : undefined
          }
          locale={{
            emptyText: list.isLoading ? (
              ' '
            ) : (
              <Empty
                image={Empty.PRESENTED_IMAGE_SIMPLE}
                description={
                  status || schoolId || q
                    ? t('participants.emptyFiltered')
                    : isUpperLevel(p.level)
                      ? t('participants.emptyUpper')
                      : p.enrolMode === 'open'
                        ? t('participants.emptyOpen')
                        : t('participants.empty')
                }
              />
            ),
          }}
          pagination={{
            current: page,
            pageSize,
            total: list.data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: [20, 50, 100, 200],
            showTotal: (total) => t('common:total', { total: fmtInt(total) }),
            onChange: (pg, size) => {
              setPage(size !== pageSize ? 1 : pg);
              setPageSize(size);
            },
          }}
        />
      )}
      <Modal
        open={rejecting}
        title={t('participants.rejectTitle', { n: selected.length })}
        onCancel={() => setRejecting(false)}
        onOk={() => doReview('reject')}
        okText={t('participants.reject')}
        okButtonProps={{ danger: true, disabled: !reason.trim(), 'data-testid': 'reject-confirm' } as never}
        confirmLoading={review.isPending}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">{t('participants.rejectHint')}</Typography.Paragraph>
        <Input.TextArea
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          maxLength={200}
          showCount
          rows={3}
          placeholder={t('participants.reasonRequired')}
          aria-label={t('participants.reason')}
        />
        {error && <Alert type="error" showIcon title={error} style={{ marginTop: 12 }} />}
      </Modal>
      <Modal
        open={removing !== null}
        title={t('participants.removeTitle', { name: removing?.teacherName ?? '' })}
        onCancel={() => setRemoving(null)}
        onOk={doRemove}
        okText={t('participants.remove')}
        okButtonProps={{ danger: true, disabled: !reason.trim() }}
        confirmLoading={remove.isPending}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">{t('participants.removeHint')}</Typography.Paragraph>
        <Input.TextArea
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          maxLength={200}
          showCount
          rows={3}
          placeholder={t('participants.reasonRequired')}
          aria-label={t('participants.reason')}
        />
        {error && <Alert type="error" showIcon title={error} style={{ marginTop: 12 }} />}
      </Modal>
      {canSend && <SendTeachersModal project={p} open={sending} onClose={() => setSending(false)} />}
    </div>
  );
}
