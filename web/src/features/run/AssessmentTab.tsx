// Assessment (考核): each participant's attendance, score and result, with the completion rule
// checked live as results are entered; batch save, import from a spreadsheet (dry run → commit),
// a CSV sheet to fill in, and the completion run (结业: credit hours, certificates).
import { DownloadOutlined, SafetyCertificateOutlined, SaveOutlined, UploadOutlined } from '@ant-design/icons';
import {
  type AssessmentRow,
  type CompletionResult,
  formatHours,
  meetsCompletion,
  type ProjectAssessment,
  RESULTS,
  type Result,
  resultFromScore,
} from '@shixun/common';
import {
  Alert,
  App,
  Button,
  Card,
  Empty,
  Input,
  InputNumber,
  Select,
  Space,
  Statistic,
  Table,
  type TableProps,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fmtRate } from '../../components/format';
import { PageError, PageLoading } from '../../components/PageState';
import { http, saveBlob } from '../../lib/http';
import { useAssessment, useCompleteProject, useSaveAssessment } from './run.api';
import { ScoresImportModal } from './ScoresImportModal';
import { RUNNING_STATUSES, useFail } from './shared';

interface Edit {
  score: number | null;
  result: Result | null;
  /** Why the result differs from the one the score gives (an override needs one). */
  reason: string;
}

const RESULT_COLORS: Record<Result, string> = { 优秀: 'gold', 合格: 'green', 不合格: 'red' };

export function AssessmentTab({ projectId }: { projectId: number }) {
  const { t } = useTranslation('run');
  const { message, modal } = App.useApp();
  const fail = useFail();
  const [q, setQ] = useState<string | undefined>();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(50);
  const [edits, setEdits] = useState<Map<number, Edit>>(new Map());
  const [selected, setSelected] = useState<number[]>([]);
  const [bulkResult, setBulkResult] = useState<Result>('合格');
  const [importing, setImporting] = useState(false);
  const list = useAssessment(projectId, { page, pageSize, q });
  const save = useSaveAssessment(projectId);
  const complete = useCompleteProject(projectId);

  if (list.isLoading) return <PageLoading />;
  if (list.error || !list.data) return <PageError error={list.error} onRetry={() => list.refetch()} />;
  const data = list.data;
  const editable = data.canManage && (RUNNING_STATUSES as readonly string[]).includes(data.projectStatus);
  const dirty = edits.size;
  // Completion runs once the project is in 考核中 (the server refuses it earlier).
  const completable = data.canManage && data.projectStatus === 'assessing';

  /** What a score gives under the project's lines (the server derives the same). */
  const derive = (score: number | null) => (score == null ? null : resultFromScore(score, data.scoreLines));
  const isOverride = (v: Edit) => v.score != null && v.result != null && v.result !== derive(v.score);
  const saved = (r: AssessmentRow): Edit => ({
    score: r.score,
    result: r.result,
    reason: r.resultOverrideReason ?? '',
  });
  const currentOf = (r: AssessmentRow): Edit => edits.get(r.participationId) ?? saved(r);
  const setEdit = (r: AssessmentRow, patch: Partial<Edit>) =>
    setEdits((prev) => {
      const next = new Map(prev);
      const v = { ...currentOf(r), ...patch };
      // A new score sets the result (a hand-set result is chosen after it, with a reason).
      if ('score' in patch && !('result' in patch) && v.score != null) {
        v.result = derive(v.score);
        v.reason = '';
      }
      if (!isOverride(v)) v.reason = '';
      // Back to what is saved: no longer an edit.
      const s = saved(r);
      if (v.score === s.score && v.result === s.result && v.reason === s.reason) next.delete(r.participationId);
      else next.set(r.participationId, v);
      return next;
    });

  const onSave = async () => {
    const missing = [...edits.values()].filter((v) => isOverride(v) && !v.reason.trim()).length;
    if (missing) {
      message.error(t('assess.reasonMissing', { n: missing }));
      return;
    }
    try {
      const r = await save.mutateAsync(
        [...edits].map(([participationId, v]) => ({
          participationId,
          score: v.score,
          result: v.result,
          ...(isOverride(v) ? { overrideReason: v.reason.trim() } : {}),
        })),
      );
      setEdits(new Map());
      message.success(t('assess.saved', { n: r.updated }));
    } catch (e) {
      fail(e);
    }
  };

  const applyBulk = () => {
    const rows = data.items.filter((r) => selected.includes(r.participationId));
    setEdits((prev) => {
      const next = new Map(prev);
      for (const r of rows) {
        const v = { ...(prev.get(r.participationId) ?? saved(r)), result: bulkResult };
        if (!isOverride(v)) v.reason = '';
        const s = saved(r);
        if (v.score === s.score && v.result === s.result && v.reason === s.reason) next.delete(r.participationId);
        else next.set(r.participationId, v);
      }
      return next;
    });
    setSelected([]);
  };

  const onComplete = () =>
    modal.confirm({
      title: t('assess.completeTitle'),
      width: 560,
      content: <CompleteExplanation data={data} />,
      okText: t('assess.completeOk'),
      // the App-level modal sits outside the ConfigProvider, so it does not get antd's locale
      cancelText: t('common:action.cancel'),
      onOk: async () => {
        try {
          const r = await complete.mutateAsync();
          modal.success({
            title: t('assess.completeDone'),
            content: <CompletionSummary r={r} />,
            width: 480,
            okText: t('common:action.confirm'),
          });
        } catch (e) {
          fail(e);
        }
      },
    });

  const ruleText = t(data.completionRule.requirePass ? 'assess.ruleWithPass' : 'assess.rule', {
    min: fmtRate(data.completionRule.minAttendanceRate),
  });
  const linesText = t(data.scoreLines.fromProject ? 'assess.linesProject' : 'assess.linesCounty', {
    pass: data.scoreLines.passScore,
    excellent: data.scoreLines.excellentScore,
  });

  const columns: TableProps<AssessmentRow>['columns'] = [
    {
      title: t('col.teacher'),
      dataIndex: 'teacherName',
      fixed: 'left',
      render: (v: string, r) => (
        <Space orientation="vertical" size={0}>
          <span>{v}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {r.idNumberMasked}
          </Typography.Text>
        </Space>
      ),
    },
    { title: t('col.school'), dataIndex: 'schoolName' },
    {
      title: t('assess.attendance'),
      key: 'att',
      align: 'right',
      render: (_, r) => {
        const low = r.held > 0 && r.attendanceRate + 1e-9 < data.completionRule.minAttendanceRate;
        return (
          <Tooltip title={t('assess.attendanceTip', { attended: r.attended, held: r.held, leave: r.leave })}>
            {r.held === 0 ? (
              <Typography.Text type="secondary">—</Typography.Text>
            ) : low ? (
              <Tag color="red">{fmtRate(r.attendanceRate)}</Tag>
            ) : (
              <span>{fmtRate(r.attendanceRate)}</span>
            )}
          </Tooltip>
        );
      },
    },
    {
      title: t('assess.score'),
      key: 'score',
      render: (_, r) =>
        editable ? (
          <InputNumber<number>
            min={0}
            max={100}
            step={0.5}
            precision={1}
            value={currentOf(r).score}
            onChange={(v) => setEdit(r, { score: v ?? null })}
            style={{ width: 96 }}
            aria-label={t('assess.scoreOf', { name: r.teacherName })}
          />
        ) : (
          (r.score ?? '—')
        ),
    },
    {
      title: t('assess.result'),
      key: 'result',
      render: (_, r) => {
        if (!editable) {
          if (!r.result) return '—';
          return (
            <Space size={4}>
              <Tag color={RESULT_COLORS[r.result]}>{t(`result.${r.result}`)}</Tag>
              {r.resultOverrideReason && (
                <Tooltip
                  title={t('assess.overriddenTip', { derived: r.derivedResult, reason: r.resultOverrideReason })}
                >
                  <Tag>{t('assess.overridden')}</Tag>
                </Tooltip>
              )}
            </Space>
          );
        }
        const v = currentOf(r);
        const override = isOverride(v);
        return (
          <Space orientation="vertical" size={4}>
            <Select<Result | null>
              value={v.result}
              allowClear
              placeholder={t('assess.resultPlaceholder')}
              onChange={(x) => setEdit(r, { result: x ?? null })}
              options={RESULTS.map((x) => ({
                value: x,
                label: x === derive(v.score) ? t('assess.byScore', { result: t(`result.${x}`) }) : t(`result.${x}`),
              }))}
              style={{ width: 140 }}
              aria-label={t('assess.resultOf', { name: r.teacherName })}
            />
            {override && (
              <Input
                size="small"
                value={v.reason}
                maxLength={200}
                status={v.reason.trim() ? undefined : 'error'}
                placeholder={t('assess.reasonPlaceholder', { derived: t(`result.${derive(v.score)}`) })}
                onChange={(e) => setEdit(r, { reason: e.target.value })}
                style={{ width: 220 }}
                aria-label={t('assess.reasonOf', { name: r.teacherName })}
                data-testid={`override-reason-${r.participationId}`}
              />
            )}
          </Space>
        );
      },
    },
    {
      title: t('assess.check'),
      key: 'check',
      render: (_, r) => {
        // With unsaved edits the server's verdict is stale: check the same rule here.
        const edit = edits.get(r.participationId);
        const check = edit
          ? meetsCompletion(data.completionRule, { attendanceRate: r.attendanceRate, result: edit.result })
          : { completed: r.meetsCompletion, reasons: r.reasons };
        return check.completed ? (
          <Tag color="green">{t('assess.meets')}</Tag>
        ) : (
          <Space orientation="vertical" size={0}>
            <Tag color="red">{t('assess.notMeets')}</Tag>
            {check.reasons.map((x) => (
              <Typography.Text key={x} type="secondary" style={{ fontSize: 12 }}>
                {x}
              </Typography.Text>
            ))}
          </Space>
        );
      },
    },
    {
      title: t('col.participation'),
      dataIndex: 'status',
      render: (v: string) => (
        <Tag color={v === 'completed' ? 'green' : v === 'failed' ? 'red' : 'default'}>{t(`pstatus.${v}`)}</Tag>
      ),
    },
    {
      title: t('assess.certificate'),
      dataIndex: 'certificateNumber',
      render: (v: string | null, r) =>
        v ? (
          <Space size={4}>
            <Typography.Text copyable style={{ fontFamily: 'monospace' }}>
              {v}
            </Typography.Text>
            {r.certificateRevoked && <Tag color="red">{t('cert.revoked')}</Tag>}
          </Space>
        ) : (
          '—'
        ),
    },
  ];

  const s = data.summary;
  return (
    <div data-testid="assessment-tab">
      <Card size="small" style={{ marginBottom: 16 }}>
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: 32, alignItems: 'flex-end' }}>
          <Statistic title={t('assess.participants')} value={s.participants} />
          <Statistic title={t('assess.assessed')} value={s.assessed} suffix={`/ ${s.participants}`} />
          <Statistic title={t('assess.meeting')} value={s.meeting} styles={{ content: { color: '#389e0d' } }} />
          <Statistic title={t('assess.completed')} value={s.completed} />
          <Statistic
            title={t('assess.failed')}
            value={s.failed}
            styles={{ content: { color: s.failed ? '#cf1322' : undefined } }}
          />
          <div style={{ flex: 1, minWidth: 240 }}>
            <Typography.Text type="secondary">{ruleText}</Typography.Text>
            <br />
            <Typography.Text type="secondary" data-testid="score-lines">
              {linesText}
            </Typography.Text>
            <br />
            <Typography.Text type="secondary">
              {t('assess.heldInfo', { held: data.held, sessions: data.sessions, hours: formatHours(data.hours) })}
            </Typography.Text>
          </div>
        </div>
      </Card>
      {!editable && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title={data.canManage ? t('assess.notAssessable') : t('assess.readOnly')}
        />
      )}
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, marginBottom: 12, justifyContent: 'space-between' }}>
        <Space wrap>
          <Input.Search
            allowClear
            placeholder={t('assess.search')}
            onSearch={(v) => {
              setQ(v.trim() || undefined);
              setPage(1);
            }}
            style={{ width: 220 }}
          />
          {editable && (
            <Space.Compact>
              <Select<Result>
                value={bulkResult}
                onChange={setBulkResult}
                options={RESULTS.map((x) => ({ value: x, label: t(`result.${x}`) }))}
                style={{ width: 100 }}
              />
              <Button disabled={selected.length === 0} onClick={applyBulk} data-testid="bulk-result">
                {t('assess.applyToSelected', { n: selected.length })}
              </Button>
            </Space.Compact>
          )}
        </Space>
        <Space wrap>
          {editable && (
            <>
              <Button
                icon={<DownloadOutlined />}
                onClick={() => downloadSheet(projectId, data.projectName).catch(fail)}
              >
                {t('assess.sheet')}
              </Button>
              <Button icon={<UploadOutlined />} onClick={() => setImporting(true)} disabled={dirty > 0}>
                {t('assess.import')}
              </Button>
              <Button
                type="primary"
                icon={<SaveOutlined />}
                disabled={dirty === 0}
                loading={save.isPending}
                onClick={onSave}
                data-testid="assess-save"
              >
                {t('assess.save', { n: dirty })}
              </Button>
            </>
          )}
          {data.canManage && (
            <Tooltip
              title={
                dirty
                  ? t('assess.saveFirst')
                  : !completable
                    ? t('assess.notCompletable', { status: t(`projectStatus.${data.projectStatus}`) })
                    : undefined
              }
            >
              <Button
                type={dirty ? 'default' : 'primary'}
                icon={<SafetyCertificateOutlined />}
                disabled={dirty > 0 || !completable || s.participants === 0}
                loading={complete.isPending}
                onClick={onComplete}
                data-testid="assess-complete"
              >
                {t('assess.complete')}
              </Button>
            </Tooltip>
          )}
        </Space>
      </div>
      {dirty > 0 && (
        <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('assess.unsaved', { n: dirty })} />
      )}
      <Table<AssessmentRow>
        size="small"
        rowKey="participationId"
        loading={list.isFetching && !save.isPending}
        columns={columns}
        dataSource={data.items}
        scroll={{ x: 'max-content' }}
        rowSelection={editable ? { selectedRowKeys: selected, onChange: (k) => setSelected(k as number[]) } : undefined}
        rowClassName={(r) => (edits.has(r.participationId) ? 'run-edited-row' : '')}
        locale={{ emptyText: <Empty description={q ? t('common:state.empty') : t('attendance.noParticipants')} /> }}
        pagination={{
          current: page,
          pageSize,
          total: data.total,
          showSizeChanger: true,
          pageSizeOptions: [20, 50, 100, 200],
          showTotal: (n) => t('common:total', { total: n }),
          onChange: (pg, ps) => {
            setPage(ps !== pageSize ? 1 : pg);
            setPageSize(ps);
          },
        }}
        data-testid="assessment-table"
      />
      <style>{'.run-edited-row > td { background: #fffbe6 !important; }'}</style>
      <ScoresImportModal projectId={projectId} open={importing} onClose={() => setImporting(false)} />
    </div>
  );
}

function CompleteExplanation({ data }: { data: ProjectAssessment }) {
  const { t } = useTranslation('run');
  const s = data.summary;
  return (
    <div>
      <Typography.Paragraph>{t('assess.completeIntro')}</Typography.Paragraph>
      <ul style={{ paddingInlineStart: 20, lineHeight: 1.9 }}>
        <li>{t('assess.completeMeets', { n: s.meeting })}</li>
        <li>{t('assess.completeFails', { n: s.participants - s.meeting })}</li>
        <li>{t('assess.completeHours', { hours: formatHours(data.hours) })}</li>
        <li>{t('assess.completeCerts')}</li>
        <li>{t('assess.completeRerun')}</li>
      </ul>
      {s.assessed < s.participants && data.completionRule.requirePass && (
        <Alert type="warning" showIcon title={t('assess.completeMissing', { n: s.participants - s.assessed })} />
      )}
    </div>
  );
}

function CompletionSummary({ r }: { r: CompletionResult }) {
  const { t } = useTranslation('run');
  return (
    <ul style={{ paddingInlineStart: 20, lineHeight: 1.9, margin: 0 }}>
      <li>{t('assess.doneCompleted', { completed: r.completed, failed: r.failed, participants: r.participants })}</li>
      <li>{t('assess.doneCredits', { n: r.creditsPosted })}</li>
      <li>{t('assess.doneCerts', { n: r.certificatesIssued })}</li>
      {(r.creditsReversed > 0 || r.certificatesRevoked > 0) && (
        <li>{t('assess.doneCorrections', { credits: r.creditsReversed, certs: r.certificatesRevoked })}</li>
      )}
    </ul>
  );
}

/** A CSV of every participant (姓名, 学校, 成绩, 考核结果) to fill in and import back. */
async function downloadSheet(projectId: number, projectName: string) {
  const rows: AssessmentRow[] = [];
  for (let page = 1; ; page++) {
    const r = await http.get<ProjectAssessment>(`/api/projects/${projectId}/assessment`, { page, pageSize: 200 });
    rows.push(...r.items);
    if (rows.length >= r.total || r.items.length === 0) break;
  }
  const cell = (v: string | number | null) => {
    const s = v == null ? '' : String(v);
    return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const lines = [
    ['姓名', '学校', '成绩', '考核结果'].join(','),
    ...rows.map((r) => [r.teacherName, r.schoolName, r.score, r.result].map(cell).join(',')),
  ];
  // The BOM makes Excel open the UTF-8 file as Chinese text.
  saveBlob(
    new Blob([`\uFEFF${lines.join('\r\n')}\r\n`], { type: 'text/csv;charset=utf-8' }),
    `成绩录入-${projectName}.csv`,
  );
}
