// Selection of outstanding readers (先进个人) and schools (先进集体): candidates ranked from the year's
// records (books, finished, notes, excellent notes, reading salons; schools also by the share of
// teachers reading), the county's selection with a citation, and the awards of the year.
import { TrophyOutlined } from '@ant-design/icons';
import { AWARD_KINDS, type Award, type AwardKind, type ReadingCandidates } from '@shixun/common';
import { App, Button, Card, Empty, Input, Modal, Popconfirm, Segmented, Table, type TableProps, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { accessOf } from '../../access';
import { fmtDate, fmtRate } from '../../components/format';
import { PageError } from '../../components/PageState';
import { useUrlQuery } from '../../components/useUrlQuery';
import { useMe } from '../auth/auth.api';
import { useAddAward, useAwards, useDeleteAward, useReadingCandidates } from './reading.api';

type Reader = ReadingCandidates['readers'][number];
type School = ReadingCandidates['schools'][number];
type Choice = { kind: AwardKind; teacherId?: number; schoolId: number; name: string };

export function AwardsTab({ year }: { year: number }) {
  const { t } = useTranslation('reading');
  const { message } = App.useApp();
  const canSelect = accessOf(useMe().data).can('reading.configure');
  const uq = useUrlQuery();
  const kind = AWARD_KINDS.find((k) => k === uq.str('kind')) ?? 'reader';
  const cands = useReadingCandidates(year, kind);
  const awards = useAwards(year);
  const remove = useDeleteAward();
  const [picking, setPicking] = useState<Choice | null>(null);

  const select = (p: Choice, awarded: boolean) =>
    canSelect && !awarded ? (
      <Button
        size="small"
        icon={<TrophyOutlined />}
        onClick={() => setPicking(p)}
        data-testid={`award-${p.kind}-${p.teacherId ?? p.schoolId}`}
      >
        {t('award.select')}
      </Button>
    ) : awarded ? (
      <Tag color="gold">{t('award.awarded')}</Tag>
    ) : null;

  const readerCols: TableProps<Reader>['columns'] = [
    { title: t('note.teacher'), dataIndex: 'teacherName' },
    { title: t('note.school'), dataIndex: 'schoolName' },
    { title: t('cand.books'), dataIndex: 'books', align: 'right' },
    { title: t('cand.finished'), dataIndex: 'finished', align: 'right' },
    { title: t('cand.notes'), dataIndex: 'notes', align: 'right' },
    { title: t('cand.excellent'), dataIndex: 'excellentNotes', align: 'right' },
    { title: t('cand.salons'), dataIndex: 'salons', align: 'right' },
    {
      title: '',
      key: 'op',
      render: (_, r) =>
        select({ kind: 'reader', teacherId: r.teacherId, schoolId: r.schoolId, name: r.teacherName }, r.awarded),
    },
  ];
  const schoolCols: TableProps<School>['columns'] = [
    { title: t('note.school'), dataIndex: 'schoolName' },
    { title: t('cand.readers'), key: 'readers', align: 'right', render: (_, r) => `${r.readers}/${r.teacherCount}` },
    { title: t('cand.readerRate'), dataIndex: 'readerRate', align: 'right', render: (v: number) => fmtRate(v) },
    { title: t('cand.notes'), dataIndex: 'notes', align: 'right' },
    { title: t('cand.excellent'), dataIndex: 'excellentNotes', align: 'right' },
    { title: t('cand.salonsHeld'), dataIndex: 'salons', align: 'right' },
    {
      title: '',
      key: 'op',
      render: (_, r) => select({ kind: 'school', schoolId: r.schoolId, name: r.schoolName }, r.awarded),
    },
  ];
  const awardCols: TableProps<Award>['columns'] = [
    {
      title: t('award.kind'),
      dataIndex: 'kind',
      render: (v: AwardKind) => <Tag color="gold">{t(`awardKind.${v}`)}</Tag>,
    },
    { title: t('award.who'), key: 'who', render: (_, r) => r.teacherName ?? r.schoolName },
    { title: t('note.school'), dataIndex: 'schoolName' },
    { title: t('award.citation'), dataIndex: 'citation', render: (v: string | null) => v ?? '' },
    { title: t('award.at'), dataIndex: 'createdAt', render: (v: string) => fmtDate(v) },
    ...(canSelect
      ? [
          {
            title: '',
            key: 'op',
            render: (_: unknown, r: Award) => (
              <Popconfirm
                title={t('award.revokeConfirm')}
                onConfirm={() => remove.mutate(r.id, { onError: (e) => message.error(e.message) })}
              >
                <Button size="small" type="link" danger>
                  {t('award.revoke')}
                </Button>
              </Popconfirm>
            ),
          },
        ]
      : []),
  ];

  return (
    <>
      <Card size="small" title={t('award.list', { year })} style={{ marginBottom: 16 }}>
        {awards.error && !awards.data ? (
          <PageError error={awards.error} onRetry={() => awards.refetch()} />
        ) : (
          <Table<Award>
            rowKey="id"
            size="small"
            columns={awardCols}
            dataSource={awards.data?.items}
            loading={awards.isFetching}
            pagination={false}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('award.none')} /> }}
          />
        )}
      </Card>
      <Segmented
        value={kind}
        onChange={(v) => uq.set({ kind: v === 'reader' ? undefined : v })}
        options={AWARD_KINDS.map((k) => ({ value: k, label: t(`cand.kind.${k}`) }))}
        style={{ marginBottom: 12 }}
      />
      {cands.error && !cands.data ? (
        <PageError error={cands.error} onRetry={() => cands.refetch()} />
      ) : kind === 'reader' ? (
        <Table<Reader>
          rowKey="teacherId"
          size="small"
          columns={readerCols}
          dataSource={cands.data?.readers}
          loading={cands.isFetching}
          scroll={{ x: 'max-content' }}
          pagination={{ defaultPageSize: 20, hideOnSinglePage: true }}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('cand.empty')} /> }}
        />
      ) : (
        <Table<School>
          rowKey="schoolId"
          size="small"
          columns={schoolCols}
          dataSource={cands.data?.schools}
          loading={cands.isFetching}
          scroll={{ x: 'max-content' }}
          pagination={{ defaultPageSize: 20, hideOnSinglePage: true }}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('cand.empty')} /> }}
        />
      )}
      {picking && <AwardModal year={year} pick={picking} onClose={() => setPicking(null)} />}
    </>
  );
}

function AwardModal({ year, pick, onClose }: { year: number; pick: Choice; onClose: () => void }) {
  const { t } = useTranslation('reading');
  const { message } = App.useApp();
  const add = useAddAward();
  const [citation, setCitation] = useState('');
  return (
    <Modal
      open
      title={t('award.title', { name: pick.name, kind: t(`awardKind.${pick.kind}`), year })}
      confirmLoading={add.isPending}
      onCancel={onClose}
      onOk={async () => {
        try {
          await add.mutateAsync({
            year,
            kind: pick.kind,
            teacherId: pick.teacherId ?? null,
            schoolId: pick.schoolId,
            citation: citation.trim() || null,
          });
          message.success(t('award.saved'));
          onClose();
        } catch (e) {
          message.error((e as Error).message);
        }
      }}
    >
      <Input.TextArea
        rows={3}
        maxLength={200}
        showCount
        value={citation}
        onChange={(e) => setCitation(e.target.value)}
        placeholder={t('award.citationPlaceholder')}
      />
    </Modal>
  );
}
