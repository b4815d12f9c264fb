// Nomination candidates of one project (GET /api/projects/:id/candidates): eligible first, the least
// trained first; per teacher the hours this cycle, trainings this year, date clashes (warnings) and
// why they are not eligible (their checkbox is disabled with the reasons). Used for school
// nominations and for recording the teachers sent to upper-level projects.
import { WarningOutlined } from '@ant-design/icons';
import type { Candidate, ParticipationStatus } from '@shixun/common';
import { Button, Empty, Input, Space, Switch, Table, type TableProps, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fmtInt } from '../../components/format';
import { PageError } from '../../components/PageState';
import { PARTICIPATION_COLOR, useDateRange, useProjectLabels } from './labels';
import { useCandidates } from './projects.api';

const REUSABLE: (ParticipationStatus | null)[] = [null, 'rejected', 'withdrawn'];

export const selectableCandidate = (c: Candidate) => c.eligible && REUSABLE.includes(c.participationStatus);

interface Props {
  projectId: number;
  schoolId?: number;
  showSchool?: boolean;
  selected: Candidate[];
  onSelect: (rows: Candidate[]) => void;
  /** How many more may be chosen (null: no limit). */
  remaining: number | null;
  /** Offered on rows awaiting review. */
  onWithdraw?: (c: Candidate) => void;
  withdrawing?: number | null;
  disabled?: boolean;
}

export function CandidateTable({
  projectId,
  schoolId,
  showSchool,
  selected,
  onSelect,
  remaining,
  onWithdraw,
  withdrawing,
  disabled,
}: Props) {
  const { t } = useTranslation('projects');
  const labels = useProjectLabels();
  const range = useDateRange();
  const [q, setQ] = useState<string | undefined>();
  const [eligibleOnly, setEligibleOnly] = useState(false);
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const list = useCandidates(projectId, {
    schoolId,
    q,
    eligibleOnly: eligibleOnly ? ('true' as never) : undefined,
    page,
    pageSize,
  });
  const selectedIds = selected.map((c) => c.teacherId);
  const full = remaining != null && selected.length >= remaining;

  const columns: TableProps<Candidate>['columns'] = [
    {
      title: t('candidates.teacher'),
      dataIndex: 'name',
      fixed: 'left',
      render: (v: string, c) => (
        <div style={{ minWidth: 90 }}>
          <div>{v}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {c.idNumberMasked}
          </Typography.Text>
        </div>
      ),
    },
    ...(showSchool ? [{ title: t('participants.school'), dataIndex: 'schoolName' }] : []),
    {
      title: t('participants.stageSubject'),
      key: 'ss',
      render: (_, c) => (
        <div>
          {labels.enumLabel(c.stage)} · {labels.enumLabel(c.subject)}
          {c.title && (
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {labels.enumLabel(c.title)}
              </Typography.Text>
            </div>
          )}
        </div>
      ),
    },
    {
      title: t('candidates.tags'),
      dataIndex: 'tags',
      render: (v: string[]) =>
        v.length ? (
          <Space size={[2, 2]} wrap style={{ maxWidth: 160 }}>
            {v.map((x) => (
              <Tag key={x} color="blue" style={{ marginInlineEnd: 0 }}>
                {labels.enumLabel(x)}
              </Tag>
            ))}
          </Space>
        ) : (
          '—'
        ),
    },
    {
      title: (
        <Tooltip title={list.data?.items[0] ? t('candidates.cycle', { cycle: list.data.items[0].cycle }) : undefined}>
          {t('candidates.hours')}
        </Tooltip>
      ),
      dataIndex: 'hoursThisCycle',
      align: 'right',
      render: (v: number) => fmtInt(v),
    },
    { title: t('candidates.trainings'), dataIndex: 'trainingsThisYear', align: 'right' },
    {
      title: t('candidates.check'),
      key: 'check',
      width: 260,
      render: (_, c) => (
        <Space orientation="vertical" size={2} style={{ width: '100%', minWidth: 200 }}>
          {c.participationStatus && (
            <Tag color={PARTICIPATION_COLOR[c.participationStatus]} style={{ marginInlineEnd: 0 }}>
              {labels.participation(c.participationStatus)}
            </Tag>
          )}
          {c.clashes.map((x) => (
            <Tooltip key={x.projectId} title={t('candidates.clashHint')}>
              <Tag
                color="orange"
                icon={<WarningOutlined />}
                style={{ marginInlineEnd: 0, whiteSpace: 'normal', display: 'inline-block', maxWidth: '100%' }}
              >
                {t('candidates.clash', { name: x.projectName, dates: range(x.startDate, x.endDate) })}
              </Tag>
            </Tooltip>
          ))}
          {!c.eligible &&
            c.reasons.map((r) => (
              <Typography.Text key={r} type="danger" style={{ fontSize: 12 }}>
                {r}
              </Typography.Text>
            ))}
          {c.eligible && !c.participationStatus && c.clashes.length === 0 && (
            <Typography.Text type="success" style={{ fontSize: 12 }}>
              {t('candidates.eligible')}
            </Typography.Text>
          )}
        </Space>
      ),
    },
    ...(onWithdraw
      ? [
          {
            title: t('common:action.operations'),
            key: 'actions',
            render: (_: unknown, c: Candidate) =>
              c.participationStatus === 'nominated' ? (
                <Button
                  type="link"
                  size="small"
                  danger
                  loading={withdrawing === c.participationId}
                  onClick={() => onWithdraw(c)}
                >
                  {t('candidates.withdraw')}
                </Button>
              ) : null,
          },
        ]
      : []),
  ];

  const why = (c: Candidate) => {
    if (!c.eligible) return c.reasons.join('；');
    if (!REUSABLE.includes(c.participationStatus))
      return t('candidates.already', { status: labels.participation(c.participationStatus!) });
    if (full && !selectedIds.includes(c.teacherId)) return t('candidates.full');
    return undefined;
  };

  return (
    <div>
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search
          placeholder={t('candidates.search')}
          allowClear
          onSearch={(v) => {
            setQ(v.trim() || undefined);
            setPage(1);
          }}
          style={{ width: 220 }}
        />
        <Space size={4}>
          <Switch
            size="small"
            checked={eligibleOnly}
            onChange={(v) => {
              setEligibleOnly(v);
              setPage(1);
            }}
          />
          <span>{t('candidates.eligibleOnly')}</span>
        </Space>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('candidates.orderHint')}
        </Typography.Text>
      </Space>
      {list.error && !list.data ? (
        <PageError error={list.error} onRetry={() => list.refetch()} />
      ) : (
        <Table<Candidate>
          rowKey="teacherId"
          size="small"
          columns={columns}
          dataSource={list.data?.items}
          loading={list.isFetching}
          scroll={{ x: 'max-content' }}
          onRow={(c) => ({ style: selectableCandidate(c) ? undefined : { background: '#fafafa' } })}
          rowSelection={{
            selectedRowKeys: selectedIds,
            preserveSelectedRowKeys: true,
            hideSelectAll: true,
            onChange: (_keys, rows) => {
              // rows of other pages are kept by preserveSelectedRowKeys but come back undefined
              const byId = new Map(selected.map((c) => [c.teacherId, c]));
              const next = _keys
                .map((k) => rows.find((r) => r?.teacherId === k) ?? byId.get(k as number))
                .filter((r): r is Candidate => !!r);
              onSelect(remaining != null ? next.slice(0, Math.max(remaining, 0)) : next);
            },
            getCheckboxProps: (c) => ({
              disabled: disabled || !!why(c),
              'aria-label': c.name,
            }),
            renderCell: (_checked, c, _i, node) => {
              const w = why(c);
              return w ? <Tooltip title={w}>{node}</Tooltip> : node;
            },
          }}
          locale={{
            emptyText: list.isLoading ? (
              ' '
            ) : (
              <Empty
                image={Empty.PRESENTED_IMAGE_SIMPLE}
                description={q || eligibleOnly ? t('candidates.emptyFiltered') : t('candidates.empty')}
              />
            ),
          }}
          pagination={{
            current: page,
            pageSize,
            total: list.data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: [20, 50, 100],
            showTotal: (total) => t('common:total', { total: fmtInt(total) }),
            onChange: (pg, size) => {
              setPage(size !== pageSize ? 1 : pg);
              setPageSize(size);
            },
          }}
        />
      )}
    </div>
  );
}
