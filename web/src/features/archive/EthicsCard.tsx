// The ethics record (师德档案) on the teacher detail page: the list, and for county and school admins
// a form to record a pledge, commendation or violation (with 一票否决); county admins delete mistakes.
import { PlusOutlined } from '@ant-design/icons';
import { ETHICS_KINDS, type EthicsKind, ethicsBody } from '@shixun/common';
import {
  App,
  Button,
  Card,
  DatePicker,
  Empty,
  Form,
  Input,
  Modal,
  Popconfirm,
  Radio,
  Switch,
  Table,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { zodRule } from '../../components/zodRule';
import { EthicsKindTag } from './ArchiveDocument';
import { useAddEthics, useDeleteEthics, useEthics } from './archive.api';

interface Values {
  occurredOn: Dayjs;
  kind: EthicsKind;
  veto?: boolean;
  note?: string;
}

export function EthicsCard({
  teacherId,
  canWrite,
  canDelete,
}: {
  teacherId: number;
  canWrite: boolean;
  canDelete: boolean;
}) {
  const { t } = useTranslation('archive');
  const { message } = App.useApp();
  const list = useEthics(teacherId);
  const del = useDeleteEthics(teacherId);
  const [adding, setAdding] = useState(false);
  const items = list.data?.items ?? [];

  return (
    <Card
      title={t('section.ethics')}
      data-testid="ethics-card"
      extra={
        canWrite && (
          <Button icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="ethics-add">
            {t('ethics.add')}
          </Button>
        )
      }
    >
      {list.error ? (
        <Typography.Text type="danger">{(list.error as Error).message}</Typography.Text>
      ) : items.length === 0 && !list.isLoading ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('ethics.empty')} />
      ) : (
        <Table
          rowKey="id"
          size="small"
          loading={list.isLoading}
          pagination={false}
          dataSource={items}
          scroll={{ x: 'max-content' }}
          columns={[
            { title: t('ethics.date'), dataIndex: 'occurredOn', width: 110 },
            {
              title: t('ethics.kind'),
              key: 'kind',
              render: (_, e) => <EthicsKindTag kind={e.kind} veto={e.veto} />,
            },
            { title: t('ethics.note'), dataIndex: 'note', render: (v: string | null) => v ?? '—' },
            { title: t('ethics.by'), dataIndex: 'createdBy', render: (v: string | null) => v ?? '—' },
            ...(canDelete
              ? [
                  {
                    title: t('common:action.operations'),
                    key: 'ops',
                    render: (_: unknown, e: { id: number }) => (
                      <Popconfirm
                        title={t('ethics.deleteConfirm')}
                        okButtonProps={{ danger: true }}
                        onConfirm={async () => {
                          try {
                            await del.mutateAsync(e.id);
                            message.success(t('common:state.deleted'));
                          } catch (err) {
                            message.error((err as Error).message);
                          }
                        }}
                      >
                        <Button type="link" size="small" danger>
                          {t('common:action.delete')}
                        </Button>
                      </Popconfirm>
                    ),
                  },
                ]
              : []),
          ]}
        />
      )}
      {canWrite && <AddEthicsModal teacherId={teacherId} open={adding} onClose={() => setAdding(false)} />}
    </Card>
  );
}

function AddEthicsModal({ teacherId, open, onClose }: { teacherId: number; open: boolean; onClose: () => void }) {
  const { t } = useTranslation('archive');
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const add = useAddEthics(teacherId);
  const kind = Form.useWatch('kind', form);

  const submit = async () => {
    const v = await form.validateFields();
    try {
      await add.mutateAsync({
        occurredOn: v.occurredOn.format('YYYY-MM-DD'),
        kind: v.kind,
        veto: v.kind === 'violation' ? !!v.veto : false,
        note: v.note?.trim() || undefined,
      });
      message.success(t('ethics.added'));
      form.resetFields();
      onClose();
    } catch (e) {
      message.error((e as Error).message);
    }
  };

  return (
    <Modal
      open={open}
      title={t('ethics.addTitle')}
      okText={t('common:action.save')}
      cancelText={t('common:action.cancel')}
      okButtonProps={{ loading: add.isPending }}
      onOk={submit}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form
        form={form}
        name="ethics"
        layout="vertical"
        preserve={false}
        initialValues={{ occurredOn: dayjs(), kind: 'pledge' }}
      >
        <Form.Item
          name="occurredOn"
          label={t('ethics.date')}
          rules={[{ required: true, message: t('ethics.dateRequired') }]}
        >
          <DatePicker style={{ width: '100%' }} inputReadOnly disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
        </Form.Item>
        <Form.Item name="kind" label={t('ethics.kind')}>
          <Radio.Group
            optionType="button"
            options={ETHICS_KINDS.map((k) => ({ value: k, label: t(`ethics.kinds.${k}`) }))}
            data-testid="ethics-kind"
          />
        </Form.Item>
        {kind === 'violation' && (
          <Form.Item name="veto" label={t('ethics.veto')} valuePropName="checked" extra={t('ethics.vetoHint')}>
            <Switch />
          </Form.Item>
        )}
        <Form.Item
          name="note"
          label={t('ethics.note')}
          rules={[
            ...(kind === 'violation' ? [{ required: true, whitespace: true, message: t('ethics.noteRequired') }] : []),
            zodRule(ethicsBody.shape.note.unwrap()),
          ]}
        >
          <Input.TextArea
            rows={3}
            maxLength={500}
            showCount
            placeholder={t('ethics.notePlaceholder')}
            data-testid="ethics-note"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
