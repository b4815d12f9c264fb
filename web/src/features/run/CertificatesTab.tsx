// A project's certificates (结业证书): list, issue to completed participants still without one,
// revoke in bulk with a reason, print (A4 landscape page) and PDF.
import { FilePdfOutlined, PrinterOutlined, SafetyCertificateOutlined, StopOutlined } from '@ant-design/icons';
import { type AssessmentRow, type Certificate, certificateRevokeBody, formatHours } from '@shixun/common';
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
import { fmtDate } from '../../components/format';
import { PageError } from '../../components/PageState';
import { http } from '../../lib/http';
import {
  certificatePdfUrl,
  useAssessment,
  useIssueCertificates,
  useProjectCertificates,
  useRevokeCertificates,
  useRunProject,
} from './run.api';
import { useFail, useRunRights } from './shared';

type Filter = 'all' | 'valid' | 'revoked';

export function CertificatesTab({ projectId }: { projectId: number }) {
  const { t } = useTranslation('run');
  const { message } = App.useApp();
  const fail = useFail();
  const project = useRunProject(projectId);
  const rights = useRunRights(project.data);
  const [filter, setFilter] = useState<Filter>('all');
  const [q, setQ] = useState<string | undefined>();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [selected, setSelected] = useState<number[]>([]);
  const [revoking, setRevoking] = useState(false);
  const [reason, setReason] = useState('');
  const list = useProjectCertificates(projectId, {
    page,
    pageSize,
    q,
    revoked: filter === 'all' ? undefined : filter === 'revoked',
  });
  // Completed participants without a certificate (first page of 200 is enough to tell; the issue call pages itself).
  const assessment = useAssessment(projectId, { page: 1, pageSize: 200 });
  const manage = assessment.data?.canManage ?? false;
  const missing = (assessment.data?.items ?? []).filter((r) => r.status === 'completed' && !r.certificateNumber);
  const issue = useIssueCertificates();
  const revoke = useRevokeCertificates();

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
    const parsed = certificateRevokeBody.safeParse({ certificateIds: selected, reason });
    if (!parsed.success) {
      message.error(parsed.error.issues[0]?.message ?? t('cert.reasonRequired'));
      return;
    }
    try {
      const r = await revoke.mutateAsync(parsed.data);
      message.success(t('cert.revokedDone', { n: r.revoked, skipped: r.skipped }));
      setRevoking(false);
      setSelected([]);
    } catch (e) {
      fail(e);
    }
  };

  const columns: TableProps<Certificate>['columns'] = [
    {
      title: t('cert.number'),
      dataIndex: 'number',
      render: (v: string) => (
        <Typography.Text copyable style={{ fontFamily: 'monospace' }}>
          {v}
        </Typography.Text>
      ),
    },
    { title: t('col.teacher'), dataIndex: 'teacherName' },
    { title: t('col.school'), dataIndex: 'schoolName' },
    { title: t('cert.hours'), dataIndex: 'hours', align: 'right', render: (v: number) => formatHours(v) },
    { title: t('cert.issuedAt'), dataIndex: 'issuedAt', render: (v: string) => fmtDate(v) },
    {
      title: t('cert.state'),
      key: 'state',
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
      title: t('common:action.operations'),
      key: 'actions',
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

  if (list.error) return <PageError error={list.error} onRetry={() => list.refetch()} />;
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
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, marginBottom: 12, justifyContent: 'space-between' }}>
        <Space wrap>
          <Segmented<Filter>
            value={filter}
            onChange={(v) => {
              setFilter(v);
              setPage(1);
            }}
            options={(['all', 'valid', 'revoked'] as const).map((f) => ({ value: f, label: t(`cert.filter.${f}`) }))}
          />
          <Input.Search
            allowClear
            placeholder={t('cert.search')}
            onSearch={(v) => {
              setQ(v.trim() || undefined);
              setPage(1);
            }}
            style={{ width: 220 }}
          />
        </Space>
        {rights.admin && (
          <Button
            danger
            icon={<StopOutlined />}
            disabled={selected.length === 0}
            onClick={() => {
              setReason('');
              setRevoking(true);
            }}
            data-testid="cert-revoke"
          >
            {t('cert.revokeSelected', { n: selected.length })}
          </Button>
        )}
      </div>
      <Table<Certificate>
        size="small"
        rowKey="id"
        loading={list.isFetching}
        columns={columns}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 'max-content' }}
        rowSelection={
          rights.admin
            ? {
                selectedRowKeys: selected,
                onChange: (k) => setSelected(k as number[]),
                getCheckboxProps: (c) => ({ disabled: c.revoked }),
              }
            : undefined
        }
        locale={{
          emptyText: <Empty description={filter === 'all' && !q ? t('cert.none') : t('common:state.empty')} />,
        }}
        pagination={{
          current: page,
          pageSize,
          total: list.data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (n) => t('common:total', { total: n }),
          onChange: (pg, ps) => {
            setPage(ps !== pageSize ? 1 : pg);
            setPageSize(ps);
          },
        }}
        data-testid="certificates-table"
      />
      <Modal
        open={revoking}
        title={t('cert.revokeTitle', { n: selected.length })}
        onCancel={() => setRevoking(false)}
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
    </div>
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
