// One teacher's credits for admins (from the progress list or the roster): progress, statements,
// and for the county the ledger corrections — an adjustment or a reversal, each with a reason.
import { PlusOutlined } from '@ant-design/icons';
import { creditAdjustmentBody, LEVELS, type ProgressEntry } from '@shixun/common';
import { App, Button, DatePicker, Form, Input, InputNumber, Modal, Select, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { accessOf } from '../../access';
import { PageHeader } from '../../components/PageHeader';
import { PageError, PageLoading } from '../../components/PageState';
import { useUrlQuery } from '../../components/useUrlQuery';
import { zodRule } from '../../components/zodRule';
import { useMe } from '../auth/auth.api';
import { useAdjustCredits, useCurrentCycle, useReverseEntry, useTeacherCredits } from './credits.api';
import { CycleSelect, ProgressView } from './ProgressView';
import { StatementsCard } from './StatementsCard';

export default function TeacherCreditsPage() {
  const { t } = useTranslation('credits');
  const id = Number(useParams().id);
  const me = useMe();
  const access = accessOf(me.data);
  const uq = useUrlQuery();
  const cycle = uq.num('cycle');
  const p = useTeacherCredits(id, cycle);
  const current = useCurrentCycle();
  const [adjusting, setAdjusting] = useState(false);
  const reverse = useReverseEntry();
  const { message, modal } = App.useApp();

  if (p.isLoading) return <PageLoading />;
  if (!p.data) return <PageError error={p.error} onRetry={() => p.refetch()} />;

  const askReverse = (e: ProgressEntry) => {
    let reason = '';
    modal.confirm({
      title: t('progress.reverseTitle'),
      content: (
        <div>
          <p>{t('progress.reverseHint')}</p>
          <Input.TextArea
            rows={2}
            maxLength={200}
            placeholder={t('progress.reason')}
            onChange={(x) => {
              reason = x.target.value;
            }}
            data-testid="reverse-reason"
          />
        </div>
      ),
      onOk: async () => {
        if (reason.trim().length < 2) {
          message.error(t('progress.reasonRequired'));
          throw new Error('reason');
        }
        try {
          await reverse.mutateAsync({ id: e.id, reason: reason.trim() });
          message.success(t('progress.reversedDone'));
        } catch (err) {
          message.error((err as Error).message);
          throw err;
        }
      },
    });
  };

  return (
    <div style={{ maxWidth: 860 }}>
      <PageHeader
        title={t('progress.teacherTitle', { name: p.data.teacherName })}
        sub={p.data.schoolName}
        extra={
          access.can('credits.adjust') && (
            <Button icon={<PlusOutlined />} onClick={() => setAdjusting(true)} data-testid="adjust-open">
              {t('progress.adjust')}
            </Button>
          )
        }
      />
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        {current && (
          <CycleSelect
            value={p.data.cycle.start}
            current={current}
            onChange={(start) => uq.set({ cycle: start === current.start ? undefined : start })}
          />
        )}
        <ProgressView
          p={p.data}
          entryAction={
            access.can('credits.adjust')
              ? (e) =>
                  e.cancelled == null && e.reversesId == null ? (
                    <Button size="small" type="link" danger onClick={() => askReverse(e)}>
                      {t('progress.reverse')}
                    </Button>
                  ) : null
              : undefined
          }
        />
        <StatementsCard
          teacherId={id}
          canIssue={access.can('credits.issue')}
          canRevoke={access.can('credits.revoke')}
          defaultYear={p.data.year}
        />
      </Space>
      {adjusting && <AdjustModal teacherId={id} onClose={() => setAdjusting(false)} />}
    </div>
  );
}

type AdjustForm = {
  hours: number;
  occurredOn: Dayjs;
  category: string;
  level?: string;
  reason: string;
  evidence?: string;
};

function AdjustModal({ teacherId, onClose }: { teacherId: number; onClose: () => void }) {
  const { t } = useTranslation('credits');
  const { message } = App.useApp();
  const adjust = useAdjustCredits(teacherId);
  const [form] = Form.useForm<AdjustForm>();
  const submit = async () => {
    const v = await form.validateFields();
    try {
      await adjust.mutateAsync({
        hours: v.hours,
        occurredOn: v.occurredOn.format('YYYY-MM-DD'),
        category: v.category,
        level: (v.level as (typeof LEVELS)[number]) ?? null,
        reason: v.reason,
        evidence: v.evidence || null,
      });
      message.success(t('progress.adjustDone'));
      onClose();
    } catch (e) {
      message.error((e as Error).message);
    }
  };
  const shape = creditAdjustmentBody.shape;
  return (
    <Modal open title={t('progress.adjustTitle')} onCancel={onClose} onOk={submit} confirmLoading={adjust.isPending}>
      <Form form={form} layout="vertical" initialValues={{ category: '其他' }}>
        <Form.Item name="hours" label={t('progress.hours')} rules={[{ required: true }, zodRule(shape.hours)]}>
          <InputNumber step={0.5} style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="occurredOn" label={t('progress.date')} rules={[{ required: true }]}>
          <DatePicker />
        </Form.Item>
        <Form.Item name="category" label={t('progress.category')} rules={[{ required: true }, zodRule(shape.category)]}>
          <Input maxLength={40} />
        </Form.Item>
        <Form.Item name="level" label={t('progress.levelLabel')}>
          <Select
            allowClear
            options={LEVELS.map((l) => ({ value: l, label: t(`level.${l}`) }))}
            style={{ width: 160 }}
          />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('progress.reason')}
          rules={[{ required: true, message: t('progress.reasonRequired') }, zodRule(shape.reason)]}
        >
          <Input.TextArea rows={2} maxLength={200} />
        </Form.Item>
        <Form.Item name="evidence" label={t('progress.evidence')}>
          <Input maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
