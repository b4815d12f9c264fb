// Training expenses: filter by year, budget holder (the county or a school) and category, in the
// URL; export; record an expense for a project or a trip with its receipts; approved claims appear
// here by themselves.
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import {
  type AttachmentDto,
  EXPENSE_CATEGORIES,
  type ExpenseCategory,
  type ExpenseItem,
  type ExpenseList,
  moneyInput,
} from '@shixun/common';
import {
  App,
  Button,
  DatePicker,
  Drawer,
  Form,
  Grid,
  Input,
  InputNumber,
  Popconfirm,
  Radio,
  Select,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { accessOf } from '../../access';
import { AttachmentList } from '../../components/AttachmentList';
import { AttachmentsField } from '../../components/AttachmentsField';
import { fmtDate, fmtInt } from '../../components/format';
import { type ListColumn, ListPage } from '../../components/list/ListPage';
import { useListUrl } from '../../components/list/useListUrl';
import { SchoolSelect } from '../../components/SchoolSelect';
import { zodRule } from '../../components/zodRule';
import { useMe } from '../auth/auth.api';
import { useProjects } from '../projects/projects.api';
import { useCreateExpense, useDeleteExpense, useExpenses } from './money.api';
import { categoryOptions, Money, yuan } from './shared';

const thisYear = () =>
  Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date()));

export default function ExpensesPage() {
  const { t } = useTranslation('money');
  const { message } = App.useApp();
  const me = useMe();
  const access = accessOf(me.data);
  const url = useListUrl();
  const county = url.get('county') === 'true';
  const remove = useDeleteExpense();
  const [creating, setCreating] = useState(false);
  const canWrite = access.can('budgets.write');
  const years = Array.from({ length: 6 }, (_, i) => thisYear() + 1 - i);

  const del = async (id: number) => {
    try {
      await remove.mutateAsync(id);
      message.success(t('expenses.deleted'));
    } catch (e) {
      message.error((e as Error).message);
    }
  };

  const columns: ListColumn<ExpenseItem>[] = [
    { key: 'spentOn', title: t('expenses.date'), dataIndex: 'spentOn', width: 125, render: (v: string) => fmtDate(v) },
    {
      key: 'unit',
      title: t('expenses.unit'),
      dataIndex: 'schoolName',
      width: 140,
      render: (v: string | null) => v ?? t('county'),
    },
    {
      key: 'category',
      title: t('expenses.category'),
      dataIndex: 'category',
      width: 90,
      render: (c: ExpenseCategory) => t(`category.${c}`),
    },
    {
      key: 'amount',
      title: t('expenses.amount'),
      dataIndex: 'amount',
      width: 120,
      align: 'right',
      locked: true,
      render: (v: string) => <Money v={v} />,
    },
    {
      key: 'project',
      title: t('expenses.project'),
      dataIndex: 'projectName',
      render: (v: string | null, r) => (
        <span>
          {v ?? '—'}
          {r.teacherName && <Typography.Text type="secondary"> · {r.teacherName}</Typography.Text>}
          {r.note && (
            <>
              <br />
              <Typography.Text type="secondary">{r.note}</Typography.Text>
            </>
          )}
        </span>
      ),
    },
    {
      key: 'receipts',
      title: t('expenses.receipts'),
      dataIndex: 'attachments',
      width: 160,
      render: (a: AttachmentDto[]) =>
        a.length ? (
          <AttachmentList items={a} />
        ) : (
          <Typography.Text type="secondary">{t('expenses.noReceipts')}</Typography.Text>
        ),
    },
    {
      key: 'source',
      title: t('expenses.source'),
      dataIndex: 'claimId',
      width: 100,
      render: (v: number | null) => (v ? t('expenses.fromClaim', { id: v }) : t('expenses.manual')),
    },
    ...(canWrite
      ? [
          {
            key: 'op',
            title: t('common:action.operations'),
            width: 64,
            locked: true,
            render: (_: unknown, r: ExpenseItem) =>
              r.claimId == null &&
              (access.countyAdmin || r.schoolId === me.data?.schoolId) && (
                <Popconfirm
                  title={t('expenses.deleteConfirm', { amount: yuan(r.amount) })}
                  okText={t('common:action.delete')}
                  cancelText={t('common:action.cancel')}
                  okButtonProps={{ danger: true }}
                  onConfirm={() => del(r.id)}
                >
                  <Button
                    type="text"
                    danger
                    size="small"
                    icon={<DeleteOutlined />}
                    aria-label={t('common:action.delete')}
                  />
                </Popconfirm>
              ),
          },
        ]
      : []),
  ];

  return (
    <div>
      <ListPage<ExpenseItem, ExpenseList>
        id="expenses"
        title={t('expenses.title')}
        sub={t('expenses.sub')}
        actions={
          canWrite && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="expense-new">
              {t('expenses.create')}
            </Button>
          )
        }
        filters={[
          {
            type: 'select',
            name: 'year',
            label: t('listing.year'),
            width: 120,
            defaultValue: String(thisYear()),
            options: [
              { value: 'all', label: t('expenses.allYears') },
              ...years.map((y) => ({ value: String(y), label: t('year', { year: y }) })),
            ],
          },
          {
            type: 'custom',
            name: 'county',
            hidden: !access.countyWide,
            render: ({ set }) => (
              <Radio.Group
                optionType="button"
                value={county ? 'county' : 'all'}
                onChange={(e) => set({ county: e.target.value === 'county' ? 'true' : null, schoolId: null })}
                options={[
                  { value: 'all', label: t('expenses.allHolders') },
                  { value: 'county', label: t('expenses.holderCounty') },
                ]}
              />
            ),
          },
          { type: 'school', name: 'schoolId', label: t('expenses.school'), hidden: access.schoolAdmin || county },
          {
            type: 'select',
            name: 'category',
            label: t('expenses.allCategories'),
            width: 140,
            options: categoryOptions(t).map((o) => ({ value: String(o.value), label: o.label })),
          },
        ]}
        toParams={(v) => ({
          year: v.year === 'all' ? undefined : v.year,
          county: v.county === 'true' ? 'true' : undefined,
          schoolId: v.county === 'true' ? undefined : v.schoolId,
          category: v.category,
          projectId: url.get('projectId'),
        })}
        useList={useExpenses}
        exportPath="/api/expenses/export"
        summary={(d) => (
          <Typography.Text strong data-testid="expense-sum">
            {t('expenses.sum', { sum: yuan(d.sum), n: fmtInt(d.total) })}
          </Typography.Text>
        )}
        columns={columns}
        rowKey={(r) => r.id}
        empty={{ none: t('expenses.empty'), filtered: t('expenses.empty') }}
      />
      {canWrite && (
        <ExpenseFormDrawer
          open={creating}
          onClose={() => setCreating(false)}
          countyAdmin={access.countyAdmin}
          ownSchoolId={me.data?.schoolId ?? null}
        />
      )}
    </div>
  );
}

interface Values {
  holder: 'county' | 'school';
  schoolId?: number;
  category?: ExpenseCategory;
  amount?: string;
  spentOn?: Dayjs;
  projectId?: number;
  note?: string;
  files?: AttachmentDto[];
}

function ExpenseFormDrawer({
  open,
  onClose,
  countyAdmin,
  ownSchoolId,
}: {
  open: boolean;
  onClose: () => void;
  countyAdmin: boolean;
  ownSchoolId: number | null;
}) {
  const { t } = useTranslation('money');
  const { message } = App.useApp();
  const mobile = !Grid.useBreakpoint().md;
  const [form] = Form.useForm<Values>();
  const holder = Form.useWatch('holder', form);
  const [projectQ, setProjectQ] = useState('');
  const projects = useProjects({ q: projectQ || undefined, pageSize: 20 }, open);
  const create = useCreateExpense();

  const submit = async (v: Values) => {
    try {
      await create.mutateAsync({
        schoolId: countyAdmin ? (v.holder === 'county' ? null : (v.schoolId ?? null)) : ownSchoolId,
        category: v.category!,
        amount: String(v.amount),
        spentOn: v.spentOn!.format('YYYY-MM-DD'),
        projectId: v.projectId ?? null,
        note: v.note || null,
        attachmentIds: (v.files ?? []).map((f) => f.id),
      });
      message.success(t('expenses.created'));
      form.resetFields();
      onClose();
    } catch (e) {
      message.error((e as Error).message);
    }
  };

  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={t('expenses.formTitle')}
      size={mobile ? '100%' : 520}
      destroyOnHidden
      footer={
        <div style={{ display: 'flex', justifyContent: 'flex-end', gap: 8 }}>
          <Button onClick={onClose}>{t('common:action.cancel')}</Button>
          <Button type="primary" loading={create.isPending} onClick={() => form.submit()} data-testid="expense-submit">
            {t('common:action.save')}
          </Button>
        </div>
      }
    >
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ holder: countyAdmin ? 'county' : 'school', spentOn: dayjs(), category: 'travel' }}
        onFinish={submit}
      >
        {countyAdmin && (
          <Form.Item name="holder" label={t('expenses.holder')}>
            <Radio.Group
              optionType="button"
              options={[
                { value: 'county', label: t('expenses.holderCounty') },
                { value: 'school', label: t('expenses.holderSchool') },
              ]}
            />
          </Form.Item>
        )}
        {countyAdmin && holder === 'school' && (
          <Form.Item
            name="schoolId"
            label={t('expenses.school')}
            rules={[{ required: true, message: t('expenses.school') }]}
          >
            <SchoolSelect />
          </Form.Item>
        )}
        <Form.Item name="category" label={t('expenses.category')} rules={[{ required: true }]}>
          <Select options={EXPENSE_CATEGORIES.map((c) => ({ value: c, label: t(`category.${c}`) }))} />
        </Form.Item>
        <Form.Item
          name="amount"
          label={t('expenses.amount')}
          rules={[{ required: true, message: t('form.enterAmount') }, zodRule(moneyInput)]}
        >
          <InputNumber<string> stringMode min="0.01" precision={2} prefix="¥" style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="spentOn" label={t('expenses.date')} rules={[{ required: true }]}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="projectId" label={t('expenses.project')}>
          <Select
            allowClear
            showSearch={{ filterOption: false, onSearch: setProjectQ }}
            placeholder={t('expenses.projectPlaceholder')}
            loading={projects.isFetching}
            options={(projects.data?.items ?? []).map((p) => ({ value: p.id, label: `${p.name}（${p.year}）` }))}
          />
        </Form.Item>
        <Form.Item name="note" label={t('expenses.note')}>
          <Input maxLength={500} placeholder={t('expenses.notePlaceholder')} />
        </Form.Item>
        <Form.Item name="files" label={t('expenses.receipts')}>
          <AttachmentsField purpose="expense" />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
