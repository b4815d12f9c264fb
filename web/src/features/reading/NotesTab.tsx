// Reading notes of the teachers in scope (the school its own, the county all): filter by school and
// whether reviewed, read the note, rate it 优秀/良好/合格 with a comment. Ratings feed the selection.
import { NOTE_RATINGS, type NoteRating, type ReviewNote } from '@shixun/common';
import { App, Button, Empty, Input, Modal, Radio, Select, Table, type TableProps, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { accessOf } from '../../access';
import { fmtDate, fmtInt } from '../../components/format';
import { FilterBar } from '../../components/PageHeader';
import { PageError } from '../../components/PageState';
import { SchoolSelect } from '../../components/SchoolSelect';
import { usePaging, useUrlQuery } from '../../components/useUrlQuery';
import { useMe } from '../auth/auth.api';
import { useReviewNote, useReviewNotes } from './reading.api';

const RATING_COLORS: Record<NoteRating, string> = { 优秀: 'gold', 良好: 'blue', 合格: 'default' };

export function NotesTab({ year }: { year: number }) {
  const { t } = useTranslation('reading');
  const access = accessOf(useMe().data);
  const uq = useUrlQuery();
  const { page, pageSize } = usePaging(uq);
  const schoolId = uq.num('schoolId');
  const reviewed = (['yes', 'no'] as const).find((v) => v === uq.str('reviewed'));
  const notes = useReviewNotes({ year, schoolId, reviewed, page, pageSize });
  const [open, setOpen] = useState<ReviewNote | null>(null);

  const columns: TableProps<ReviewNote>['columns'] = [
    { title: t('note.teacher'), dataIndex: 'teacherName' },
    { title: t('note.school'), dataIndex: 'schoolName' },
    { title: t('note.book'), dataIndex: 'bookTitle', render: (v: string) => `《${v}》` },
    {
      title: t('note.body'),
      dataIndex: 'body',
      render: (v: string) => (
        <Typography.Paragraph ellipsis={{ rows: 2 }} style={{ margin: 0, maxWidth: 420 }}>
          {v}
        </Typography.Paragraph>
      ),
    },
    { title: t('note.at'), dataIndex: 'createdAt', render: (v: string) => fmtDate(v) },
    {
      title: t('note.rating'),
      dataIndex: 'rating',
      render: (v: NoteRating | null, r) =>
        v ? (
          <Tag color={RATING_COLORS[v]}>{t(`rating.${v}`)}</Tag>
        ) : (
          <Button size="small" type="primary" onClick={() => setOpen(r)} data-testid={`note-review-${r.id}`}>
            {t('note.review')}
          </Button>
        ),
    },
    {
      title: t('note.reviewedBy'),
      key: 'by',
      render: (_, r) =>
        r.rating ? (
          <Button type="link" size="small" style={{ padding: 0 }} onClick={() => setOpen(r)}>
            {r.reviewedBy ?? '—'}
          </Button>
        ) : (
          <Typography.Text type="secondary">{t('note.waiting')}</Typography.Text>
        ),
    },
  ];

  return (
    <>
      <FilterBar>
        {!access.schoolAdmin && (
          <SchoolSelect value={schoolId} onChange={(v) => uq.set({ schoolId: v })} style={{ width: 200 }} />
        )}
        <Select
          value={reviewed}
          placeholder={t('note.reviewedFilter')}
          allowClear
          options={[
            { value: 'no', label: t('note.unreviewed') },
            { value: 'yes', label: t('note.reviewed') },
          ]}
          onChange={(v) => uq.set({ reviewed: v })}
          style={{ width: 120 }}
        />
      </FilterBar>
      {notes.error && !notes.data ? (
        <PageError error={notes.error} onRetry={() => notes.refetch()} />
      ) : (
        <Table<ReviewNote>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={notes.data?.items}
          loading={notes.isFetching}
          scroll={{ x: 'max-content' }}
          locale={{
            emptyText: notes.isLoading ? (
              ' '
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('note.empty')} />
            ),
          }}
          pagination={{
            current: page,
            pageSize,
            total: notes.data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (n) => t('common:total', { total: fmtInt(n) }),
            onChange: (p, s) => uq.set({ page: p, pageSize: s }),
          }}
        />
      )}
      {open && <ReviewModal note={open} onClose={() => setOpen(null)} />}
    </>
  );
}

function ReviewModal({ note, onClose }: { note: ReviewNote; onClose: () => void }) {
  const { t } = useTranslation('reading');
  const { message } = App.useApp();
  const review = useReviewNote();
  const [rating, setRating] = useState<NoteRating | undefined>(note.rating ?? undefined);
  const [comment, setComment] = useState(note.reviewComment ?? '');
  return (
    <Modal
      open
      width={640}
      title={t('note.reviewTitle', { teacher: note.teacherName, book: note.bookTitle })}
      okText={t('note.saveReview')}
      okButtonProps={{ disabled: !rating }}
      confirmLoading={review.isPending}
      onCancel={onClose}
      onOk={async () => {
        try {
          await review.mutateAsync({ id: note.id, rating: rating!, comment: comment.trim() || null });
          message.success(t('note.reviewSaved'));
          onClose();
        } catch (e) {
          message.error((e as Error).message);
        }
      }}
    >
      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', background: '#fafafa', padding: 12, borderRadius: 6 }}>
        {note.body}
      </Typography.Paragraph>
      <Radio.Group
        value={rating}
        onChange={(e) => setRating(e.target.value)}
        options={NOTE_RATINGS.map((r) => ({ value: r, label: t(`rating.${r}`) }))}
        optionType="button"
      />
      <Input.TextArea
        rows={2}
        maxLength={300}
        value={comment}
        onChange={(e) => setComment(e.target.value)}
        placeholder={t('note.commentPlaceholder')}
        style={{ marginTop: 12 }}
      />
    </Modal>
  );
}
