// The spreadsheet import wizard shared by teachers, schools, historical credits and upper-level
// results: upload → dry-run preview (with live progress from the job) → commit (all-or-nothing,
// optionally skipping invalid rows) → done. Results may be bound to one project (from its page).
import { DownloadOutlined, FileExcelOutlined, InboxOutlined, ReloadOutlined } from '@ant-design/icons';
import { type ImportError, type ImportMapping, type ImportResult, type Job, SCHOOL_TYPES } from '@shixun/common';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Col,
  Grid,
  Progress,
  Result,
  Row,
  Space,
  Statistic,
  Steps,
  Table,
  Tabs,
  Tag,
  Typography,
  Upload,
} from 'antd';
import { type ReactNode, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { accessOf } from '../../access';
import { saveBlob } from '../../lib/http';
import { useMe } from '../auth/auth.api';
import { MappedValues, ValueMapping } from '../dictionaries/ValueMapping';
import { HEADER_GUIDE } from './headers';
import {
  downloadTemplate,
  type ImportKind,
  type ImportParams,
  resultOfError,
  useImportReport,
  useJob,
  useRunImport,
} from './imports.api';
import { RecentJobs } from './RecentJobs';

type PreviewRow = NonNullable<ImportResult['preview']>[number];

const ACCEPTED = /\.(xlsx|csv)$/i;

/** Which format notes (imports:format.<kind>.*) the upload step lists. */
const FORMAT_NOTES: Record<ImportKind, string[]> = {
  teachers: ['header', 'idNumber', 'school', 'date', 'multi', 'terms', 'match'],
  schools: ['header', 'type', 'area', 'core', 'match'],
  credits: ['header', 'idNumber', 'date', 'category', 'idempotent'],
  accounts: ['header', 'role', 'whole'],
  budgets: ['header', 'school', 'amount', 'county', 'match'],
  results: ['header', 'idNumber', 'project', 'result', 'credit', 'idempotent'],
};
/** The notes of a one-project results import (its project's details are the project's). */
const PROJECT_NOTES = ['header', 'idNumber', 'projectFixed', 'result', 'credit', 'idempotent'];

/** Where the finished import's primary button leads, and its label (imports:done.*). */
const DONE_LINK: Record<ImportKind, { path: string; label: string }> = {
  teachers: { path: '/teachers', label: 'done.viewTeachers' },
  schools: { path: '/schools', label: 'done.viewSchools' },
  credits: { path: '/credit/progress', label: 'done.viewCredits' },
  accounts: { path: '/accounts/slips/print', label: 'done.printSlips' },
  budgets: { path: '/funds/budgets', label: 'done.viewBudgets' },
  results: { path: '/projects?year=all&organiserType=upper', label: 'done.viewProjects' },
};

const NO_PARAMS: ImportParams = {};

/** Imports committed whole or not at all (no "skip the wrong rows"). */
const WHOLE_ONLY: ReadonlySet<ImportKind> = new Set(['accounts']);

/** crypto.randomUUID exists only in secure contexts; a county server on plain http over the LAN is not one. */
function newJobId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Rows with errors. The error list may be capped (with a row-0 note), so count from the totals:
 *  without skipInvalid, skipped = unchanged rows and every other row is created, updated or in error. */
const errorRowCount = (r: ImportResult) => Math.max(0, r.total - r.created - r.updated - r.skipped);

export function ImportWizard({
  kind,
  params: given = NO_PARAMS,
  projectId,
  extra,
  onDone,
  onCommitted,
}: {
  kind: ImportKind;
  /** What this import needs besides the file (the budgets import: `year`); remount the wizard when it changes. */
  params?: ImportParams;
  /** Results only: every row is this project's. */
  projectId?: number;
  /** Shown in the card's header (e.g. the year being imported). */
  extra?: ReactNode;
  /** Shown as the finished import's primary button instead of the link (an import inside a drawer). */
  onDone?: () => void;
  /** Called with the committed result (e.g. to keep the slips an account import returns). */
  onCommitted?: (result: ImportResult) => void;
}) {
  const { t } = useTranslation('imports');
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [step, setStep] = useState(0);
  const [file, setFile] = useState<File | null>(null);
  const [dryJob, setDryJob] = useState<string | null>(null);
  const [commitJob, setCommitJob] = useState<string | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [rejected, setRejected] = useState(false);
  const [skipInvalid, setSkipInvalid] = useState(false);
  const [done, setDone] = useState<ImportResult | null>(null);
  /** error rows left out by a skipInvalid commit (the server counts them as skipped) */
  const [skippedRows, setSkippedRows] = useState(0);
  const params = useMemo(
    () => (projectId == null ? given : { ...given, projectId: String(projectId) }),
    [given, projectId],
  );
  /** Sheet values the dictionary lacks → entries, chosen once for the file (the mapping step). */
  const [mapping, setMapping] = useState<ImportMapping>({});
  const canAddToDictionary = accessOf(useMe().data).can('dictionaries.write');
  const preview = useRunImport(kind, params);
  const commit = useRunImport(kind, params);
  const dryProgress = useJob(dryJob, preview.isPending);
  const commitProgress = useJob(commitJob, commit.isPending);
  const report = useImportReport(kind, params);
  const bound = kind === 'results' && projectId != null;
  const screens = Grid.useBreakpoint();

  const errorRows = result ? errorRowCount(result) : 0;
  const validRows = result ? Math.max(0, result.total - errorRows) : 0;
  const writes = result ? result.created + result.updated : 0;

  function restart() {
    preview.reset();
    commit.reset();
    setFile(null);
    setResult(null);
    setDone(null);
    setSkippedRows(0);
    setRejected(false);
    setSkipInvalid(false);
    setMapping({});
    setDryJob(null);
    setCommitJob(null);
    setStep(0);
  }

  async function runPreview(f: File, m: ImportMapping = mapping) {
    const id = newJobId();
    setDryJob(id);
    setResult(null);
    setRejected(false);
    try {
      setResult(await preview.mutateAsync({ file: f, dryRun: true, jobId: id, mapping: m }));
    } catch {
      /* shown from preview.error */
    }
  }

  function choose(f: File) {
    if (!ACCEPTED.test(f.name)) {
      message.error(/\.xls$/i.test(f.name) ? t('upload.oldExcel') : t('upload.badType'));
      return;
    }
    restart();
    setFile(f);
    setStep(1);
    void runPreview(f);
  }

  async function runCommit() {
    if (!file || !result) return;
    const id = newJobId();
    setCommitJob(id);
    setRejected(false);
    const skipping = errorRows > 0 && skipInvalid;
    try {
      const r = await commit.mutateAsync({ file, dryRun: false, skipInvalid: skipping, jobId: id, mapping });
      onCommitted?.(r);
      setSkippedRows(skipping ? errorRows : 0);
      setDone(r);
      setStep(3);
    } catch (e) {
      // IMPORT_HAS_ERRORS: the data changed since the preview; its fresh result replaces the old one.
      const r = resultOfError(e);
      if (r) {
        setResult(r);
        setRejected(true);
        commit.reset();
      }
    }
  }

  async function downloadReport() {
    if (!file) return;
    try {
      const blob = await report.mutateAsync(file);
      saveBlob(blob, t('report.filename', { name: file.name.replace(/\.[^.]+$/, '') }));
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
    }
  }

  const reportButton = (
    <Button icon={<DownloadOutlined />} loading={report.isPending} onClick={downloadReport} data-testid="error-report">
      {t('report.download')}
    </Button>
  );
  const reuploadButton = (
    <Button icon={<ReloadOutlined />} onClick={restart}>
      {t('reupload')}
    </Button>
  );

  const fileLine = file && (
    <Space wrap size={4} style={{ marginBottom: 16 }}>
      <FileExcelOutlined style={{ color: '#1d6f42' }} />
      <Typography.Text strong>{file.name}</Typography.Text>
      <Typography.Text type="secondary">{formatSize(file.size)}</Typography.Text>
    </Space>
  );

  let body: ReactNode;
  if (step === 0) {
    body = <UploadStep kind={kind} params={params} projectId={projectId} onFile={choose} />;
  } else if (step === 1) {
    body = (
      <>
        {fileLine}
        {preview.isPending ? (
          <JobProgress job={dryProgress.data ?? null} />
        ) : preview.error ? (
          <Alert
            type="error"
            showIcon
            title={t('preview.failed')}
            description={preview.error.message}
            action={<Space orientation="vertical">{reuploadButton}</Space>}
          />
        ) : result ? (
          <>
            <Alert type="info" showIcon title={t('preview.dryRunNote')} style={{ marginBottom: 16 }} />
            <ResultView result={result} />
            <MappedValues result={result} />
            {(result.unknown?.length ?? 0) > 0 && (
              <ValueMapping
                result={result}
                mapping={mapping}
                onChange={setMapping}
                onApply={() => file && runPreview(file)}
                applying={preview.isPending}
                canAdd={canAddToDictionary}
              />
            )}
            {errorRows > 0 && (
              <Alert
                type="warning"
                showIcon
                style={{ marginTop: 16 }}
                title={t('preview.errorsFound', { rows: errorRows })}
                description={t('report.hint')}
              />
            )}
            <Space wrap style={{ marginTop: 16 }}>
              {errorRows > 0 && reportButton}
              {reuploadButton}
              <Button
                type="primary"
                onClick={() => setStep(2)}
                // Values still unknown to the dictionary must be mapped (and previewed) first.
                disabled={(result.unknown ?? []).some((g) => g.kind !== 'school')}
                data-testid="import-next"
              >
                {t('next')}
              </Button>
            </Space>
          </>
        ) : null}
      </>
    );
  } else if (step === 2 && result) {
    const blocked = (errorRows > 0 && !skipInvalid) || writes === 0;
    body = (
      <>
        {fileLine}
        <Alert type="info" showIcon title={t('commit.allOrNothing')} style={{ marginBottom: 16 }} />
        {rejected && <Alert type="error" showIcon title={t('commit.rejected')} style={{ marginBottom: 16 }} />}
        <Typography.Paragraph style={{ fontSize: 15 }}>
          {t('commit.summary', { created: result.created, updated: result.updated })}
          {result.skipped > 0 && t('commit.summarySkipped', { skipped: result.skipped })}
        </Typography.Paragraph>
        {errorRows > 0 && (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 16 }}
            title={t('commit.hasErrors', { rows: errorRows })}
            description={
              <Space orientation="vertical" size={8} style={{ width: '100%' }}>
                <span>{t(writes > 0 && !WHOLE_ONLY.has(kind) ? 'commit.choose' : 'commit.fixOnly')}</span>
                <Space wrap>
                  {reuploadButton}
                  {reportButton}
                </Space>
                {writes > 0 && !WHOLE_ONLY.has(kind) && (
                  <Checkbox
                    checked={skipInvalid}
                    onChange={(e) => setSkipInvalid(e.target.checked)}
                    disabled={commit.isPending}
                    data-testid="skip-invalid"
                  >
                    {t('commit.skipInvalid', { n: validRows })}
                  </Checkbox>
                )}
              </Space>
            }
          />
        )}
        {rejected && <ResultView result={result} />}
        {commit.isPending && <JobProgress job={commitProgress.data ?? null} />}
        {commit.error && !resultOfError(commit.error) && (
          <Alert
            type="error"
            showIcon
            title={t('commit.failed')}
            description={commit.error.message}
            style={{ marginBottom: 16 }}
          />
        )}
        {writes === 0 && <Alert type="info" showIcon title={t('commit.nothing')} style={{ marginBlock: 16 }} />}
        <Space wrap style={{ marginTop: 16 }}>
          <Button onClick={() => setStep(1)} disabled={commit.isPending}>
            {t('back')}
          </Button>
          <Button
            type="primary"
            onClick={runCommit}
            loading={commit.isPending}
            disabled={blocked}
            data-testid="import-commit"
          >
            {t('commit.start')}
          </Button>
        </Space>
      </>
    );
  } else if (step === 3 && done) {
    const skippedErrors = skippedRows;
    body = (
      <Result
        status="success"
        title={t('done.title')}
        subTitle={
          <Space orientation="vertical" size={4}>
            <span>
              {t('done.summary', { created: done.created, updated: done.updated })}
              {done.skipped > skippedErrors && t('done.summarySkipped', { skipped: done.skipped - skippedErrors })}
            </span>
            {skippedErrors > 0 && <span>{t('done.skippedErrors', { rows: skippedErrors })}</span>}
          </Space>
        }
        extra={
          <Space wrap style={{ justifyContent: 'center' }}>
            {onDone ? (
              <Button type="primary" onClick={onDone} data-testid="import-close">
                {t('done.close')}
              </Button>
            ) : (
              <Button
                type="primary"
                onClick={() => navigate(`${DONE_LINK[kind].path}${params.year ? `?year=${params.year}` : ''}`)}
              >
                {t(DONE_LINK[kind].label)}
              </Button>
            )}
            {skippedErrors > 0 && reportButton}
            <Button onClick={restart}>{t('done.again')}</Button>
          </Space>
        }
      />
    );
  }

  const failedAt = step === 1 && preview.error ? 'error' : undefined;

  return (
    <Card
      title={bound ? undefined : t(`title.${kind}`)}
      extra={extra}
      variant={bound ? 'borderless' : undefined}
      styles={screens.sm && !bound ? undefined : { body: { padding: bound ? 0 : 12 } }}
    >
      <Typography.Paragraph type="secondary">
        {t(bound ? 'intro.resultsProject' : `intro.${kind}`)}
      </Typography.Paragraph>
      <Steps
        current={step}
        // four steps side by side even on a phone: titles go under the icons instead of stacking
        responsive={false}
        titlePlacement={screens.sm ? 'horizontal' : 'vertical'}
        status={failedAt ?? (step === 3 ? 'finish' : 'process')}
        size="small"
        style={{ marginBottom: 24 }}
        items={[
          { title: t('steps.upload') },
          { title: t('steps.preview') },
          { title: t('steps.commit') },
          { title: t('steps.done') },
        ]}
      />
      {body}
    </Card>
  );
}

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function UploadStep({
  kind,
  params,
  projectId,
  onFile,
}: {
  kind: ImportKind;
  params: ImportParams;
  projectId?: number;
  onFile: (f: File) => void;
}) {
  const { t } = useTranslation('imports');
  const bound = kind === 'results' && projectId != null;
  const guide = bound ? HEADER_GUIDE.results.filter((g) => !g.project) : HEADER_GUIDE[kind];
  const notes = bound ? PROJECT_NOTES : FORMAT_NOTES[kind];
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Upload.Dragger
        accept=".xlsx,.csv"
        multiple={false}
        showUploadList={false}
        beforeUpload={(f) => {
          onFile(f);
          return Upload.LIST_IGNORE;
        }}
        data-testid="import-dragger"
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">{t('upload.drag')}</p>
        <p className="ant-upload-hint">{t('upload.hint')}</p>
      </Upload.Dragger>
      <Space wrap>
        <Button
          icon={<DownloadOutlined />}
          onClick={() => downloadTemplate(kind, params)}
          data-testid="import-template"
        >
          {t('upload.template')}
        </Button>
        <Typography.Text type="secondary">{t('upload.templateHint')}</Typography.Text>
      </Space>
      <div>
        <Typography.Title level={5}>{t('upload.headers')}</Typography.Title>
        <Table
          size="small"
          rowKey="key"
          pagination={false}
          scroll={{ x: 'max-content' }}
          dataSource={guide}
          columns={[
            {
              title: t('upload.header'),
              dataIndex: 'header',
              render: (h: string, g) => (
                <Space size={4}>
                  <Typography.Text strong>{h}</Typography.Text>
                  {g.required && (
                    <Tag color={g.required === 'always' ? 'red' : 'orange'}>{t(`upload.required.${g.required}`)}</Tag>
                  )}
                </Space>
              ),
            },
            {
              title: t('upload.synonyms'),
              dataIndex: 'synonyms',
              render: (s: string[]) => (s.length ? s.join(t('separator')) : '—'),
            },
            { title: t('upload.meaning'), key: 'meaning', render: (_, g) => t(`column.${g.key}`) },
          ]}
        />
      </div>
      <div>
        <Typography.Title level={5}>{t('upload.formats')}</Typography.Title>
        <ul style={{ paddingInlineStart: 20, margin: 0, lineHeight: 1.9 }}>
          {notes.map((k) => (
            <li key={k}>{t(`format.${kind}.${k}`, { types: SCHOOL_TYPES.join(t('separator')) })}</li>
          ))}
        </ul>
      </div>
      <RecentJobs kind={kind} />
    </Space>
  );
}

function JobProgress({ job }: { job: Job | null }) {
  const { t } = useTranslation('imports');
  const percent = job && job.total > 0 ? Math.min(100, Math.floor((job.processed / job.total) * 100)) : 0;
  return (
    <div style={{ padding: '24px 0', maxWidth: 560 }} data-testid="import-progress">
      <Typography.Text strong>
        {job?.phase ? t(`phase.${job.phase}`, { defaultValue: job.phase }) : t('phase.uploading')}
      </Typography.Text>
      <Progress percent={percent} status="active" />
      <Typography.Text type="secondary">
        {job && job.total > 0
          ? t('progress.rows', { processed: job.processed, total: job.total })
          : job && job.processed > 0
            ? t('progress.read', { processed: job.processed })
            : t('progress.wait')}
      </Typography.Text>
    </div>
  );
}

function ResultView({ result }: { result: ImportResult }) {
  const { t } = useTranslation('imports');
  const errorRows = errorRowCount(result);
  const stats: { key: string; value: number; color?: string; suffix?: string }[] = [
    { key: 'total', value: result.total },
    { key: 'created', value: result.created, color: '#389e0d' },
    { key: 'updated', value: result.updated, color: '#1f6feb' },
    { key: 'skipped', value: result.skipped, color: '#8c8c8c' },
    { key: 'errors', value: errorRows, color: errorRows ? '#cf1322' : undefined },
  ];
  const actionColor: Record<PreviewRow['action'], string> = {
    create: 'green',
    update: 'blue',
    skip: 'default',
    error: 'red',
  };

  const errorsTable = (
    <Table<ImportError & { i: number }>
      size="small"
      rowKey="i"
      // a fixed minimum, not max-content: long messages wrap on a desktop and scroll sideways on a phone
      scroll={{ x: 560 }}
      dataSource={result.errors.map((e, i) => ({ ...e, i }))}
      pagination={{ pageSize: 10, showSizeChanger: false, hideOnSinglePage: true, size: 'small' }}
      columns={[
        { title: t('table.row'), dataIndex: 'row', width: 64, render: (r: number) => (r > 0 ? r : '—') },
        { title: t('table.column'), dataIndex: 'column', width: 104, render: (c: string) => c || '—' },
        { title: t('table.problem'), dataIndex: 'message' },
      ]}
      data-testid="import-errors"
    />
  );
  const previewTable = (
    <Table<PreviewRow>
      size="small"
      rowKey="row"
      scroll={{ x: 560 }}
      dataSource={result.preview ?? []}
      pagination={{ pageSize: 10, showSizeChanger: false, hideOnSinglePage: true, size: 'small' }}
      columns={[
        { title: t('table.row'), dataIndex: 'row', width: 64 },
        {
          title: t('table.action'),
          dataIndex: 'action',
          width: 88,
          render: (a: PreviewRow['action']) => <Tag color={actionColor[a]}>{t(`action.${a}`)}</Tag>,
        },
        {
          title: t('table.content'),
          dataIndex: 'label',
          // An update lists each changed field, before → after.
          render: (label: string, p: PreviewRow) =>
            p.changes?.length ? (
              <Space size={[6, 4]} wrap>
                <span>{label.split('：')[0]}</span>
                {p.changes.map((c) => (
                  <Tag key={c.field} color="blue" style={{ marginInlineEnd: 0 }}>
                    {c.field}：{c.before} → {c.after}
                  </Tag>
                ))}
              </Space>
            ) : (
              label
            ),
        },
      ]}
      data-testid="import-preview"
    />
  );
  const warnings = result.warnings ?? [];

  return (
    <>
      <Row gutter={[12, 12]}>
        {stats.map((s) => (
          <Col key={s.key} flex="1 1 96px">
            <Card size="small" variant="outlined">
              <Statistic
                title={t(`stat.${s.key}`)}
                value={s.value}
                styles={s.color ? { content: { color: s.color } } : undefined}
              />
            </Card>
          </Col>
        ))}
      </Row>
      <Tabs
        style={{ marginTop: 8 }}
        defaultActiveKey={result.errors.length ? 'errors' : 'preview'}
        items={[
          {
            key: 'errors',
            label: t('tab.errors', { n: result.errors.length }),
            children: result.errors.length ? errorsTable : <Alert type="success" showIcon title={t('noErrors')} />,
          },
          ...(warnings.length
            ? [
                {
                  key: 'warnings',
                  label: t('tab.warnings', { n: warnings.length }),
                  children: (
                    <Table<ImportError & { i: number }>
                      size="small"
                      rowKey="i"
                      scroll={{ x: 560 }}
                      dataSource={warnings.map((e, i) => ({ ...e, i }))}
                      pagination={{ pageSize: 10, showSizeChanger: false, hideOnSinglePage: true, size: 'small' }}
                      columns={[
                        { title: t('table.row'), dataIndex: 'row', width: 64 },
                        { title: t('table.column'), dataIndex: 'column', width: 104 },
                        { title: t('table.problem'), dataIndex: 'message' },
                      ]}
                      data-testid="import-warnings"
                    />
                  ),
                },
              ]
            : []),
          {
            key: 'preview',
            label:
              (result.preview?.length ?? 0) < result.total
                ? t('tab.previewFirst', { n: result.preview?.length ?? 0 })
                : t('tab.preview', { n: result.total }),
            children: previewTable,
          },
        ]}
      />
    </>
  );
}
