// One pair for admins: who, the term and goals, the activity log both keep, the school's monthly
// checks and the mid-term / year-end reviews (a passing year-end review posts the county's hours),
// ending the pair, and the county's 优秀师徒.
import {
  MONTHLY_RESULTS,
  type PairDetail,
  type PairReviewBody,
  REVIEW_KINDS,
  REVIEW_RESULTS,
  type ReviewKind,
} from '@shixun/common';
import {
  Alert,
  App,
  Button,
  Descriptions,
  Drawer,
  Empty,
  Form,
  Grid,
  Input,
  Modal,
  Popconfirm,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fmtDate } from '../../components/format';
import { PageError } from '../../components/PageState';
import { thisYear } from '../../components/years';
import { applyFieldErrors } from '../../components/zodRule';
import { ApiError } from '../../lib/http';
import { usePair, useReviewPair, useSelectExcellent, useUpdatePair } from './mentoring.api';
import { PairStatusTag, useTerm } from './shared';

export function PairDrawer({ id, onClose }: { id: number | null; onClose: () => void }) {
  const { t } = useTranslation('mentoring');
  const mobile = !Grid.useBreakpoint().md;
  const pair = usePair(id);
  const p = pair.data;
  return (
    <Drawer
      open={id != null}
      onClose={onClose}
      size={mobile ? '100%' : 720}
      title={p ? t('pair.title', { mentor: p.mentor.name, mentee: p.mentee.name }) : t('pair.titleLoading')}
      extra={p && <PairStatusTag status={p.status} />}
      destroyOnHidden
    >
      {pair.error && !p && <PageError error={pair.error} onRetry={() => pair.refetch()} />}
      {p && <PairBody p={p} />}
    </Drawer>
  );
}

function PairBody({ p }: { p: PairDetail }) {
  const { t } = useTranslation('mentoring');
  const term = useTerm();
  const posted = p.postedHours.reduce((a, h) => a + h.mentor + h.mentee, 0);
  return (
    <Space orientation="vertical" size={20} style={{ width: '100%' }}>
      <Descriptions size="small" column={1} bordered styles={{ label: { width: 110 } }}>
        <Descriptions.Item label={t('col.mentor')}>
          {p.mentor.name}（{p.mentor.schoolName} · {p.mentor.subject}
          {p.mentor.title ? ` · ${p.mentor.title}` : ''}）
        </Descriptions.Item>
        <Descriptions.Item label={t('col.mentee')}>
          {p.mentee.name}（{p.mentee.schoolName} · {p.mentee.subject}
          {p.mentee.hireDate ? ` · ${t('pair.hired', { year: p.mentee.hireDate.slice(0, 4) })}` : ''}）
        </Descriptions.Item>
        <Descriptions.Item label={t('col.term')}>{term(p)}</Descriptions.Item>
        <Descriptions.Item label={t('pair.source')}>
          {p.source === 'choice' ? t('pair.byChoice') : t('pair.direct')}
        </Descriptions.Item>
        <Descriptions.Item label={t('pair.goals')}>{p.goals || '—'}</Descriptions.Item>
        {p.overrideReason && <Descriptions.Item label={t('pair.override')}>{p.overrideReason}</Descriptions.Item>}
        {p.endReason && <Descriptions.Item label={t('pair.endReason')}>{p.endReason}</Descriptions.Item>}
        <Descriptions.Item label={t('pair.posted')}>
          {posted > 0
            ? p.postedHours
                .filter((h) => h.mentor + h.mentee > 0)
                .map((h) => t('pair.postedValue', { year: h.year, mentor: h.mentor, mentee: h.mentee }))
                .join('；')
            : t('pair.postedNone')}
        </Descriptions.Item>
      </Descriptions>
      <PairActions p={p} />
      <Reviews p={p} />
      <div>
        <Typography.Title level={5}>{t('log.title', { n: p.logs.length })}</Typography.Title>
        {p.logs.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('log.empty')} />
        ) : (
          <Table
            size="small"
            rowKey="id"
            pagination={{ pageSize: 10, hideOnSinglePage: true, size: 'small' }}
            dataSource={p.logs}
            scroll={{ x: 560 }}
            columns={[
              { title: t('log.date'), dataIndex: 'occurredOn', width: 110, render: (v: string) => fmtDate(v) },
              { title: t('log.kind'), dataIndex: 'kind', width: 90 },
              { title: t('log.hours'), dataIndex: 'hours', width: 100 },
              {
                title: t('log.by'),
                key: 'by',
                width: 110,
                render: (_, l) => `${l.authorName}（${t(`role.${l.authorRole}`)}）`,
              },
              { title: t('log.content'), dataIndex: 'content' },
            ]}
          />
        )}
      </div>
    </Space>
  );
}

function PairActions({ p }: { p: PairDetail }) {
  const { t } = useTranslation('mentoring');
  const { message } = App.useApp();
  const update = useUpdatePair(p.id);
  const excellent = useSelectExcellent(p.id);
  const [ending, setEnding] = useState<null | 'completed' | 'dissolved'>(null);
  const [reason, setReason] = useState('');
  const year = thisYear();
  if (!p.can.edit && !p.can.select) return null;
  const run = async (f: () => Promise<unknown>, ok: string) => {
    try {
      await f();
      message.success(ok);
      return true;
    } catch (e) {
      message.error((e as Error).message);
      return false;
    }
  };
  return (
    <Space wrap>
      {p.can.edit && p.status === 'active' && (
        <>
          <Button onClick={() => setEnding('completed')}>{t('pair.complete')}</Button>
          <Button danger onClick={() => setEnding('dissolved')}>
            {t('pair.dissolve')}
          </Button>
        </>
      )}
      {p.can.select &&
        (p.excellentYear ? (
          <Popconfirm
            title={t('pair.revokeExcellent', { year: p.excellentYear })}
            onConfirm={() =>
              run(() => excellent.mutateAsync({ year: p.excellentYear!, excellent: false }), t('pair.saved'))
            }
          >
            <Button>{t('pair.revokeExcellentButton')}</Button>
          </Popconfirm>
        ) : (
          <Popconfirm
            title={t('pair.selectExcellent', { year })}
            onConfirm={() => run(() => excellent.mutateAsync({ year, excellent: true }), t('pair.saved'))}
          >
            <Button type="primary" ghost data-testid="pair-excellent">
              {t('pair.selectExcellentButton')}
            </Button>
          </Popconfirm>
        ))}
      <Modal
        open={ending != null}
        title={ending === 'dissolved' ? t('pair.dissolveTitle') : t('pair.completeTitle')}
        onCancel={() => setEnding(null)}
        okButtonProps={{ danger: ending === 'dissolved', loading: update.isPending }}
        onOk={async () => {
          const ok = await run(
            () => update.mutateAsync({ status: ending!, endReason: reason.trim() || undefined }),
            t('pair.saved'),
          );
          if (ok) setEnding(null);
        }}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">
          {ending === 'dissolved' ? t('pair.dissolveHint') : t('pair.completeHint')}
        </Typography.Paragraph>
        <Input.TextArea
          rows={3}
          maxLength={200}
          placeholder={ending === 'dissolved' ? t('pair.reasonRequired') : t('pair.reasonOptional')}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
      </Modal>
    </Space>
  );
}

function Reviews({ p }: { p: PairDetail }) {
  const { t } = useTranslation('mentoring');
  const { message } = App.useApp();
  const [form] = Form.useForm<PairReviewBody>();
  const review = useReviewPair(p.id);
  const kind = Form.useWatch('kind', form) ?? 'monthly';
  const results: readonly string[] = kind === 'monthly' ? MONTHLY_RESULTS : REVIEW_RESULTS;
  const month = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date()).slice(0, 7);

  const submit = async (v: PairReviewBody) => {
    try {
      const r = (await review.mutateAsync(v)) as { posted?: number; reversed?: number };
      message.success(
        r.posted
          ? t('review.savedPosted', { n: r.posted })
          : r.reversed
            ? t('review.savedReversed')
            : t('review.saved'),
      );
      form.setFieldsValue({ comment: undefined });
    } catch (e) {
      if (!(e instanceof ApiError && applyFieldErrors(form, e.fields))) message.error((e as Error).message);
    }
  };

  return (
    <div>
      <Typography.Title level={5}>{t('review.title')}</Typography.Title>
      {p.reviews.length > 0 ? (
        <Table
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={p.reviews}
          scroll={{ x: 520 }}
          style={{ marginBottom: 12 }}
          columns={[
            { title: t('review.kind'), dataIndex: 'kind', width: 100, render: (k: ReviewKind) => t(`reviewKind.${k}`) },
            { title: t('review.period'), dataIndex: 'period', width: 90 },
            {
              title: t('review.result'),
              dataIndex: 'result',
              width: 80,
              render: (r: string) => <Tag color={r === '不合格' || r === '需改进' ? 'red' : 'green'}>{r}</Tag>,
            },
            { title: t('review.comment'), dataIndex: 'comment', render: (c: string | null) => c ?? '—' },
            {
              title: t('review.by'),
              key: 'by',
              width: 160,
              render: (_, r) => `${r.reviewerName} · ${fmtDate(r.updatedAt)}`,
            },
          ]}
        />
      ) : (
        <Typography.Paragraph type="secondary">{t('review.none')}</Typography.Paragraph>
      )}
      {p.can.review && (
        <Form<PairReviewBody>
          form={form}
          layout="inline"
          initialValues={{ kind: 'monthly', period: month, result: '正常' }}
          onFinish={submit}
          style={{ rowGap: 8 }}
          onValuesChange={(c) => {
            if ('kind' in c) {
              form.setFieldsValue({
                period: c.kind === 'monthly' ? month : month.slice(0, 4),
                result: c.kind === 'monthly' ? '正常' : '合格',
              });
            }
          }}
        >
          <Form.Item name="kind">
            <Select
              style={{ width: 120 }}
              options={REVIEW_KINDS.map((k) => ({ value: k, label: t(`reviewKind.${k}`) }))}
            />
          </Form.Item>
          <Form.Item name="period" rules={[{ required: true, message: t('review.periodRequired') }]}>
            <Input style={{ width: 110 }} placeholder={kind === 'monthly' ? 'YYYY-MM' : 'YYYY'} />
          </Form.Item>
          <Form.Item name="result">
            <Select style={{ width: 100 }} options={results.map((r) => ({ value: r, label: r }))} />
          </Form.Item>
          <Form.Item name="comment" style={{ flex: '1 1 200px' }}>
            <Input placeholder={t('review.commentPlaceholder')} maxLength={500} />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit" loading={review.isPending} data-testid="review-submit">
              {t('review.submit')}
            </Button>
          </Form.Item>
        </Form>
      )}
      {p.can.review && kind === 'yearend' && (
        <Alert style={{ marginTop: 8 }} type="info" showIcon title={t('review.yearendHint')} />
      )}
    </div>
  );
}
