// Scores from a spreadsheet, the roster import's pattern in a compact modal: choose a file → dry run
// (counts, row errors, preview) → map school names the county does not know, once for the file →
// commit (all-or-nothing unless invalid rows are skipped) → done.
import { InboxOutlined } from '@ant-design/icons';
import type { ImportError, ImportMapping, ImportResult } from '@shixun/common';
import {
  Alert,
  App,
  Button,
  Checkbox,
  Modal,
  Result,
  Space,
  Statistic,
  Table,
  Tabs,
  Tag,
  Typography,
  Upload,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { accessOf } from '../../access';
import { useMe } from '../auth/auth.api';
import { MappedValues, ValueMapping } from '../dictionaries/ValueMapping';
import { importResultOfError, useImportScores } from './run.api';

type PreviewRow = NonNullable<ImportResult['preview']>[number];

/** Rows in error: the error list may be capped, so count from the totals. */
const errorRows = (r: ImportResult) => Math.max(0, r.total - r.created - r.updated - r.skipped);

export function ScoresImportModal({
  projectId,
  open,
  onClose,
}: {
  projectId: number;
  open: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation('run');
  const { message } = App.useApp();
  const [file, setFile] = useState<File | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [done, setDone] = useState<ImportResult | null>(null);
  const [skipInvalid, setSkipInvalid] = useState(false);
  /** School names of the sheet that match no school → schools, chosen once for the file. */
  const [mapping, setMapping] = useState<ImportMapping>({});
  const canAdd = accessOf(useMe().data).can('dictionaries.write');
  const dry = useImportScores(projectId);
  const commit = useImportScores(projectId);

  const reset = () => {
    setFile(null);
    setResult(null);
    setDone(null);
    setSkipInvalid(false);
    setMapping({});
    dry.reset();
    commit.reset();
  };
  const close = () => {
    reset();
    onClose();
  };

  const choose = async (f: File) => {
    if (!/\.(xlsx|csv)$/i.test(f.name)) {
      message.error(t('import.badType'));
      return;
    }
    reset();
    setFile(f);
    await check(f, {});
  };

  /** The dry run, again after names are mapped. */
  const check = async (f: File, m: ImportMapping) => {
    try {
      setResult(await dry.mutateAsync({ file: f, dryRun: true, mapping: m }));
    } catch (e) {
      const r = importResultOfError(e);
      if (r) setResult(r);
    }
  };

  const run = async () => {
    if (!file || !result) return;
    try {
      setDone(
        await commit.mutateAsync({ file, dryRun: false, skipInvalid: errorRows(result) > 0 && skipInvalid, mapping }),
      );
    } catch (e) {
      const r = importResultOfError(e);
      if (r) setResult(r);
    }
  };

  const errors = result ? errorRows(result) : 0;
  const writes = result ? result.created + result.updated : 0;
  const blocked = !result || writes === 0 || (errors > 0 && !skipInvalid);

  let body: React.ReactNode;
  if (done) {
    body = (
      <Result
        status="success"
        title={t('import.doneTitle')}
        subTitle={t('import.doneSummary', { updated: done.updated + done.created, skipped: done.skipped })}
      />
    );
  } else if (!file) {
    body = (
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        <Upload.Dragger
          accept=".xlsx,.csv"
          multiple={false}
          showUploadList={false}
          beforeUpload={(f) => {
            void choose(f);
            return Upload.LIST_IGNORE;
          }}
          data-testid="scores-dragger"
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">{t('import.drag')}</p>
          <p className="ant-upload-hint">{t('import.hint')}</p>
        </Upload.Dragger>
        <ul style={{ paddingInlineStart: 20, margin: 0, lineHeight: 1.9 }}>
          <li>{t('import.noteMatch')}</li>
          <li>{t('import.noteScore')}</li>
          <li>{t('import.noteResult')}</li>
          <li>{t('import.noteSheet')}</li>
        </ul>
      </Space>
    );
  } else {
    body = (
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        <Typography.Text strong>{file.name}</Typography.Text>
        {dry.isPending && <Alert type="info" showIcon title={t('import.checking')} />}
        {dry.error && !result && (
          <Alert type="error" showIcon title={t('import.failed')} description={dry.error.message} />
        )}
        {commit.error && !importResultOfError(commit.error) && (
          <Alert type="error" showIcon title={t('import.failed')} description={commit.error.message} />
        )}
        {result && (
          <>
            <Alert type="info" showIcon title={t('import.dryRunNote')} />
            <Space size={32} wrap>
              <Statistic title={t('import.total')} value={result.total} />
              <Statistic title={t('import.updated')} value={writes} styles={{ content: { color: '#1f6feb' } }} />
              <Statistic title={t('import.unchanged')} value={result.skipped} />
              <Statistic
                title={t('import.errors')}
                value={errors}
                styles={{ content: { color: errors ? '#cf1322' : undefined } }}
              />
            </Space>
            <Tabs
              size="small"
              defaultActiveKey={result.errors.length ? 'errors' : 'preview'}
              items={[
                {
                  key: 'errors',
                  label: t('import.errorsTab', { n: result.errors.length }),
                  children: result.errors.length ? (
                    <Table<ImportError & { i: number }>
                      size="small"
                      rowKey="i"
                      scroll={{ x: 480 }}
                      dataSource={result.errors.map((e, i) => ({ ...e, i }))}
                      pagination={{ pageSize: 8, size: 'small', hideOnSinglePage: true }}
                      columns={[
                        {
                          title: t('import.row'),
                          dataIndex: 'row',
                          width: 64,
                          render: (r: number) => (r > 0 ? r : '—'),
                        },
                        { title: t('import.column'), dataIndex: 'column', width: 96, render: (c: string) => c || '—' },
                        { title: t('import.problem'), dataIndex: 'message' },
                      ]}
                      data-testid="scores-errors"
                    />
                  ) : (
                    <Alert type="success" showIcon title={t('import.noErrors')} />
                  ),
                },
                {
                  key: 'preview',
                  label: t('import.previewTab', { n: result.preview?.length ?? 0 }),
                  children: (
                    <Table<PreviewRow>
                      size="small"
                      rowKey="row"
                      scroll={{ x: 480 }}
                      dataSource={result.preview ?? []}
                      pagination={{ pageSize: 8, size: 'small', hideOnSinglePage: true }}
                      columns={[
                        { title: t('import.row'), dataIndex: 'row', width: 64 },
                        {
                          title: t('import.action'),
                          dataIndex: 'action',
                          width: 88,
                          render: (a: PreviewRow['action']) => (
                            <Tag color={a === 'error' ? 'red' : a === 'skip' ? 'default' : 'blue'}>
                              {t(`import.actionOf.${a}`)}
                            </Tag>
                          ),
                        },
                        { title: t('import.content'), dataIndex: 'label' },
                      ]}
                    />
                  ),
                },
              ]}
            />
            <MappedValues result={result} />
            {(result.unknown?.length ?? 0) > 0 && (
              <ValueMapping
                result={result}
                mapping={mapping}
                onChange={setMapping}
                onApply={() => file && check(file, mapping)}
                applying={dry.isPending}
                canAdd={canAdd}
              />
            )}
            {errors > 0 && writes > 0 && (
              <Checkbox checked={skipInvalid} onChange={(e) => setSkipInvalid(e.target.checked)}>
                {t('import.skipInvalid', { n: writes })}
              </Checkbox>
            )}
            {errors > 0 && !skipInvalid && (
              <Alert type="warning" showIcon title={t('import.fixFirst', { n: errors })} />
            )}
            {writes === 0 && errors === 0 && <Alert type="info" showIcon title={t('import.nothing')} />}
          </>
        )}
      </Space>
    );
  }

  return (
    <Modal
      open={open}
      title={t('import.title')}
      width={720}
      onCancel={close}
      destroyOnHidden
      footer={
        done ? (
          <Button type="primary" onClick={close}>
            {t('common:action.close')}
          </Button>
        ) : (
          <Space>
            {file && (
              <Button onClick={reset} disabled={commit.isPending}>
                {t('import.another')}
              </Button>
            )}
            <Button onClick={close}>{t('common:action.cancel')}</Button>
            {file && (
              <Button
                type="primary"
                disabled={blocked}
                loading={commit.isPending}
                onClick={run}
                data-testid="scores-commit"
              >
                {t('import.commit', { n: writes })}
              </Button>
            )}
          </Space>
        )
      }
    >
      {body}
    </Modal>
  );
}
