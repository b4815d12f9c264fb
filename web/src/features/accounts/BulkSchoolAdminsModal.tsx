// School-admin accounts for every school at once: choose a username pattern, see per school what
// would happen (create, skip: already has an admin, error: no school code …), then create them all
// and print their account slips.

import type { BulkSchoolAdminsResult } from '@shixun/common';
import { SCHOOL_ADMIN_PATTERNS } from '@shixun/common';
import { Alert, App, AutoComplete, Checkbox, Form, Modal, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ApiError } from '../../lib/http';
import { keepSlips } from './slipStore';
import { useBulkSchoolAdmins } from './slips.api';

type Row = BulkSchoolAdminsResult['rows'][number];
const ACTION_COLOR = { create: 'green', skip: 'default', error: 'red' } as const;

export function BulkSchoolAdminsModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation('accounts');
  const { message } = App.useApp();
  const navigate = useNavigate();
  const bulk = useBulkSchoolAdmins();
  const [pattern, setPattern] = useState<string>(SCHOOL_ADMIN_PATTERNS[0]);
  const [includeWithAdmin, setIncludeWithAdmin] = useState(false);
  const [preview, setPreview] = useState<BulkSchoolAdminsResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { mutateAsync } = bulk;

  useEffect(() => {
    if (!open) return;
    let stale = false;
    const timer = setTimeout(async () => {
      setError(null);
      try {
        const r = await mutateAsync({ pattern, includeSchoolsWithAdmin: includeWithAdmin, dryRun: true });
        if (!stale) setPreview(r);
      } catch (e) {
        if (!stale) {
          setPreview(null);
          setError(e instanceof ApiError ? (Object.values(e.fields ?? {})[0] ?? e.message) : (e as Error).message);
        }
      }
    }, 300);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [open, pattern, includeWithAdmin, mutateAsync]);

  const commit = async () => {
    try {
      const r = await mutateAsync({ pattern, includeSchoolsWithAdmin: includeWithAdmin });
      keepSlips(r.batch);
      message.success(t('bulk.done', { n: r.created }));
      onClose();
      navigate('/accounts/slips/print');
    } catch (e) {
      const body = e instanceof ApiError ? (e.body as Partial<BulkSchoolAdminsResult> | undefined) : undefined;
      if (body?.rows) setPreview(body as BulkSchoolAdminsResult);
      message.error((e as Error).message);
    }
  };

  const blocked = !preview || preview.errors > 0 || preview.created === 0;

  return (
    <Modal
      open={open}
      onCancel={onClose}
      title={t('bulk.title')}
      width={760}
      okText={t('bulk.create', { n: preview?.created ?? 0 })}
      okButtonProps={{ disabled: blocked, id: 'bulk-create' }}
      confirmLoading={bulk.isPending && !blocked}
      onOk={commit}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('bulk.intro')}</Typography.Paragraph>
      <Form layout="vertical">
        <Form.Item
          label={t('bulk.pattern')}
          extra={t('bulk.patternHint')}
          validateStatus={error ? 'error' : undefined}
          help={error}
        >
          <AutoComplete
            value={pattern}
            onChange={(v: string) => setPattern(v)}
            options={SCHOOL_ADMIN_PATTERNS.map((p) => ({ value: p, label: p }))}
            // The patterns offered are suggestions: a pattern of one's own hides them.
            filterOption={(input, option) => !input || String(option?.value).startsWith(input)}
            style={{ fontFamily: 'monospace' }}
            aria-label={t('bulk.pattern')}
          />
        </Form.Item>
        <Checkbox checked={includeWithAdmin} onChange={(e) => setIncludeWithAdmin(e.target.checked)}>
          {t('bulk.includeWithAdmin')}
        </Checkbox>
      </Form>
      {preview && (
        <>
          <Space wrap style={{ margin: '12px 0' }}>
            <Tag color="green">{t('bulk.willCreate', { n: preview.created })}</Tag>
            <Tag>{t('bulk.willSkip', { n: preview.skipped })}</Tag>
            {preview.errors > 0 && <Tag color="red">{t('bulk.errors', { n: preview.errors })}</Tag>}
          </Space>
          {preview.errors > 0 && (
            <Alert type="warning" showIcon title={t('bulk.fixErrors')} style={{ marginBottom: 12 }} />
          )}
          <Table<Row>
            rowKey="schoolId"
            size="small"
            dataSource={preview.rows}
            pagination={{ pageSize: 8, showSizeChanger: false, hideOnSinglePage: true }}
            scroll={{ x: 'max-content' }}
            data-testid="bulk-preview"
            columns={[
              { title: t('col.school'), dataIndex: 'schoolName' },
              {
                title: t('col.username'),
                dataIndex: 'username',
                render: (v: string | null) => <span style={{ fontFamily: 'monospace' }}>{v ?? '—'}</span>,
              },
              {
                title: t('bulk.action'),
                dataIndex: 'action',
                render: (a: Row['action']) => <Tag color={ACTION_COLOR[a]}>{t(`bulk.actions.${a}`)}</Tag>,
              },
              { title: t('bulk.note'), dataIndex: 'message', render: (m: string | null) => m ?? '' },
            ]}
          />
        </>
      )}
    </Modal>
  );
}
