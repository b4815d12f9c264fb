// 学时申报审核: school admins pass their teachers' applications to the county or return them; the
// county grants hours (posted to the ledger) or returns them; area admins and leaders read. Tabs by
// status with counts, filters (school, kind, search) in the URL, a detail drawer with the evidence.
import type { ApplicationStatus, CreditApplication } from '@shixun/common';
import { ACTIVITY_KINDS } from '@shixun/common';
import {
  Alert,
  App,
  Button,
  Card,
  Drawer,
  Form,
  Grid,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Table,
  Tabs,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { accessOf } from '../../access';
import { fmtDate, fmtInt } from '../../components/format';
import { FilterBar, PageHeader } from '../../components/PageHeader';
import { PageError } from '../../components/PageState';
import { SchoolSelect } from '../../components/SchoolSelect';
import { usePaging, useUrlQuery } from '../../components/useUrlQuery';
import { useMe } from '../auth/auth.api';
import { useApplication, useApplications, useDecideApplication, useReviewApplication } from './credit-applications.api';
import { ApplicationDetail, StatusTag, useKindLabel } from './shared';

const TABS: Array<ApplicationStatus | 'all'> = ['pending', 'school_passed', 'approved', 'returned', 'withdrawn', 'all'];

export default function ApplicationsReviewPage() {
  const { t } = useTranslation('creditApplications');
  const access = accessOf(useMe().data);
  const uq = useUrlQuery();
  const { page, pageSize } = usePaging(uq);
  const kindLabel = useKindLabel();
  const defaultTab = access.countyAdmin ? 'school_passed' : access.schoolAdmin ? 'pending' : 'all';
  const tab = (uq.str('status') as ApplicationStatus | 'all' | undefined) ?? defaultTab;
  const schoolId = uq.num('schoolId');
  const kind = uq.str('kind');
  const q = uq.str('q');
  const openId = uq.num('id') ?? null;
  const list = useApplications({
    page,
    pageSize,
    status: tab === 'all' ? undefined : tab,
    schoolId,
    kind: kind as (typeof ACTIVITY_KINDS)[number] | undefined,
    q,
  });
  const counts = list.data?.counts;
  const sub = access.countyAdmin
    ? t('review.subCounty')
    : access.schoolAdmin
      ? t('review.subSchool')
      : t('review.subRead');

  return (
    <div>
      <PageHeader title={t('review.title')} sub={sub} />
      <Card styles={{ body: { paddingTop: 4 } }}>
        <Tabs
          activeKey={tab}
          onChange={(k) => uq.set({ status: k })}
          items={TABS.map((s) => ({
            key: s,
            label: (
              <span data-testid={`tab-${s}`}>
                {t(`status.${s}`)}
                {s !== 'all' && counts ? ` ${fmtInt(counts[s])}` : ''}
              </span>
            ),
          }))}
        />
        <FilterBar>
          {!access.schoolAdmin && (
            <SchoolSelect
              style={{ width: 220 }}
              value={schoolId}
              placeholder={t('review.allSchools')}
              onChange={(v) => uq.set({ schoolId: v })}
            />
          )}
          <Select
            allowClear
            style={{ width: 170 }}
            placeholder={t('review.allKinds')}
            value={kind}
            onChange={(v) => uq.set({ kind: v })}
            options={ACTIVITY_KINDS.map((k) => ({ value: k, label: kindLabel(k) }))}
          />
          <Input.Search
            allowClear
            style={{ width: 240 }}
            placeholder={t('review.search')}
            defaultValue={q}
            onSearch={(v) => uq.set({ q: v.trim() })}
          />
        </FilterBar>
        {list.error && !list.data ? (
          <PageError error={list.error} onRetry={() => list.refetch()} />
        ) : (
          <Table<CreditApplication>
            rowKey="id"
            size="middle"
            loading={list.isFetching}
            dataSource={list.data?.items ?? []}
            scroll={{ x: 900 }}
            locale={{ emptyText: t('review.empty') }}
            onRow={(r) => ({ onClick: () => uq.set({ id: r.id, page }), style: { cursor: 'pointer' } })}
            pagination={{
              current: page,
              pageSize,
              total: list.data?.total ?? 0,
              showSizeChanger: true,
              showTotal: (total) => t('common:total', { total: fmtInt(total) }),
              onChange: (p, s) => uq.set({ page: p, pageSize: s }),
            }}
            columns={[
              { title: t('field.teacher'), dataIndex: 'teacherName', width: 96, fixed: 'left' },
              { title: t('field.school'), dataIndex: 'schoolName', width: 160, ellipsis: true },
              { title: t('field.kind'), dataIndex: 'kind', width: 130, render: (k: string) => kindLabel(k) },
              {
                title: t('field.title'),
                dataIndex: 'title',
                ellipsis: true,
                render: (v: string, r) => (
                  <Typography.Link data-testid={`open-${r.id}`} onClick={() => uq.set({ id: r.id, page })}>
                    {v}
                  </Typography.Link>
                ),
              },
              { title: t('field.occurredOn'), dataIndex: 'occurredOn', width: 120, render: (d: string) => fmtDate(d) },
              {
                title: t('field.claimedHours'),
                dataIndex: 'claimedHours',
                width: 96,
                align: 'right',
                render: (h: number, r) => (r.grantedHours != null ? `${r.grantedHours} / ${h}` : h),
              },
              {
                title: t('field.submittedAt'),
                dataIndex: 'submittedAt',
                width: 120,
                render: (d: string) => fmtDate(d),
              },
              {
                title: t('field.status'),
                dataIndex: 'status',
                width: 110,
                render: (s: ApplicationStatus) => <StatusTag status={s} />,
              },
            ]}
          />
        )}
      </Card>
      <DetailDrawer id={openId} onClose={() => uq.set({ id: null, page })} />
    </div>
  );
}

function DetailDrawer({ id, onClose }: { id: number | null; onClose: () => void }) {
  const { t } = useTranslation('creditApplications');
  const { message } = App.useApp();
  const screens = Grid.useBreakpoint();
  const me = useMe().data;
  const access = accessOf(me);
  const detail = useApplication(id);
  const review = useReviewApplication();
  const decide = useDecideApplication();
  const [modal, setModal] = useState<'return' | 'approve' | null>(null);
  const [form] = Form.useForm<{ reason?: string; grantedHours?: number }>();
  const a = detail.data;

  const canSchool = !!a && a.status === 'pending' && access.can('credit-applications.review');
  const canCounty = !!a && a.status === 'school_passed' && access.can('credit-applications.decide');

  const act = async (fn: () => Promise<unknown>, done: string) => {
    try {
      await fn();
      message.success(done);
      setModal(null);
      form.resetFields();
    } catch (e) {
      message.error((e as Error).message);
    }
  };

  const onModalOk = async () => {
    const v = await form.validateFields();
    if (!a) return;
    if (modal === 'approve') {
      await act(
        () =>
          decide.mutateAsync({
            id: a.id,
            body: { action: 'approve', grantedHours: v.grantedHours, reason: v.reason ?? null },
          }),
        t('review.approved'),
      );
    } else if (canCounty) {
      await act(
        () => decide.mutateAsync({ id: a.id, body: { action: 'return', reason: v.reason ?? null } }),
        t('review.returned'),
      );
    } else {
      await act(
        () => review.mutateAsync({ id: a.id, body: { action: 'return', reason: v.reason ?? null } }),
        t('review.returned'),
      );
    }
  };

  return (
    <Drawer
      open={id != null}
      onClose={onClose}
      title={t('review.detail')}
      size={screens.md ? 560 : '100%'}
      destroyOnHidden
      footer={
        (canSchool || canCounty) && (
          <Space wrap style={{ width: '100%', justifyContent: 'flex-end' }}>
            <Button danger onClick={() => setModal('return')} data-testid="application-return">
              {t('review.return')}
            </Button>
            {canSchool && (
              <Button
                type="primary"
                loading={review.isPending}
                onClick={() =>
                  act(
                    () => review.mutateAsync({ id: a!.id, body: { action: 'pass', reason: null } }),
                    t('review.passed'),
                  )
                }
                data-testid="application-pass"
              >
                {t('review.pass')}
              </Button>
            )}
            {canCounty && (
              <Button
                type="primary"
                onClick={() => {
                  form.setFieldsValue({ grantedHours: a!.claimedHours, reason: undefined });
                  setModal('approve');
                }}
                data-testid="application-approve"
              >
                {t('review.approve')}
              </Button>
            )}
          </Space>
        )
      }
    >
      {detail.isLoading ? null : detail.error ? (
        <PageError error={detail.error} />
      ) : a ? (
        <ApplicationDetail a={a} />
      ) : null}
      <Modal
        open={modal != null}
        title={modal === 'approve' ? t('review.approveTitle') : t('review.returnTitle')}
        onCancel={() => setModal(null)}
        onOk={onModalOk}
        confirmLoading={review.isPending || decide.isPending}
        okButtonProps={{ danger: modal === 'return', 'data-testid': 'modal-ok' }}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" preserve={false}>
          {modal === 'approve' && (
            <>
              <Alert type="info" showIcon title={t('review.approveHint')} style={{ marginBottom: 16 }} />
              <Form.Item
                name="grantedHours"
                label={t('field.grantedHours')}
                initialValue={a?.claimedHours}
                rules={[{ required: true, message: t('form.required.claimedHours') }]}
              >
                <InputNumber min={0.5} max={999} precision={1} style={{ width: 160 }} data-testid="granted-hours" />
              </Form.Item>
              <Form.Item name="reason" label={t('review.approveNote')}>
                <Input.TextArea rows={2} maxLength={500} />
              </Form.Item>
            </>
          )}
          {modal === 'return' && (
            <Form.Item
              name="reason"
              label={t('field.reason')}
              rules={[{ required: true, whitespace: true, message: t('review.reasonRequired') }]}
            >
              <Input.TextArea
                rows={3}
                maxLength={500}
                placeholder={t('review.returnReasonPlaceholder')}
                data-testid="return-reason"
              />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </Drawer>
  );
}
