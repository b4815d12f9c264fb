// The claim form, for a teacher on a phone and for a school admin filing for a teacher: pick the
// trip, list the costs by category, attach the receipts. The total is shown as the server will
// compute it (cents, no float sums).
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import {
  type AttachmentDto,
  type ExpenseCategory,
  fromCents,
  moneyInput,
  type TripOption,
  toCents,
} from '@shixun/common';
import {
  Alert,
  App,
  Button,
  Drawer,
  Empty,
  Form,
  Grid,
  Input,
  InputNumber,
  Radio,
  Select,
  Space,
  Typography,
} from 'antd';
import { useTranslation } from 'react-i18next';
import { AttachmentsField } from '../../components/AttachmentsField';
import { fmtDate } from '../../components/format';
import { applyFieldErrors, zodRule } from '../../components/zodRule';
import { ApiError } from '../../lib/http';
import { LevelTag } from '../my/shared';
import { useCreateClaim, useTrips } from './money.api';
import { categoryOptions, ReportBackTag, yuan } from './shared';

interface Values {
  participationId?: number;
  items: Array<{ category?: ExpenseCategory; amount?: string | null; note?: string }>;
  note?: string;
  files?: AttachmentDto[];
}

function totalOf(items: Values['items'] | undefined): string {
  let c = 0n;
  for (const it of items ?? []) {
    const r = moneyInput.safeParse(it?.amount ?? '');
    if (r.success) c += toCents(r.data);
  }
  return fromCents(c);
}

export function ClaimFormDrawer({
  open,
  onClose,
  forTeacher,
}: {
  open: boolean;
  onClose: () => void;
  /** The school admin's form lists every teacher's trips. */
  forTeacher?: boolean;
}) {
  const { t } = useTranslation('money');
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const mobile = !Grid.useBreakpoint().md;
  const trips = useTrips(open);
  const create = useCreateClaim();
  const items = Form.useWatch('items', form);
  const picked = Form.useWatch('participationId', form);
  const list = trips.data?.items ?? [];
  const pickedTrip = list.find((x) => x.participationId === picked);

  const submit = async (v: Values) => {
    try {
      await create.mutateAsync({
        participationId: v.participationId!,
        items: v.items.map((it) => ({ category: it.category!, amount: String(it.amount), note: it.note || null })),
        note: v.note || null,
        attachmentIds: (v.files ?? []).map((f) => f.id),
      });
      message.success(t('form.submitted'));
      form.resetFields();
      onClose();
    } catch (e) {
      if (e instanceof ApiError) applyFieldErrors(form, e.fields);
      message.error((e as Error).message);
    }
  };

  const tripLabel = (x: TripOption) => (
    <div style={{ whiteSpace: 'normal', lineHeight: 1.5, padding: '4px 0' }}>
      <LevelTag level={x.level} /> <Typography.Text strong>{x.projectName}</Typography.Text>
      <br />
      <Typography.Text type="secondary">
        {forTeacher ? `${x.teacherName} · ` : ''}
        {fmtDate(x.startDate)} – {fmtDate(x.endDate)}
      </Typography.Text>{' '}
      {x.claimId ? (
        <Typography.Text type="secondary">（{t('form.tripClaimed')}）</Typography.Text>
      ) : (
        <ReportBackTag status={x.reportBackStatus} />
      )}
    </div>
  );

  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={forTeacher ? t('form.titleFor') : t('form.title')}
      size={mobile ? '100%' : 560}
      destroyOnHidden
      footer={
        <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
          <Typography.Text strong data-testid="claim-total">
            {t('form.total', { total: yuan(totalOf(items)) })}
          </Typography.Text>
          <Space>
            <Button onClick={onClose}>{t('common:action.cancel')}</Button>
            <Button type="primary" loading={create.isPending} onClick={() => form.submit()} data-testid="claim-submit">
              {t('form.submit')}
            </Button>
          </Space>
        </Space>
      }
    >
      {!trips.isLoading && list.length === 0 ? (
        <Empty description={t('form.tripEmpty')} />
      ) : (
        <Form<Values>
          form={form}
          layout="vertical"
          initialValues={{ items: [{ category: 'travel' }] }}
          onFinish={submit}
          requiredMark={false}
        >
          <Form.Item
            name="participationId"
            label={t('form.trip')}
            rules={[{ required: true, message: t('form.pickTrip') }]}
          >
            {forTeacher ? (
              <Select
                showSearch={{ optionFilterProp: 'search' }}
                loading={trips.isLoading}
                placeholder={t('form.pickTrip')}
                options={list.map((x) => ({
                  value: x.participationId,
                  disabled: x.claimId != null,
                  search: `${x.teacherName} ${x.projectName}`,
                  label: `${x.teacherName} · ${x.projectName}`,
                }))}
                optionRender={(o) => {
                  const x = list.find((y) => y.participationId === o.value);
                  return x ? tripLabel(x) : o.label;
                }}
              />
            ) : (
              <Radio.Group style={{ width: '100%' }}>
                <Space orientation="vertical" style={{ width: '100%' }}>
                  {list.map((x) => (
                    <Radio key={x.participationId} value={x.participationId} disabled={x.claimId != null}>
                      {tripLabel(x)}
                    </Radio>
                  ))}
                </Space>
              </Radio.Group>
            )}
          </Form.Item>
          {pickedTrip && trips.data?.requireReportBack && pickedTrip.reportBackStatus !== 'verified' && (
            <Alert
              type="info"
              showIcon
              style={{ marginBottom: 16 }}
              title={t('form.tripNeedsReportBack', {
                status: t(`reportBack.${pickedTrip.reportBackStatus ?? 'none'}`),
              })}
            />
          )}
          <Typography.Text strong style={{ display: 'block', marginBottom: 8 }}>
            {t('form.items')}
          </Typography.Text>
          <Form.List name="items">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f, i) => (
                  <div
                    key={f.key}
                    data-testid={`claim-line-${i}`}
                    style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'flex-start', marginBottom: 4 }}
                  >
                    <Form.Item
                      name={[f.name, 'category']}
                      rules={[{ required: true, message: t('form.pickCategory') }]}
                      style={{ flex: '1 1 120px', marginBottom: 8 }}
                    >
                      <Select
                        options={categoryOptions(t)}
                        placeholder={t('form.category')}
                        aria-label={t('form.category')}
                      />
                    </Form.Item>
                    <Form.Item
                      name={[f.name, 'amount']}
                      rules={[{ required: true, message: t('form.enterAmount') }, zodRule(moneyInput)]}
                      style={{ flex: '1 1 120px', marginBottom: 8 }}
                    >
                      <InputNumber<string>
                        stringMode
                        min="0.01"
                        step="1"
                        precision={2}
                        prefix="¥"
                        inputMode="decimal"
                        placeholder={t('form.amount')}
                        aria-label={t('form.amount')}
                        style={{ width: '100%' }}
                      />
                    </Form.Item>
                    <Form.Item name={[f.name, 'note']} style={{ flex: '2 1 180px', marginBottom: 8 }}>
                      <Input maxLength={200} placeholder={t('form.itemNote')} />
                    </Form.Item>
                    {fields.length > 1 && (
                      <Button
                        type="text"
                        danger
                        icon={<DeleteOutlined />}
                        aria-label={t('common:action.delete')}
                        onClick={() => remove(f.name)}
                      />
                    )}
                  </div>
                ))}
                {fields.length < 20 && (
                  <Button
                    type="dashed"
                    block
                    icon={<PlusOutlined />}
                    onClick={() => add({ category: undefined })}
                    style={{ marginBottom: 16 }}
                    data-testid="claim-add-line"
                  >
                    {t('form.addItem')}
                  </Button>
                )}
              </>
            )}
          </Form.List>
          <Form.Item name="files" label={t('form.receipts')}>
            <AttachmentsField purpose="claim" />
          </Form.Item>
          <Form.Item name="note" label={t('form.note')}>
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
        </Form>
      )}
    </Drawer>
  );
}
