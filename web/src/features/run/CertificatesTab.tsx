// A project's certificates (结业证书): list with filters in the URL and export, issue to completed
// participants still without one, revoke in bulk with a reason, print (A4 landscape page) and PDF,
// and the whole project at once as one PDF or a zip of PDFs (a job with progress).
import {
  DownloadOutlined,
  DownOutlined,
  FilePdfOutlined,
  FileZipOutlined,
  PrinterOutlined,
  SafetyCertificateOutlined,
  StopOutlined,
} from '@ant-design/icons';
import { type AssessmentRow, type Certificate, certificateRevokeBody, formatHours } from '@shixun/common';
import { Alert, App, Button, Dropdown, Input, Modal, Progress, Result, Space, Tag, Tooltip, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fmtDate } from '../../components/format';
import { type ListColumn, ListPage } from '../../components/list/ListPage';
import { downloadUrl, http } from '../../lib/http';
import { useJob } from '../imports/imports.api';
import {
  type CertificateParams,
  certificateBatchUrl,
  certificatePdfUrl,
  useAssessment,
  useIssueCertificates,
  useProjectCertificates,
  useRevokeCertificates,
  useRunProject,
  useStartCertificateBatch,
} from './run.api';
import { useFail, useRunRights } from './shared';

/** This list's params in the project page's URL. */
const PREFIX = 'ct.';

/** useProjectCertificates with the project id among the params (the list page passes one object). */
function useCertificateList({ projectId, ...p }: CertificateParams & { projectId: number }) {
  return useProjectCertificates(projectId, p);
}

export function CertificatesTab({ projectId }: { projectId: number }) {
  const { t } = useTranslation('run');
  const { message } = App.useApp();
  const fail = useFail();
  const project = useRunProject(projectId);
  const rights = useRunRights(project.data);
  const [revoking, setRevoking] = useState<{ ids: number[]; clear: () => void } | null>(null);
  const [reason, setReason] = useState('');
  const [batch, setBatch] = useState<{ jobId: string; count: number; format: 'pdf' | 'zip' } | null>(null);
  // Completed participants without a certificate (first page of 200 is enough to tell; the issue call pages itself).
  const assessment = useAssessment(projectId, { page: 1, pageSize: 200 });
  const manage = assessment.data?.canManage ?? false;
  const missing = (assessment.data?.items ?? []).filter((r) => r.status === 'completed' && !r.certificateNumber);
  const issue = useIssueCertificates();
  const revoke = useRevokeCertificates();
  const start = useStartCertificateBatch(projectId);

  const onIssue = async () => {
    try {
      const ids = await completedWithout(projectId);
      if (ids.length === 0) return;
      const r = await issue.mutateAsync(ids);
      message.success(t('cert.issued', { n: r.issued, skipped: r.skipped }));
    } catch (e) {
      fail(e);
    }
  };

  const onRevoke = async () => {
    if (!revoking) return;
    const parsed = certificateRevokeBody.safeParse({ certificateIds: revoking.ids, reason });
    if (!parsed.success) {
      message.error(parsed.error.issues[0]?.message ?? t('cert.reasonRequired'));
      return;
    }
    try {
      const r = await revoke.mutateAsync(parsed.data);
      message.success(t('cert.revokedDone', { n: r.revoked, skipped: r.skipped }));
      revoking.clear();
      setRevoking(null);
    } catch (e) {
      fail(e);
    }
  };

  const onBatch = async (format: 'pdf' | 'zip') => {
    try {
      const r = await start.mutateAsync(format);
      setBatch({ ...r, format });
    } catch (e) {
      fail(e);
    }
  };

  const columns: ListColumn<Certificate>[] = [
    {
      key: 'number',
      title: t('cert.number'),
      dataIndex: 'number',
      locked: true,
      render: (v: string) => (
        <Typography.Text copyable style={{ fontFamily: 'monospace' }}>
          {v}
        </Typography.Text>
      ),
    },
    { key: 'teacher', title: t('col.teacher'), dataIndex: 'teacherName', locked: true },
    { key: 'school', title: t('col.school'), dataIndex: 'schoolName' },
    { key: 'hours', title: t('cert.hours'), dataIndex: 'hours', align: 'right', render: (v: number) => formatHours(v) },
    { key: 'issuedAt', title: t('cert.issuedAt'), dataIndex: 'issuedAt', render: (v: string) => fmtDate(v) },
    {
      key: 'state',
      title: t('cert.state'),
      render: (_, c) =>
        c.revoked ? (
          <Tooltip title={`${fmtDate(c.revokedAt)} · ${c.revokeReason ?? ''}`}>
            <Tag color="red">{t('cert.revoked')}</Tag>
          </Tooltip>
        ) : (
          <Tag color="green">{t('cert.valid')}</Tag>
        ),
    },
    {
      key: 'actions',
      title: t('common:action.operations'),
      locked: true,
      render: (_, c) => (
        <Space size={0}>
          <Button
            type="link"
            size="small"
            icon={<PrinterOutlined />}
            href={`/certificates/${encodeURIComponent(c.number)}/print`}
            target="_blank"
            rel="noopener"
          >
            {t('cert.print')}
          </Button>
          <Button
            type="link"
            size="small"
            icon={<FilePdfOutlined />}
            href={certificatePdfUrl(c.number)}
            target="_blank"
            rel="noopener"
          >
            PDF
          </Button>
          <Button
            type="link"
            size="small"
            href={`/verify/${encodeURIComponent(c.number)}`}
            target="_blank"
            rel="noopener"
          >
            {t('cert.verify')}
          </Button>
        </Space>
      ),
    },
  ];

  return (
    <div data-testid="certificates-tab">
      {manage && missing.length > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('cert.missing', { n: missing.length })}
          action={
            <Button
              type="primary"
              icon={<SafetyCertificateOutlined />}
              loading={issue.isPending}
              onClick={onIssue}
              data-testid="cert-issue"
            >
              {t('cert.issue')}
            </Button>
          }
        />
      )}
      <ListPage<Certificate>
        id="certificates"
        prefix={PREFIX}
        tabs={{
          name: 'state',
          default: 'all',
          variant: 'segmented',
          items: (['all', 'valid', 'revoked'] as const).map((f) => ({ key: f, label: t(`cert.filter.${f}`) })),
        }}
        filters={[{ type: 'search', name: 'q', label: t('cert.search'), width: 220 }]}
        toParams={(v) => ({
          projectId,
          q: v.q,
          revoked: v.state === 'valid' ? false : v.state === 'revoked' ? true : undefined,
        })}
        useList={useCertificateList}
        exportPath={`/api/projects/${projectId}/certificates/export`}
        toolbar={
          rights.print && (
            <Dropdown
              trigger={['click']}
              menu={{
                items: [
                  { key: 'pdf', icon: <FilePdfOutlined />, label: t('batch.pdf'), onClick: () => onBatch('pdf') },
                  { key: 'zip', icon: <FileZipOutlined />, label: t('batch.zip'), onClick: () => onBatch('zip') },
                ],
              }}
            >
              <Button icon={<DownloadOutlined />} loading={start.isPending} data-testid="cert-batch">
                {t('batch.button')} <DownOutlined />
              </Button>
            </Dropdown>
          )
        }
        bulk={{
          enabled: rights.admin,
          selectable: (c) => !c.revoked,
          actions: (rows, clear) => (
            <Button
              danger
              icon={<StopOutlined />}
              onClick={() => {
                setReason('');
                setRevoking({ ids: rows.map((c) => c.id), clear });
              }}
              data-testid="cert-revoke"
            >
              {t('cert.revokeSelected', { n: rows.length })}
            </Button>
          ),
        }}
        columns={columns}
        rowKey={(c) => c.id}
        empty={{ none: t('cert.none'), filtered: t('common:state.empty') }}
        tableProps={{ size: 'small' }}
        data-testid="certificates-table"
      />
      <Modal
        open={revoking !== null}
        title={t('cert.revokeTitle', { n: revoking?.ids.length ?? 0 })}
        onCancel={() => setRevoking(null)}
        onOk={onRevoke}
        okText={t('cert.revoke')}
        okButtonProps={{ danger: true, disabled: !reason.trim() }}
        confirmLoading={revoke.isPending}
      >
        <Typography.Paragraph type="secondary">{t('cert.revokeHint')}</Typography.Paragraph>
        <Input.TextArea
          rows={3}
          maxLength={200}
          showCount
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          placeholder={t('cert.revokeReason')}
          data-testid="cert-revoke-reason"
        />
      </Modal>
      <BatchModal projectId={projectId} batch={batch} onClose={() => setBatch(null)} />
    </div>
  );
}

/** The batch job's progress; when it is done, the file downloads (and can be downloaded again). */
function BatchModal({
  projectId,
  batch,
  onClose,
}: {
  projectId: number;
  batch: { jobId: string; count: number; format: 'pdf' | 'zip' } | null;
  onClose: () => void;
}) {
  const { t } = useTranslation('run');
  const [finishedJob, setFinishedJob] = useState<string | null>(null);
  const finished = !!batch && finishedJob === batch.jobId;
  const job = useJob(batch?.jobId ?? null, !!batch && !finished);
  const j = job.data;
  const status = j?.status;
  const downloaded = useRef<string | null>(null);
  useEffect(() => {
    if (!batch || !status || status === 'running') return;
    setFinishedJob(batch.jobId);
    if (status === 'done' && downloaded.current !== batch.jobId) {
      downloaded.current = batch.jobId;
      downloadUrl(certificateBatchUrl(projectId, batch.jobId));
    }
  }, [batch, status, projectId]);
  const drawing = j?.phase === '生成证书';
  const percent =
    status === 'done'
      ? 100
      : j && drawing && j.total
        ? Math.min(99, Math.floor((j.processed / j.total) * 100))
        : j
          ? 99
          : 0;
  return (
    <Modal
      open={batch !== null}
      title={t('batch.title')}
      onCancel={onClose}
      footer={
        status === 'done' && batch ? (
          <Button
            type="primary"
            icon={<DownloadOutlined />}
            href={certificateBatchUrl(projectId, batch.jobId)}
            data-testid="cert-batch-download"
          >
            {t('batch.download')}
          </Button>
        ) : (
          <Button onClick={onClose}>{t('common:action.close')}</Button>
        )
      }
      destroyOnHidden
    >
      {status === 'failed' ? (
        <Result status="error" title={t('batch.failed')} subTitle={j?.message} />
      ) : (
        <div data-testid="cert-batch-progress">
          <Progress percent={percent} status={status === 'done' ? 'success' : 'active'} />
          <Typography.Paragraph style={{ marginTop: 8 }}>
            {status === 'done'
              ? t('batch.done', { n: batch?.count ?? 0 })
              : !j
                ? t('batch.starting')
                : drawing
                  ? t('batch.progress', { done: j.processed, total: j.total })
                  : t('batch.saving')}
          </Typography.Paragraph>
          <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
            {batch?.format === 'zip' ? t('batch.zip') : t('batch.pdf')} · {t('batch.scope')}
          </Typography.Paragraph>
          {status !== 'done' && (
            <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
              {t('batch.hint')}
            </Typography.Paragraph>
          )}
        </div>
      )}
    </Modal>
  );
}

/** Every completed participation of the project that has no certificate yet (all pages). */
async function completedWithout(projectId: number): Promise<number[]> {
  const out: number[] = [];
  let seen = 0;
  for (let page = 1; ; page++) {
    const r = await http.get<{ items: AssessmentRow[]; total: number }>(`/api/projects/${projectId}/assessment`, {
      page,
      pageSize: 200,
    });
    for (const x of r.items) if (x.status === 'completed' && !x.certificateNumber) out.push(x.participationId);
    seen += r.items.length;
    if (seen >= r.total || r.items.length === 0) break;
  }
  return out;
}
