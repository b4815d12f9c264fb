// 参训人员: everyone nominated, enrolled, wait-listed … with a status filter, search and school in
// the URL, export, and the sign-in sheet (签到表) to print or export. Reviewers select nominations and
// approve or reject them (with a reason); for upper-level projects the county records the teachers it
// sent and imports the results that come back; writers may take someone out with a reason.
import {
  CheckOutlined,
  CloseOutlined,
  DownOutlined,
  FileExcelOutlined,
  ImportOutlined,
  PrinterOutlined,
  UserAddOutlined,
  WarningOutlined,
} from '@ant-design/icons';
import {
  isUpperLevel,
  PARTICIPATION_STATUSES,
  type ParticipantItem,
  type ParticipationStatus,
  type ProjectDetail,
} from '@shixun/common';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Drawer, Dropdown, Grid, Input, Modal, Space, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { accessOf } from '../../../access';
import { fmtInt } from '../../../components/format';
import { type ListColumn, ListPage } from '../../../components/list/ListPage';
import { useListUrl } from '../../../components/list/useListUrl';
import { downloadUrl } from '../../../lib/http';
import { useMe } from '../../auth/auth.api';
import { ImportWizard } from '../../imports/ImportWizard';
import { PARTICIPATION_COLOR, useDate, useProjectLabels } from '../labels';
import {
  type ParticipantList,
  type ParticipantParams,
  useParticipants,
  useRemoveParticipant,
  useReviewNominations,
} from '../projects.api';
import { SendTeachersModal } from './SendTeachersModal';

const REMOVABLE: ParticipationStatus[] = ['nominated', 'enrolled', 'waitlisted'];
/** This list's params in the project page's URL. */
const PREFIX = 'pt.';
const ACTIVE = ['published', 'enrolling', 'running'];

/** useParticipants with the project id among the params (the list page passes one object). */
function useProjectParticipants({ projectId, ...p }: ParticipantParams & { projectId: number }) {
  return useParticipants(projectId, p);
}

export function ParticipantsTab({ project: p }: { project: ProjectDetail }) {
  const { t } = useTranslation('projects');
  const { message } = App.useApp();
  const qc = useQueryClient();
  const access = accessOf(useMe().data);
  const labels = useProjectLabels();
  const date = useDate();
  const url = useListUrl(PREFIX);
  const phone = !Grid.useBreakpoint().md;
  const review = useReviewNominations(p.id);
  const remove = useRemoveParticipant(p.id);
  const [rejecting, setRejecting] = useState<{ ids: number[]; clear: () => void; nominated: number } | null>(null);
  const [removing, setRemoving] = useState<ParticipantItem | null>(null);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const [importing, setImporting] = useState(false);

  const reviewer = p.can.changeStatus && ACTIVE.includes(p.status);
  const canRemove = p.can.edit && ACTIVE.includes(p.status);
  const upper = isUpperLevel(p.level);
  const canSend = access.can('enrolment.allocate') && upper && ACTIVE.includes(p.status);
  const canImport = access.can('results.import') && upper && p.status !== 'draft';
  const defaultStatus = p.participants.nominated > 0 && p.can.changeStatus ? 'nominated' : 'all';
  const status = url.get('status') ?? defaultStatus;

  const doReview = async (decision: 'approve' | 'reject', ids: number[], clear: () => void, nominated: number) => {
    setError(null);
    try {
      const r = await review.mutateAsync({
        participationIds: ids,
        decision,
        reason: decision === 'reject' ? reason.trim() : undefined,
      });
      message.success(
        decision === 'approve'
          ? t('participants.approved', { n: r.count })
          : t('participants.rejected', { n: r.count }),
      );
      clear();
      setRejecting(null);
      setReason('');
      // The last nominations are reviewed: leave the now empty "待审核" filter.
      if (status === 'nominated' && r.count >= nominated) url.set({ status: 'all' });
    } catch (e) {
      const m = (e as Error).message;
      if (decision === 'reject') setError(m);
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

  const columns = (data: ParticipantList | undefined): ListColumn<ParticipantItem>[] => {
    // What the school saw when nominating: hours this cycle, trainings this year, eligibility, clashes.
    const fairness = !!data?.items.some((r) => r.hoursThisCycle != null);
    const cycle = data?.items[0]?.cycle;
    return [
      {
        key: 'teacher',
        title: t('participants.teacher'),
        dataIndex: 'teacherName',
        fixed: 'left',
        locked: true,
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
        key: 'school',
        title: t('participants.schoolStage'),
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
        key: 'status',
        title: t('field.status'),
        dataIndex: 'status',
        render: (v: ParticipationStatus, r) => (
          <Tag color={PARTICIPATION_COLOR[v]} style={{ marginInlineEnd: 0 }}>
            {labels.participation(v)}
            {v === 'waitlisted' && r.waitlistPosition ? ` #${r.waitlistPosition}` : ''}
          </Tag>
        ),
      },
      ...(fairness
        ? [
            {
              key: 'hours',
              title: (
                <Tooltip title={cycle ? t('candidates.cycle', { cycle }) : undefined}>{t('candidates.hours')}</Tooltip>
              ),
              align: 'right' as const,
              render: (_: unknown, r: ParticipantItem) => (r.hoursThisCycle == null ? '—' : fmtInt(r.hoursThisCycle)),
            },
            {
              key: 'trainings',
              title: t('candidates.trainings'),
              align: 'right' as const,
              render: (_: unknown, r: ParticipantItem) => r.trainingsThisYear ?? '—',
            },
            {
              key: 'check',
              title: t('candidates.check'),
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
                        {t('candidates.clash', {
                          name: x.projectName,
                          dates: `${date(x.startDate)}–${date(x.endDate)}`,
                        })}
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
        key: 'source',
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
        key: 'review',
        title: t('participants.review'),
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
        key: 'result',
        title: t('participants.result'),
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
      {
        key: 'createdAt',
        title: t('participants.createdAt'),
        dataIndex: 'createdAt',
        defaultHidden: true,
        render: (v: string) => date(v),
      },
      ...(canRemove
        ? [
            {
              key: 'actions',
              title: t('common:action.operations'),
              fixed: 'right' as const,
              locked: true,
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
  };

  const signIn = (list: 'participants' | 'nominated', how: 'print' | 'export') => {
    if (how === 'print') window.open(`/projects/${p.id}/sign-in?list=${list}`, '_blank', 'noopener');
    else downloadUrl(`/api/projects/${p.id}/sign-in-sheet/export`, { list });
  };
  const nominations = p.enrolMode === 'nomination' || upper;
  const toolbar = (
    <>
      {canSend && (
        <Button icon={<UserAddOutlined />} onClick={() => setSending(true)} data-testid="record-sent">
          {phone ? null : t('participants.recordSent')}
        </Button>
      )}
      {canImport && (
        <Button icon={<ImportOutlined />} onClick={() => setImporting(true)} data-testid="import-results">
          {phone ? null : t('resultsImport.button')}
        </Button>
      )}
      <Dropdown
        trigger={['click']}
        menu={{
          items: [
            {
              key: 'pp',
              icon: <PrinterOutlined />,
              label: t('signIn.printParticipants'),
              onClick: () => signIn('participants', 'print'),
            },
            {
              key: 'pe',
              icon: <FileExcelOutlined />,
              label: t('signIn.exportParticipants'),
              onClick: () => signIn('participants', 'export'),
            },
            ...(nominations
              ? [
                  { type: 'divider' as const },
                  {
                    key: 'np',
                    icon: <PrinterOutlined />,
                    label: t('signIn.printNominated'),
                    onClick: () => signIn('nominated', 'print'),
                  },
                  {
                    key: 'ne',
                    icon: <FileExcelOutlined />,
                    label: t('signIn.exportNominated'),
                    onClick: () => signIn('nominated', 'export'),
                  },
                ]
              : []),
          ],
        }}
      >
        <Button icon={<PrinterOutlined />} data-testid="sign-in-sheet">
          {t('signIn.button')} <DownOutlined />
        </Button>
      </Dropdown>
    </>
  );

  const total = (d: ParticipantList | undefined) => Object.values(d?.counts ?? {}).reduce((a, b) => a + b, 0);

  return (
    <div>
      <ListPage<ParticipantItem, ParticipantList>
        id="participants"
        prefix={PREFIX}
        tabs={{
          name: 'status',
          default: defaultStatus,
          variant: 'segmented',
          items: (d) => [
            { key: 'all', label: `${t('participants.all')} ${fmtInt(total(d))}` },
            ...PARTICIPATION_STATUSES.filter((s) => (d?.counts[s] ?? 0) > 0 || s === status).map((s) => ({
              key: s,
              label: `${labels.participation(s)} ${fmtInt(d?.counts[s] ?? 0)}`,
            })),
          ],
        }}
        filters={[
          { type: 'search', name: 'q', label: t('participants.search'), width: 200 },
          {
            type: 'school',
            name: 'schoolId',
            label: t('participants.school'),
            hidden: access.schoolAdmin || access.trainer,
          },
        ]}
        toParams={(v) => ({
          projectId: p.id,
          status: v.status === 'all' ? undefined : v.status,
          schoolId: v.schoolId,
          q: v.q,
        })}
        useList={useProjectParticipants}
        exportPath={`/api/projects/${p.id}/participants/export`}
        summary={(d) => (d.capacity != null ? t('participants.capacity', { n: fmtInt(d.capacity) }) : null)}
        toolbar={toolbar}
        banner={(d) =>
          reviewer && (d?.counts.nominated ?? 0) > 0 ? (
            <Alert
              type="info"
              showIcon
              title={t('participants.reviewHint', { n: d?.counts.nominated })}
              style={{ marginBottom: 12 }}
            />
          ) : null
        }
        bulk={{
          enabled: (d) => reviewer && (d?.counts.nominated ?? 0) > 0,
          selectable: (r) => r.status === 'nominated',
          disabledHint: t('participants.notReviewable'),
          actions: (rows, clear, d) => (
            <>
              <Button
                type="primary"
                icon={<CheckOutlined />}
                loading={review.isPending && !rejecting}
                onClick={() =>
                  doReview(
                    'approve',
                    rows.map((r) => r.id),
                    clear,
                    d?.counts.nominated ?? 0,
                  )
                }
                data-testid="review-approve"
              >
                {t('participants.approve')}
              </Button>
              <Button
                danger
                icon={<CloseOutlined />}
                onClick={() => {
                  setRejecting({ ids: rows.map((r) => r.id), clear, nominated: d?.counts.nominated ?? 0 });
                  setReason('');
                  setError(null);
                }}
                data-testid="review-reject"
              >
                {t('participants.reject')}
              </Button>
            </>
          ),
        }}
        columns={columns}
        rowKey={(r) => r.id}
        empty={{
          none: upper
            ? t('participants.emptyUpper')
            : p.enrolMode === 'open'
              ? t('participants.emptyOpen')
              : t('participants.empty'),
          filtered: t('participants.emptyFiltered'),
        }}
        tableProps={{ size: 'small' }}
      />
      <Modal
        open={rejecting !== null}
        title={t('participants.rejectTitle', { n: rejecting?.ids.length ?? 0 })}
        onCancel={() => setRejecting(null)}
        onOk={() => rejecting && doReview('reject', rejecting.ids, rejecting.clear, rejecting.nominated)}
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
      {canImport && (
        <Drawer
          open={importing}
          onClose={() => setImporting(false)}
          size={phone ? '100%' : 880}
          title={t('resultsImport.title', { name: p.name })}
          destroyOnHidden
        >
          <ImportWizard
            kind="results"
            projectId={p.id}
            onDone={() => {
              setImporting(false);
              void qc.invalidateQueries({ queryKey: ['projects'] });
            }}
          />
        </Drawer>
      )}
    </div>
  );
}
