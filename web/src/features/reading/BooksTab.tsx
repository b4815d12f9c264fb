// The county's reading list of a year: title, author, why it is recommended, readers in scope; the
// county adds, edits and removes books.
import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import type { Book } from '@shixun/common';
import { App, Button, Empty, Form, Input, Modal, Popconfirm, Space, Table, type TableProps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { accessOf } from '../../access';
import { fmtInt } from '../../components/format';
import { PageError } from '../../components/PageState';
import { applyFieldErrors } from '../../components/zodRule';
import { ApiError } from '../../lib/http';
import { useMe } from '../auth/auth.api';
import { useAddBook, useBooks, useDeleteBook, useUpdateBook } from './reading.api';

interface Values {
  title: string;
  author?: string;
  note?: string;
}

export function BooksTab({ year }: { year: number }) {
  const { t } = useTranslation('reading');
  const { message } = App.useApp();
  const canEdit = accessOf(useMe().data).can('reading.configure');
  const books = useBooks(year);
  const remove = useDeleteBook();
  const [editing, setEditing] = useState<Book | 'new' | null>(null);

  const columns: TableProps<Book>['columns'] = [
    { title: '#', key: 'n', width: 48, render: (_, __, i) => i + 1 },
    { title: t('book.title'), dataIndex: 'title', render: (v: string) => `《${v}》` },
    { title: t('book.author'), dataIndex: 'author', render: (v: string | null) => v ?? '—' },
    { title: t('book.note'), dataIndex: 'note', render: (v: string | null) => v ?? '' },
    { title: t('book.readers'), dataIndex: 'readers', align: 'right', render: fmtInt },
    ...(canEdit
      ? [
          {
            title: t('common:action.operations'),
            key: 'op',
            render: (_: unknown, r: Book) => (
              <Space size={4}>
                <Button size="small" type="link" icon={<EditOutlined />} onClick={() => setEditing(r)}>
                  {t('common:action.edit')}
                </Button>
                <Popconfirm
                  title={t('book.deleteConfirm', { title: r.title })}
                  onConfirm={() =>
                    remove.mutate(r.id, {
                      onSuccess: () => message.success(t('book.deleted')),
                      onError: (e) => message.error(e.message),
                    })
                  }
                >
                  <Button size="small" type="link" danger icon={<DeleteOutlined />}>
                    {t('common:action.delete')}
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]
      : []),
  ];

  if (books.error && !books.data) return <PageError error={books.error} onRetry={() => books.refetch()} />;
  return (
    <>
      {canEdit && (
        <Button
          type="primary"
          icon={<PlusOutlined />}
          style={{ marginBottom: 12 }}
          onClick={() => setEditing('new')}
          data-testid="book-add"
        >
          {t('book.add')}
        </Button>
      )}
      <Table<Book>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={books.data?.items}
        loading={books.isFetching}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('book.empty', { year })} /> }}
      />
      {editing && <BookModal year={year} book={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
    </>
  );
}

function BookModal({ year, book, onClose }: { year: number; book: Book | null; onClose: () => void }) {
  const { t } = useTranslation('reading');
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const add = useAddBook();
  const update = useUpdateBook();
  return (
    <Modal
      open
      title={book ? t('book.edit') : t('book.addTitle', { year })}
      confirmLoading={add.isPending || update.isPending}
      onCancel={onClose}
      onOk={() => form.submit()}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={
          book ? { title: book.title, author: book.author ?? undefined, note: book.note ?? undefined } : {}
        }
        onFinish={async (v) => {
          const body = { title: v.title, author: v.author ?? null, note: v.note ?? null };
          try {
            if (book) await update.mutateAsync({ id: book.id, body });
            else await add.mutateAsync({ ...body, year });
            message.success(t('book.saved'));
            onClose();
          } catch (e) {
            if (e instanceof ApiError && applyFieldErrors(form, e.fields)) return;
            message.error((e as Error).message);
          }
        }}
      >
        <Form.Item
          name="title"
          label={t('book.title')}
          rules={[{ required: true, whitespace: true, message: t('book.titleRequired') }]}
        >
          <Input maxLength={80} data-testid="book-title" />
        </Form.Item>
        <Form.Item name="author" label={t('book.author')}>
          <Input maxLength={60} />
        </Form.Item>
        <Form.Item name="note" label={t('book.note')}>
          <Input.TextArea rows={3} maxLength={300} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}
