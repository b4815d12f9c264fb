// Teachers' honours for admins: the year's verified counts per level, the list on the list page by
// status tab (filters in the URL, paging, export), entry and correction by schools (with the
// certificate scan), the sheet import, and the county's verification (one by one or selected rows
// together).
import { DeleteOutlined, EditOutlined, ImportOutlined, PlusOutlined } from '@ant-design/icons';
import { HONOUR_LEVEL_KEYS, type HonourItem, type HonourList } from '@shixun/common';
import { App, Button, Card, Col, Input, Modal, Popconfirm, Row, Space, Statistic, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { accessOf } from '../../access';
import { AttachmentList } from '../../components/AttachmentList';
import { type ListColumn, ListPage } from '../../components/list/ListPage';
import { useListUrl } from '../../components/list/useListUrl';
import { PageHeader } from '../../components/PageHeader';
import { thisYear, yearOptions } from '../../components/years';
import { useMe } from '../auth/auth.api';
import { HonourFormDrawer } from './HonourFormDrawer';
import { useDeleteHonour, useHonourLevels, useHonourStats, useHonours, useVerifyHonours } from './honours.api';
import { HonourStatusTag } from './shared';

const TABS = ['pending', 'verified', 'rejected', 'all'] as const;

export default function HonoursPage() {
  const { t } = useTranslation('honours');
  const { message } = App.useApp();
  const navigate = useNavigate();
  const access = accessOf(useMe().data);
  const url = useListUrl();
  const canVerify = access.can('honours.verify');
  const canWrite = access.can('honours.write');
  const defaultTab = canVerify ? 'pending' : 'all';
  const tab = url.get('tab') ?? defaultTab;
  const levels = useHonourLevels();
  const statsYear = Number(url.get('year')) || thisYear();
  const stats = useHonourStats(statsYear, access.can('stats.read'));
  const verify = useVerifyHonours();
  const del = useDeleteHonour();
  const [editing, setEditing] = useState<HonourItem | 'new' | null>(null);
  const [rejecting, setRejecting] = useState<{ ids: number[]; done?: () => void } | null>(null);
  const [reason, setReason] = useState('');

  const decide = async (ids: number[], decision: 'verify' | 'reject', why?: string) => {
    try {
      const r = await verify.mutateAsync({ ids, decision, reason: why });
      message.success(t(decision === 'verify' ? 'verify.done' : 'verify.rejectedDone', { n: r.changed }));
      return true;
    } catch (e) {
      message.error((e as Error).message);
      return false;
    }
  };

  const columns: ListColumn<HonourItem>[] = [
    {
      key: 'teacher',
      title: t('col.teacher'),
      width: 180,
      locked: true,
      render: (_, h) => (
        <span>
          {h.teacherName}
          <br />
          <Typography.Text type="secondary">{h.schoolName}</Typography.Text>
        </span>
      ),
    },
    {
      key: 'title',
      title: t('col.title'),
      dataIndex: 'title',
      locked: true,
      render: (v: string, h) => (
        <span>
          {v}
          {h.source === 'import' && (
            <Tag style={{ marginInlineStart: 6 }} bordered={false}>
              {t('imported')}
            </Tag>
          )}
        </span>
      ),
    },
    { key: 'level', title: t('col.level'), dataIndex: 'level', width: 90 },
    { key: 'year', title: t('col.year'), dataIndex: 'year', width: 70 },
    { key: 'awardingBody', title: t('col.awardingBody'), dataIndex: 'awardingBody', width: 160 },
    {
      key: 'files',
      title: t('col.certificate'),
      width: 150,
      render: (_, h) => <AttachmentList items={h.attachments} empty="—" />,
    },
    {
      key: 'status',
      title: t('col.status'),
      width: 110,
      render: (_, h) => (
        <Space orientation="vertical" size={0}>
          <HonourStatusTag status={h.status} />
          {h.rejectReason && <Typography.Text type="secondary">{h.rejectReason}</Typography.Text>}
        </Space>
      ),
    },
    {
      key: 'op',
      title: t('common:action.operations'),
      width: 210,
      locked: true,
      render: (_, h) => (
        <Space size={0} wrap>
          {canVerify && h.status !== 'verified' && (
            <Button type="link" size="small" onClick={() => decide([h.id], 'verify')}>
              {t('verify.verify')}
            </Button>
          )}
          {canVerify && h.status === 'pending' && (
            <Button type="link" size="small" danger onClick={() => setRejecting({ ids: [h.id] })}>
              {t('verify.reject')}
            </Button>
          )}
          {h.editable && (
            <Button
              type="link"
              size="small"
              icon={<EditOutlined />}
              aria-label={t('common:action.edit')}
              onClick={() => setEditing(h)}
            />
          )}
          {h.editable && (
            <Popconfirm
              title={t('deleteConfirm', { title: h.title })}
              okButtonProps={{ danger: true }}
              onConfirm={async () => {
                try {
                  await del.mutateAsync(h.id);
                  message.success(t('common:state.deleted'));
                } catch (e) {
                  message.error((e as Error).message);
                }
              }}
            >
              <Button
                type="link"
                size="small"
                danger
                icon={<DeleteOutlined />}
                aria-label={t('common:action.delete')}
              />
            </Popconfirm>
          )}
        </Space>
      ),
    },
  ];

  return (
    <div>
      <PageHeader
        title={t('title')}
        sub={t('sub')}
        extra={
          canWrite && (
            <>
              <Button icon={<ImportOutlined />} onClick={() => navigate('/honours/import')}>
                {t('import')}
              </Button>
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="honour-new">
                {t('create')}
              </Button>
            </>
          )
        }
      />
      {stats.data && (
        <Row gutter={[12, 12]} style={{ marginBottom: 16 }} data-testid="honour-stats">
          {HONOUR_LEVEL_KEYS.map((k) => (
            <Col key={k} flex="1 1 120px">
              <Card size="small">
                <Statistic
                  title={`${statsYear} · ${levels.data?.items.find((l) => l.key === k)?.label ?? t(`levelKey.${k}`)}`}
                  value={stats.data[k]}
                />
              </Card>
            </Col>
          ))}
          <Col flex="1 1 120px">
            <Card size="small">
              <Statistic title={t('stats.total', { year: statsYear })} value={stats.data.total} />
            </Card>
          </Col>
        </Row>
      )}
      <Card styles={{ body: { paddingTop: 4 } }}>
        <ListPage<HonourItem, HonourList>
          id="honours"
          tabs={{
            name: 'tab',
            default: defaultTab,
            items: (data) =>
              TABS.map((k) => ({
                key: k,
                label: `${t(`tab.${k}`)}${k !== 'all' && data?.counts ? ` ${data.counts[k]}` : ''}`,
              })),
          }}
          filters={[
            {
              type: 'select',
              name: 'year',
              label: t('filter.year'),
              width: 110,
              options: yearOptions(t)
                .slice(1)
                .map((o) => ({ value: String(o.value), label: o.label })),
            },
            {
              type: 'select',
              name: 'level',
              label: t('filter.level'),
              width: 120,
              loading: levels.isLoading,
              options: (levels.data?.items ?? []).map((l) => ({ value: l.label, label: l.label })),
            },
            { type: 'school', name: 'schoolId', label: t('filter.school'), width: 220, hidden: access.schoolAdmin },
            { type: 'search', name: 'q', label: t('filter.search'), width: 220 },
          ]}
          toParams={(v) => ({
            year: v.year,
            level: v.level,
            status: v.tab === 'all' ? undefined : v.tab,
            schoolId: v.schoolId,
            q: v.q,
          })}
          useList={useHonours}
          exportPath="/api/honours/export"
          columns={columns}
          rowKey={(h) => h.id}
          empty={{ none: t(`empty.${tab}`), filtered: t('emptyFiltered') }}
          bulk={{
            enabled: canVerify && tab === 'pending',
            actions: (rows, clear) => (
              <Space wrap>
                <Typography.Text>{t('verify.selected', { n: rows.length })}</Typography.Text>
                <Button
                  type="primary"
                  loading={verify.isPending}
                  onClick={async () => {
                    if (
                      await decide(
                        rows.map((r) => r.id),
                        'verify',
                      )
                    )
                      clear();
                  }}
                >
                  {t('verify.verifySelected')}
                </Button>
                <Button danger onClick={() => setRejecting({ ids: rows.map((r) => r.id), done: clear })}>
                  {t('verify.rejectSelected')}
                </Button>
              </Space>
            ),
          }}
          tableProps={{ size: 'middle' }}
        />
      </Card>
      <HonourFormDrawer honour={editing} onClose={() => setEditing(null)} />
      <Modal
        open={rejecting != null}
        title={t('verify.rejectTitle', { n: rejecting?.ids.length ?? 0 })}
        onCancel={() => setRejecting(null)}
        okButtonProps={{ danger: true, disabled: !reason.trim(), loading: verify.isPending }}
        onOk={async () => {
          if (await decide(rejecting!.ids, 'reject', reason.trim())) {
            rejecting?.done?.();
            setRejecting(null);
            setReason('');
          }
        }}
        destroyOnHidden
      >
        <Input.TextArea
          rows={3}
          maxLength={200}
          placeholder={t('verify.reason')}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
      </Modal>
    </div>
  );
}
