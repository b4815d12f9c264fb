// 学时申报审核: school admins pass their teachers' applications to the county or return them; the
// county grants hours (posted to the ledger) or returns them; area admins and leaders read. Tabs by
// status with counts, filters (school, kind, search) in the URL, export, a detail drawer with the evidence.
import type { ApplicationStatus, CreditApplication, CreditApplicationList } from '@shixun/common';
import { ACTIVITY_KINDS } from '@shixun/common';
import { Alert, App, Button, Drawer, Form, Grid, Input, InputNumber, Modal, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { accessOf } from '../../access';
import { fmtDate, fmtInt } from '../../components/format';
import { type ListColumn, ListPage } from '../../components/list/ListPage';
import { useListUrl } from '../../components/list/useListUrl';
import { PageError } from '../../components/PageState';
import { useMe } from '../auth/auth.api';
import { useApplication, useApplications, useDecideApplication, useReviewApplication } from './credit-applications.api';
import { ApplicationDetail, StatusTag, useKindLabel } from './shared';

const TABS: Array<ApplicationStatus | 'all'> = ['pending', 'school_passed', 'approved', 'returned', 'withdrawn', 'all'];

export default function ApplicationsReviewPage() {
  const { t } = useTranslation('creditApplications');
  const access = accessOf(useMe().data);
  const url = useListUrl();
  const kindLabel = useKindLabel();
  const defaultTab = access.countyAdmin ? 'school_passed' : access.schoolAdmin ? 'pending' : 'all';
  const openId = Number(url.get('id')) || null;
  const open = (id: number | null) => url.set({ id, page: url.get('page') });
  const sub = access.countyAdmin
    ? t('review.subCounty')
    : access.schoolAdmin
      ? t('review.subSchool')
      : t('review.subRead');

  const columns: ListColumn<CreditApplication>[] = [
    { key: 'teacher', title: t('field.teacher'), dataIndex: 'teacherName', width: 96, fixed: 'left', locked: true },
    { key: 'school', title: t('field.school'), dataIndex: 'schoolName', width: 160, ellipsis: true },
    { key: 'kind', title: t('field.kind'), dataIndex: 'kind', width: 130, render: (k: string) => kindLabel(k) },
    {
      key: 'title',
      title: t('field.title'),
      dataIndex: 'title',
      ellipsis: true,
      locked: true,
      render: (v: string, r) => (
        <Typography.Link data-testid={`open-${r.id}`} onClick={() => open(r.id)}>
          {v}
        </Typography.Link>
      ),
    },
    {
      key: 'occurredOn',
      title: t('field.occurredOn'),
      dataIndex: 'occurredOn',
      width: 136,
      render: (d: string) => fmtDate(d),
    },
    {
      key: 'hours',
      title: t('field.claimedHours'),
      dataIndex: 'claimedHours',
      width: 96,
      align: 'right',
      render: (h: number, r) => (r.grantedHours != null ? `${r.grantedHours} / ${h}` : h),
    },
    {
      key: 'submittedAt',
      title: t('field.submittedAt'),
      dataIndex: 'submittedAt',
      width: 136,
      render: (d: string) => fmtDate(d),
    },
    {
      key: 'status',
      title: t('field.status'),
      dataIndex: 'status',
      width: 110,
      render: (st: ApplicationStatus) => <StatusTag status={st} />,
    },
  ];

  return (
    <div>
      <ListPage<CreditApplication, CreditApplicationList>
        id="credit-applications"
        title={t('review.title')}
        sub={sub}
        tabs={{
          name: 'status',
          default: defaultTab,
          items: TABS.map((st) => ({
            key: st,
            label: (d) => `${t(`status.${st}`)}${st !== 'all' && d?.counts ? ` ${fmtInt(d.counts[st])}` : ''}`,
          })),
        }}
        filters={[
          { type: 'school', name: 'schoolId', label: t('review.allSchools'), hidden: access.schoolAdmin },
          {
            type: 'select',
            name: 'kind',
            label: t('review.allKinds'),
            width: 170,
            options: ACTIVITY_KINDS.map((k) => ({ value: k, label: kindLabel(k) })),
          },
          { type: 'search', name: 'q', label: t('review.search'), width: 240 },
        ]}
        useList={useApplications}
        exportPath="/api/credit-applications/export"
        columns={columns}
        rowKey={(r) => r.id}
        empty={{ none: t('review.empty'), filtered: t('review.empty') }}
        tableProps={{ onRow: (r) => ({ onClick: () => open(r.id), style: { cursor: 'pointer' } }) }}
      />
      <DetailDrawer id={openId} onClose={() => open(null)} />
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
