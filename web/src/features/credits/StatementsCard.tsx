// A teacher's hours statements (继续教育学时证明): issue one for a cycle or a year, print it, get
// the PDF; the county may revoke one with a reason.
import { FilePdfOutlined, PlusOutlined, PrinterOutlined } from '@ant-design/icons';
import type { CreditStatement, StatementPeriod } from '@shixun/common';
import { App, Button, Card, Empty, Form, Input, InputNumber, Modal, Radio, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { fmtDate } from '../../components/format';
import {
  statementPdfUrl,
  statementPrintPath,
  useIssueStatement,
  useRevokeStatement,
  useStatements,
} from './credits.api';

const n1 = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(1));

export function StatementsCard({
  teacherId,
  canIssue,
  canRevoke,
  defaultYear,
}: {
  teacherId: number;
  canIssue: boolean;
  canRevoke: boolean;
  defaultYear: number;
}) {
  const { t } = useTranslation('credits');
  const list = useStatements(teacherId);
  const [issuing, setIssuing] = useState(false);
  return (
    <Card
      size="small"
      title={t('statements.title')}
      extra={
        canIssue && (
          <Button
            type="primary"
            size="small"
            icon={<PlusOutlined />}
            onClick={() => setIssuing(true)}
            data-testid="statement-issue"
          >
            {t('statements.issue')}
          </Button>
        )
      }
      styles={{ body: { padding: 0 } }}
    >
      {list.data && list.data.items.length === 0 && (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('statements.none')} style={{ padding: 16 }} />
      )}
      {list.error && (
        <Typography.Paragraph type="danger" style={{ padding: 16, margin: 0 }}>
          {(list.error as Error).message}
        </Typography.Paragraph>
      )}
      {list.data?.items.map((s) => (
        <StatementRow key={s.id} s={s} canRevoke={canRevoke} />
      ))}
      {issuing && <IssueModal teacherId={teacherId} defaultYear={defaultYear} onClose={() => setIssuing(false)} />}
    </Card>
  );
}

function StatementRow({ s, canRevoke }: { s: CreditStatement; canRevoke: boolean }) {
  const { t } = useTranslation('credits');
  const navigate = useNavigate();
  const { message, modal } = App.useApp();
  const revoke = useRevokeStatement();
  const period =
    s.period === 'cycle'
      ? t('statements.periodCycle', { start: s.startYear, end: s.endYear })
      : t('statements.periodYear', { year: s.startYear });
  const askRevoke = () => {
    let reason = '';
    modal.confirm({
      title: t('statements.revokeTitle'),
      content: (
        <Input.TextArea
          rows={2}
          maxLength={200}
          placeholder={t('progress.reason')}
          onChange={(e) => {
            reason = e.target.value;
          }}
        />
      ),
      onOk: async () => {
        if (reason.trim().length < 2) {
          message.error(t('progress.reasonRequired'));
          throw new Error('reason');
        }
        await revoke.mutateAsync({ number: s.number, reason: reason.trim() });
        message.success(t('statements.revokedDone'));
      },
    });
  };
  return (
    <div style={{ padding: '10px 16px', borderBottom: '1px solid #f0f0f0' }} data-testid={`statement-${s.number}`}>
      <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8, flexWrap: 'wrap' }}>
        <span>
          <b>{period}</b> · {t('statements.counted', { n: n1(s.counted), unit: t(`unit.${s.unit}`) })}
        </span>
        {s.revoked && <Tag color="red">{t('statements.revoked')}</Tag>}
      </div>
      <div style={{ fontFamily: 'monospace', fontSize: 12, color: '#666', overflowWrap: 'anywhere' }}>
        {s.number} · {fmtDate(s.issuedAt)}
      </div>
      <div style={{ display: 'flex', gap: 8, marginTop: 6, flexWrap: 'wrap' }}>
        <Button size="small" icon={<PrinterOutlined />} onClick={() => navigate(statementPrintPath(s.number))}>
          {t('statements.print')}
        </Button>
        <Button size="small" icon={<FilePdfOutlined />} href={statementPdfUrl(s.number)} target="_blank" rel="noopener">
          {t('statements.pdf')}
        </Button>
        {canRevoke && !s.revoked && (
          <Button size="small" danger onClick={askRevoke}>
            {t('statements.revoke')}
          </Button>
        )}
      </div>
    </div>
  );
}

function IssueModal({
  teacherId,
  defaultYear,
  onClose,
}: {
  teacherId: number;
  defaultYear: number;
  onClose: () => void;
}) {
  const { t } = useTranslation('credits');
  const { message } = App.useApp();
  const navigate = useNavigate();
  const issue = useIssueStatement(teacherId);
  const [form] = Form.useForm<{ period: StatementPeriod; year: number }>();
  const submit = async () => {
    const v = await form.validateFields();
    try {
      const s = await issue.mutateAsync(v);
      message.success(t('statements.issued', { number: s.number }));
      onClose();
      navigate(statementPrintPath(s.number));
    } catch (e) {
      message.error((e as Error).message);
    }
  };
  return (
    <Modal
      open
      title={t('statements.issueTitle')}
      onCancel={onClose}
      onOk={submit}
      confirmLoading={issue.isPending}
      okButtonProps={{ 'data-testid': 'statement-issue-ok' } as React.ComponentProps<typeof Button>}
      width={420}
    >
      <Form form={form} layout="vertical" initialValues={{ period: 'cycle', year: defaultYear }}>
        <Form.Item name="period" label={t('statements.period')}>
          <Radio.Group
            options={[
              { value: 'cycle', label: t('statements.cycle') },
              { value: 'year', label: t('statements.year') },
            ]}
            optionType="button"
          />
        </Form.Item>
        <Form.Item name="year" label={t('statements.yearLabel')} rules={[{ required: true }]}>
          <InputNumber min={2000} max={2100} precision={0} style={{ width: 140 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
