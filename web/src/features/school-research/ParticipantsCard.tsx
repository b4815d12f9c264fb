// Who took part in an activity: check-ins by QR and the host's marks (with their reason), searched
// and paged; the host marks teachers by hand (the audience's teachers; for a 送教下乡 stage also the
// teachers sent, as trainers) and removes a mark with a reason while the activity is open.
import { PlusOutlined } from '@ant-design/icons';
import type { ActivityDetail, ActivityParticipant, ParticipantRole } from '@shixun/common';
import { App, Button, Card, Input, Modal, Radio, Space, Table, type TableProps, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fmtInt } from '../../components/format';
import {
  type Candidate,
  useCandidates,
  useMarkParticipants,
  useParticipants,
  useRemoveParticipants,
  useSentTeachers,
} from './school-research.api';
import { fmtStamp } from './shared';

export function ParticipantsCard({ a }: { a: ActivityDetail }) {
  const { t, i18n } = useTranslation('research');
  const { message } = App.useApp();
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const [search, setSearch] = useState<string>();
  // While check-in is under way the list follows the scans.
  const live = a.status === 'open' && Date.now() < new Date(a.endsAt).getTime() + 3_600_000;
  const list = useParticipants(a.id, { ...page, q: search }, live ? 10_000 : undefined);
  const [marking, setMarking] = useState(false);
  const [selected, setSelected] = useState<number[]>([]);
  const [removing, setRemoving] = useState(false);
  const [reason, setReason] = useState('');
  const remove = useRemoveParticipants(a.id);
  const editable = a.can.manage && a.status === 'open';

  const columns: TableProps<ActivityParticipant>['columns'] = [
    { title: t('part.name'), dataIndex: 'teacherName' },
    { title: t('part.school'), dataIndex: 'schoolName' },
    { title: t('part.subject'), dataIndex: 'subject' },
    {
      title: t('part.role'),
      dataIndex: 'role',
      render: (v: ParticipantRole) =>
        v === 'trainer' ? <Tag color="purple">{t('role.trainer')}</Tag> : t('role.participant'),
    },
    {
      title: t('part.method'),
      key: 'method',
      render: (_, r) => (
        <Space size={4}>
          <Tag color={r.method === 'qr' ? 'blue' : 'default'}>{t(`method.${r.method}`)}</Tag>
          {r.status === 'late' && <Tag color="orange">{t('part.late')}</Tag>}
        </Space>
      ),
    },
    { title: t('part.at'), dataIndex: 'checkedAt', render: (v: string) => fmtStamp(v, i18n.language) },
    { title: t('part.reason'), dataIndex: 'reason', render: (v: string | null) => v ?? '' },
  ];

  return (
    <Card
      size="small"
      style={{ marginBottom: 16 }}
      title={
        <span data-testid="participants-count">{t('part.title', { n: a.participants, expected: a.expected })}</span>
      }
    >
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, marginBottom: 12 }}>
        <Input.Search
          allowClear
          placeholder={t('part.search')}
          onSearch={(v) => {
            setSearch(v.trim() || undefined);
            setPage((p) => ({ ...p, page: 1 }));
          }}
          style={{ width: 200, maxWidth: '100%' }}
        />
        {editable && (
          <Button icon={<PlusOutlined />} onClick={() => setMarking(true)} data-testid="participants-mark">
            {t('part.mark')}
          </Button>
        )}
        {editable && selected.length > 0 && (
          <Button danger onClick={() => setRemoving(true)}>
            {t('part.remove', { n: selected.length })}
          </Button>
        )}
      </div>
      <Table<ActivityParticipant>
        rowKey="teacherId"
        size="small"
        columns={columns}
        dataSource={list.data?.items}
        loading={list.isFetching && !list.data}
        scroll={{ x: 'max-content' }}
        rowSelection={editable ? { selectedRowKeys: selected, onChange: (k) => setSelected(k as number[]) } : undefined}
        locale={{
          emptyText: list.error ? (
            <Typography.Text type="danger">{(list.error as Error).message}</Typography.Text>
          ) : a.status === 'open' ? (
            t('part.emptyOpen')
          ) : (
            t('part.empty')
          ),
        }}
        pagination={{
          current: page.page,
          pageSize: page.pageSize,
          total: list.data?.total ?? 0,
          showSizeChanger: true,
          hideOnSinglePage: true,
          showTotal: (n) => t('common:total', { total: fmtInt(n) }),
          onChange: (p, s) => setPage({ page: p, pageSize: s }),
        }}
      />
      {marking && <MarkModal a={a} onClose={() => setMarking(false)} />}
      <Modal
        open={removing}
        title={t('part.removeTitle', { n: selected.length })}
        okButtonProps={{ danger: true, disabled: !reason.trim() }}
        confirmLoading={remove.isPending}
        onCancel={() => setRemoving(false)}
        onOk={async () => {
          try {
            const r = await remove.mutateAsync({ teacherIds: selected, reason: reason.trim() });
            message.success(t('part.removed', { n: r.changed }));
            setSelected([]);
            setReason('');
            setRemoving(false);
          } catch (e) {
            message.error((e as Error).message);
          }
        }}
      >
        <Input.TextArea
          rows={2}
          maxLength={200}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          placeholder={t('part.removeReason')}
        />
      </Modal>
    </Card>
  );
}

type Row = Pick<Candidate, 'id' | 'name' | 'schoolName' | 'subject'>;

/** Marks teachers by hand: the audience not yet listed, or (送教下乡) any teacher sent, as a trainer. */
function MarkModal({ a, onClose }: { a: ActivityDetail; onClose: () => void }) {
  const { t } = useTranslation('research');
  const { message } = App.useApp();
  const outreach = a.outreachId != null;
  const [role, setRole] = useState<ParticipantRole>('participant');
  const [q, setQ] = useState<string>();
  const [page, setPage] = useState(1);
  const [picked, setPicked] = useState<number[]>([]);
  const [reason, setReason] = useState('');
  const mark = useMarkParticipants(a.id);
  const candidates = useCandidates(a.id, { page, pageSize: 10, q }, role === 'participant');
  const sent = useSentTeachers({ q, page, pageSize: 10 }, role === 'trainer');
  const data = role === 'participant' ? candidates.data : sent.data;
  const loading = role === 'participant' ? candidates.isFetching : sent.isFetching;

  return (
    <Modal
      open
      width={640}
      title={t('mark.title')}
      okText={t('mark.ok', { n: picked.length })}
      okButtonProps={{ disabled: picked.length === 0 || !reason.trim(), 'data-testid': 'mark-ok' }}
      confirmLoading={mark.isPending}
      onCancel={onClose}
      onOk={async () => {
        try {
          const r = await mark.mutateAsync({ teacherIds: picked, reason: reason.trim(), role });
          message.success(t('mark.done', { n: r.changed, same: r.unchanged }));
          onClose();
        } catch (e) {
          message.error((e as Error).message);
        }
      }}
    >
      {outreach && (
        <Radio.Group
          value={role}
          onChange={(e) => {
            setRole(e.target.value);
            setPicked([]);
            setPage(1);
          }}
          style={{ marginBottom: 12 }}
          optionType="button"
          options={[
            { value: 'participant', label: t('mark.receiving') },
            { value: 'trainer', label: t('mark.sent') },
          ]}
        />
      )}
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {role === 'trainer' ? t('mark.sentHint') : t('mark.hint')}
      </Typography.Paragraph>
      <Input.Search
        allowClear
        placeholder={t('part.search')}
        onSearch={(v) => {
          setQ(v.trim() || undefined);
          setPage(1);
        }}
        style={{ marginBottom: 8 }}
        data-testid="mark-search"
      />
      <Table<Row>
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={data?.items}
        columns={[
          { title: t('part.name'), dataIndex: 'name' },
          { title: t('part.school'), dataIndex: 'schoolName' },
          { title: t('part.subject'), dataIndex: 'subject' },
        ]}
        rowSelection={{
          selectedRowKeys: picked,
          preserveSelectedRowKeys: true,
          onChange: (k) => setPicked(k as number[]),
        }}
        locale={{ emptyText: t('mark.none') }}
        pagination={{ current: page, pageSize: 10, total: data?.total ?? 0, onChange: setPage, size: 'small' }}
        scroll={{ y: 320 }}
      />
      <Input.TextArea
        rows={2}
        maxLength={200}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        placeholder={t('mark.reason')}
        style={{ marginTop: 12 }}
        data-testid="mark-reason"
      />
    </Modal>
  );
}
