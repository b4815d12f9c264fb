// 账号开通单: per school, how many accounts are in use, have a code, wait for one, or still open with
// the old ID-number initial password; issue slips for a school, several, or (county) all at once,
// then print them. Codes are shown once: issuing again voids the slips printed before.
import { PrinterOutlined, WarningOutlined } from '@ant-design/icons';
import type { ActivationSchoolRow, IssueSlipsBody } from '@shixun/common';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Popconfirm,
  Row,
  Select,
  Space,
  Statistic,
  Table,
  type TableProps,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { accessOf } from '../../access';
import { fmtInt } from '../../components/format';
import { PageHeader } from '../../components/PageHeader';
import { PageError } from '../../components/PageState';
import { useMe } from '../auth/auth.api';
import { keepSlips } from './slipStore';
import { useActivationOverview, useIssueSlips } from './slips.api';

const DAYS = [7, 14, 30, 60, 90];

export default function SlipsPage() {
  const { t } = useTranslation('accounts');
  const { message } = App.useApp();
  const navigate = useNavigate();
  const access = accessOf(useMe().data);
  const overview = useActivationOverview();
  const issue = useIssueSlips();
  const [selected, setSelected] = useState<number[]>([]);
  const [validDays, setValidDays] = useState(30);

  const run = async (body: IssueSlipsBody) => {
    try {
      const batch = await issue.mutateAsync({ ...body, validDays });
      keepSlips(batch);
      if (batch.slips.length === 0) {
        message.info(t('slips.nothing'));
        return;
      }
      navigate('/accounts/slips/print');
    } catch (e) {
      message.error((e as Error).message);
    }
  };

  const waiting = (r: Pick<ActivationSchoolRow, 'pending' | 'codeExpired' | 'legacy'>) =>
    r.pending + r.codeExpired + r.legacy;

  const columns: TableProps<ActivationSchoolRow>['columns'] = [
    { title: t('slips.col.area'), dataIndex: 'areaName', responsive: ['md'] },
    { title: t('slips.col.school'), dataIndex: 'schoolName' },
    { title: t('slips.col.total'), dataIndex: 'total', align: 'right' },
    { title: t('state.active'), dataIndex: 'active', align: 'right' },
    { title: t('state.code_issued'), dataIndex: 'codeIssued', align: 'right' },
    {
      title: t('state.code_expired'),
      dataIndex: 'codeExpired',
      align: 'right',
      render: (n: number) => (n ? <Tag color="orange">{n}</Tag> : 0),
    },
    {
      title: t('state.pending'),
      dataIndex: 'pending',
      align: 'right',
      render: (n: number) => (n ? <Tag color="blue">{n}</Tag> : 0),
    },
    {
      title: t('state.legacy'),
      dataIndex: 'legacy',
      align: 'right',
      render: (n: number) => (n ? <Tag color="red">{n}</Tag> : 0),
    },
    {
      title: t('common:action.operations'),
      key: 'print',
      render: (_, r) => (
        <Popconfirm
          title={t('slips.confirmSchool', { school: r.schoolName, n: waiting(r) })}
          description={<div style={{ maxWidth: 300 }}>{t('slips.voidsEarlier')}</div>}
          disabled={waiting(r) + r.codeIssued === 0}
          onConfirm={() => run({ schoolIds: [r.schoolId] })}
        >
          <Button
            type="link"
            size="small"
            icon={<PrinterOutlined />}
            disabled={waiting(r) + r.codeIssued === 0}
            data-testid={`slips-school-${r.schoolId}`}
          >
            {t('slips.printSchool')}
          </Button>
        </Popconfirm>
      ),
    },
  ];

  if (overview.error && !overview.data) return <PageError error={overview.error} onRetry={() => overview.refetch()} />;
  const sum = overview.data?.summary;

  return (
    <div>
      <PageHeader
        title={t('slips.title')}
        sub={t('slips.sub')}
        extra={
          <Space wrap>
            <Select
              value={validDays}
              onChange={setValidDays}
              options={DAYS.map((d) => ({ value: d, label: t('slips.validDays', { n: d }) }))}
              style={{ width: 150 }}
              aria-label={t('slips.validity')}
            />
            {access.countyAdmin && (
              <Popconfirm
                title={t('slips.confirmAll', { n: fmtInt(sum ? waiting(sum) : 0) })}
                description={<div style={{ maxWidth: 300 }}>{t('slips.allHint')}</div>}
                disabled={!sum || waiting(sum) === 0}
                onConfirm={() => run({ all: true })}
              >
                <Button disabled={!sum || waiting(sum) === 0} loading={issue.isPending}>
                  {t('slips.issueAll')}
                </Button>
              </Popconfirm>
            )}
            <Popconfirm
              title={t('slips.confirmSelected', { n: selected.length })}
              description={<div style={{ maxWidth: 300 }}>{t('slips.voidsEarlier')}</div>}
              disabled={selected.length === 0}
              onConfirm={() => run({ schoolIds: selected })}
            >
              <Button
                type="primary"
                icon={<PrinterOutlined />}
                disabled={selected.length === 0}
                loading={issue.isPending}
              >
                {t('slips.printSelected', { n: selected.length })}
              </Button>
            </Popconfirm>
          </Space>
        }
      />
      {sum && sum.legacy > 0 && access.countyAdmin && (
        <Alert
          type="error"
          showIcon
          icon={<WarningOutlined />}
          style={{ marginBottom: 16 }}
          title={t('slips.legacyTitle', { n: fmtInt(sum.legacy) })}
          description={t('slips.legacyHint')}
          action={
            <Popconfirm
              title={t('slips.confirmAll', { n: fmtInt(waiting(sum)) })}
              description={<div style={{ maxWidth: 300 }}>{t('slips.allHint')}</div>}
              okButtonProps={{ danger: true }}
              onConfirm={() => run({ all: true })}
            >
              <Button danger loading={issue.isPending} data-testid="slips-all">
                {t('slips.issueAll')}
              </Button>
            </Popconfirm>
          }
        />
      )}
      <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
        {(
          [
            ['active', sum?.active],
            ['code_issued', sum?.codeIssued],
            ['code_expired', sum?.codeExpired],
            ['pending', sum?.pending],
            ['legacy', sum?.legacy],
          ] as const
        ).map(([k, v]) => (
          <Col key={k} xs={12} sm={8} lg={4}>
            <Card size="small">
              <Statistic title={t(`state.${k}`)} value={v ?? '—'} loading={overview.isLoading} />
            </Card>
          </Col>
        ))}
      </Row>
      <Card>
        <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
          {access.countyAdmin ? t('slips.howCounty') : t('slips.howSchool')}
        </Typography.Paragraph>
        <Table<ActivationSchoolRow>
          rowKey="schoolId"
          size="middle"
          columns={columns}
          dataSource={overview.data?.items}
          loading={overview.isLoading}
          scroll={{ x: 'max-content' }}
          rowSelection={{ selectedRowKeys: selected, onChange: (keys) => setSelected(keys as number[]) }}
          pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
        />
      </Card>
    </div>
  );
}
