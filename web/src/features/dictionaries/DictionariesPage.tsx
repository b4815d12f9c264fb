// 字典管理: the county's vocabularies. Pick a kind (a list on a desktop, a select on a phone); its
// entries show their level, synonyms, how many records use them and whether they are national or
// the county's own. The county admin adds, edits (a rename follows through the records), retires
// or restores, and merges one entry into another; everyone else reads.
import { EllipsisOutlined, PlusOutlined } from '@ant-design/icons';
import {
  DICTIONARY_KINDS,
  type DictionaryAdminEntry,
  type DictionaryKind,
  dictionaryEntryBody,
  isDictionaryKind,
} from '@shixun/common';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Dropdown,
  Empty,
  Form,
  Grid,
  Input,
  Menu,
  Modal,
  Popconfirm,
  Row,
  Select,
  Space,
  Switch,
  Table,
  type TableProps,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { accessOf } from '../../access';
import { PageHeader } from '../../components/PageHeader';
import { PageError } from '../../components/PageState';
import { useUrlQuery } from '../../components/useUrlQuery';
import { zodRule } from '../../components/zodRule';
import { ApiError } from '../../lib/http';
import { useMe } from '../auth/auth.api';
import { useAddEntry, useDictionaries, useDictionaryKind, useMergeEntry, useUpdateEntry } from './dictionaries.api';

const SYNONYMS_SHOWN = 6;

export default function DictionariesPage() {
  const { t } = useTranslation('dictionaries');
  const uq = useUrlQuery();
  const raw = uq.str('kind');
  const kind: DictionaryKind = raw && isDictionaryKind(raw) ? raw : 'school_type';
  const screens = Grid.useBreakpoint();
  const canWrite = accessOf(useMe().data).can('dictionaries.write');
  const all = useDictionaries();
  const count = (k: DictionaryKind) => all.data?.[k]?.length;

  const picker = screens.lg ? (
    <Card size="small" styles={{ body: { padding: 4 } }}>
      <Menu
        mode="inline"
        selectedKeys={[kind]}
        onClick={(e) => uq.set({ kind: e.key })}
        style={{ borderInlineEnd: 'none' }}
        items={DICTIONARY_KINDS.map((k) => ({
          key: k,
          label: (
            <span style={{ display: 'inline-flex', width: '100%', alignItems: 'center', gap: 8 }}>
              <span style={{ flex: 1, overflow: 'hidden', textOverflow: 'ellipsis' }}>{t(`kind.${k}`)}</span>
              <span style={{ color: 'rgba(0,0,0,0.45)', fontSize: 12 }}>{count(k) ?? ''}</span>
            </span>
          ),
        }))}
        data-testid="dictionary-kinds"
      />
    </Card>
  ) : (
    <Select
      value={kind}
      onChange={(k) => uq.set({ kind: k })}
      style={{ width: '100%', marginBottom: 12 }}
      options={DICTIONARY_KINDS.map((k) => ({ value: k, label: `${t(`kind.${k}`)}（${count(k) ?? '…'}）` }))}
      data-testid="dictionary-kind-select"
    />
  );

  return (
    <div>
      <PageHeader title={t('title')} sub={t('sub')} />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={6} xl={5}>
          {picker}
        </Col>
        <Col xs={24} lg={18} xl={19}>
          <KindCard key={kind} kind={kind} canWrite={canWrite} />
        </Col>
      </Row>
    </div>
  );
}

function KindCard({ kind, canWrite }: { kind: DictionaryKind; canWrite: boolean }) {
  const { t } = useTranslation('dictionaries');
  const { message, modal } = App.useApp();
  const list = useDictionaryKind(kind);
  const update = useUpdateEntry(kind);
  const [showRetired, setShowRetired] = useState(false);
  const [editing, setEditing] = useState<DictionaryAdminEntry | null | undefined>(undefined);
  const [merging, setMerging] = useState<DictionaryAdminEntry | null>(null);
  const screens = Grid.useBreakpoint();
  const data = list.data;
  const retiredCount = (data?.items ?? []).filter((e) => e.retired).length;
  const items = (data?.items ?? []).filter((e) => showRetired || !e.retired);

  const setRetired = async (e: DictionaryAdminEntry, retired: boolean) => {
    try {
      await update.mutateAsync({ id: e.id, body: { retired } });
      message.success(t(retired ? 'retired' : 'restored', { name: e.value }));
    } catch (err) {
      message.error((err as Error).message);
    }
  };

  const columns: TableProps<DictionaryAdminEntry>['columns'] = [
    {
      title: t('col.value'),
      dataIndex: 'value',
      render: (v: string, e) => (
        <Space size={4} wrap>
          <Typography.Text strong={!e.retired} delete={e.mergedInto != null}>
            {v}
          </Typography.Text>
          {e.level && <Tag color="gold">{e.level}</Tag>}
          {e.mergedInto ? (
            <Tag>{t('tag.mergedInto', { name: e.mergedInto })}</Tag>
          ) : e.retired ? (
            <Tag>{t('tag.retired')}</Tag>
          ) : e.national ? (
            <Tag bordered={false}>{t('tag.national')}</Tag>
          ) : (
            <Tag color="blue" bordered={false}>
              {t('tag.own')}
            </Tag>
          )}
        </Space>
      ),
    },
    {
      title: t('col.synonyms'),
      dataIndex: 'synonyms',
      responsive: ['md'],
      render: (list: string[]) =>
        list.length ? (
          <Space size={[4, 4]} wrap style={{ maxWidth: 420 }}>
            {list.slice(0, SYNONYMS_SHOWN).map((s) => (
              <Tag key={s} style={{ marginInlineEnd: 0 }}>
                {s}
              </Tag>
            ))}
            {list.length > SYNONYMS_SHOWN && (
              <Tooltip title={list.slice(SYNONYMS_SHOWN).join('、')}>
                <Tag style={{ marginInlineEnd: 0 }}>+{list.length - SYNONYMS_SHOWN}</Tag>
              </Tooltip>
            )}
          </Space>
        ) : (
          '—'
        ),
    },
    {
      title: t('col.usage'),
      dataIndex: 'usage',
      align: 'right',
      width: 72,
      render: (n: number) => (
        <Tooltip title={t('usageTitle', { n })}>
          <span>{n}</span>
        </Tooltip>
      ),
    },
    ...(canWrite
      ? [
          {
            title: t('common:action.operations'),
            key: 'actions',
            width: screens.sm ? 200 : 48,
            render: (_: unknown, e: DictionaryAdminEntry) => {
              if (e.mergedInto) return null;
              const confirmRetire = () =>
                modal.confirm({
                  title: t('retireConfirm', { name: e.value }),
                  content: t('retireHint', { n: e.usage }),
                  okButtonProps: { danger: true },
                  onOk: () => setRetired(e, true),
                });
              if (!screens.sm) {
                // On a phone the actions fold into one menu, leaving the row to the name.
                const items = [
                  { key: 'edit', label: t('edit'), onClick: () => setEditing(e) },
                  ...(e.retired
                    ? [{ key: 'restore', label: t('restore'), onClick: () => setRetired(e, false) }]
                    : [
                        { key: 'merge', label: t('merge'), onClick: () => setMerging(e) },
                        { key: 'retire', label: t('retire'), danger: true, onClick: confirmRetire },
                      ]),
                ];
                return (
                  <Dropdown menu={{ items }} trigger={['click']}>
                    <Button type="text" size="small" icon={<EllipsisOutlined />} aria-label={t('common:action.more')} />
                  </Dropdown>
                );
              }
              return (
                <Space size={0} wrap>
                  <Button type="link" size="small" onClick={() => setEditing(e)}>
                    {t('edit')}
                  </Button>
                  {e.retired ? (
                    <Button type="link" size="small" onClick={() => setRetired(e, false)}>
                      {t('restore')}
                    </Button>
                  ) : (
                    <>
                      <Button type="link" size="small" onClick={() => setMerging(e)}>
                        {t('merge')}
                      </Button>
                      <Popconfirm
                        title={t('retireConfirm', { name: e.value })}
                        description={t('retireHint', { n: e.usage })}
                        onConfirm={() => setRetired(e, true)}
                      >
                        <Button type="link" size="small" danger>
                          {t('retire')}
                        </Button>
                      </Popconfirm>
                    </>
                  )}
                </Space>
              );
            },
          },
        ]
      : []),
  ];

  return (
    <Card
      size="small"
      title={
        <Space size={8} wrap>
          <span>{t(`kind.${kind}`)}</span>
          {data && (
            <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>
              {items.filter((e) => !e.retired).length}
            </Typography.Text>
          )}
        </Space>
      }
      extra={
        canWrite && (
          <Button
            type="primary"
            size="small"
            icon={<PlusOutlined />}
            onClick={() => setEditing(null)}
            data-testid="dictionary-add"
          >
            {t('add')}
          </Button>
        )
      }
    >
      {(data?.ranked || data?.levels || !canWrite) && (
        <Space orientation="vertical" size={4} style={{ marginBottom: 12 }}>
          {data?.ranked && <Typography.Text type="secondary">{t('rankedHint')}</Typography.Text>}
          {data?.levels && <Typography.Text type="secondary">{t('levelsHint')}</Typography.Text>}
          {!canWrite && <Typography.Text type="secondary">{t('readOnly')}</Typography.Text>}
        </Space>
      )}
      {retiredCount > 0 && (
        <div style={{ marginBottom: 12 }}>
          <Space size={4}>
            <Switch size="small" checked={showRetired} onChange={setShowRetired} />
            <span>{t('showRetired', { n: retiredCount })}</span>
          </Space>
        </div>
      )}
      {list.error && !data ? (
        <PageError error={list.error} onRetry={() => list.refetch()} />
      ) : (
        <Table<DictionaryAdminEntry>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={items}
          loading={list.isFetching}
          pagination={items.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
          expandable={
            screens.md
              ? undefined
              : {
                  // On a phone the synonyms fold under the row.
                  expandedRowRender: (e) =>
                    e.synonyms.length ? `${t('col.synonyms')}：${e.synonyms.join('、')}` : `${t('col.synonyms')}：—`,
                  rowExpandable: (e) => e.synonyms.length > 0,
                }
          }
          locale={{
            emptyText: list.isLoading ? ' ' : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('empty')} />,
          }}
          data-testid="dictionary-entries"
        />
      )}
      <EntryModal kind={kind} levels={data?.levels ?? false} entry={editing} onClose={() => setEditing(undefined)} />
      <MergeModal
        kind={kind}
        entry={merging}
        targets={(data?.items ?? []).filter((e) => !e.retired && e.id !== merging?.id)}
        onClose={() => setMerging(null)}
      />
    </Card>
  );
}

interface EntryForm {
  value: string;
  synonyms?: string[];
  level?: string | null;
}

function EntryModal({
  kind,
  levels,
  entry,
  onClose,
}: {
  kind: DictionaryKind;
  levels: boolean;
  entry: DictionaryAdminEntry | null | undefined;
  onClose: () => void;
}) {
  const { t } = useTranslation('dictionaries');
  const { message } = App.useApp();
  const [form] = Form.useForm<EntryForm>();
  const add = useAddEntry(kind);
  const update = useUpdateEntry(kind);
  const all = useDictionaries();
  const [error, setError] = useState<string | null>(null);
  const open = entry !== undefined;
  const value = Form.useWatch('value', form);
  const renaming = entry != null && value != null && value.trim() !== entry.value;

  const submit = async (v: EntryForm) => {
    setError(null);
    const body = {
      value: v.value.trim(),
      synonyms: (v.synonyms ?? []).map((s) => s.trim()).filter(Boolean),
      ...(levels ? { level: v.level || undefined } : {}),
    };
    try {
      if (entry)
        await update.mutateAsync({ id: entry.id, body: { ...body, level: levels ? (v.level ?? null) : undefined } });
      else await add.mutateAsync(body);
      message.success(entry ? t('common:state.saved') : t('added', { name: body.value }));
      onClose();
    } catch (e) {
      if (e instanceof ApiError && e.fields) {
        form.setFields(
          Object.entries(e.fields)
            .filter(([k]) => ['value', 'synonyms', 'level'].includes(k))
            .map(([name, msg]) => ({ name: name as keyof EntryForm, errors: [msg] })),
        );
      }
      setError((e as Error).message);
    }
  };

  return (
    <Modal
      open={open}
      title={entry ? t('form.editTitle', { name: entry.value }) : t('form.addTitle', { kind: t(`kind.${kind}`) })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common:action.save')}
      confirmLoading={add.isPending || update.isPending}
      destroyOnHidden
    >
      {renaming && entry.usage > 0 && (
        <Alert type="info" showIcon title={t('form.renameHint', { n: entry.usage })} style={{ marginBottom: 12 }} />
      )}
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        preserve={false}
        initialValues={entry ? { value: entry.value, synonyms: entry.synonyms, level: entry.level } : { synonyms: [] }}
      >
        <Form.Item
          name="value"
          label={t('form.value')}
          rules={[{ required: true, message: t('form.valueRequired') }, zodRule(dictionaryEntryBody.shape.value)]}
        >
          <Input maxLength={40} autoFocus data-testid="dictionary-value" />
        </Form.Item>
        <Form.Item name="synonyms" label={t('form.synonyms')} extra={t('form.synonymsHint')}>
          <Select mode="tags" open={false} tokenSeparators={[',', '，', '、', ';', '；']} suffixIcon={null} />
        </Form.Item>
        {levels && (
          <Form.Item name="level" label={t('form.level')}>
            <Select
              allowClear
              placeholder={t('form.levelAuto')}
              options={(all.data?.honour_level ?? []).map((l) => ({ value: l.value, label: l.value }))}
            />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

function MergeModal({
  kind,
  entry,
  targets,
  onClose,
}: {
  kind: DictionaryKind;
  entry: DictionaryAdminEntry | null;
  targets: DictionaryAdminEntry[];
  onClose: () => void;
}) {
  const { t } = useTranslation('dictionaries');
  const { message } = App.useApp();
  const [form] = Form.useForm<{ into: number }>();
  const merge = useMergeEntry(kind);
  const [error, setError] = useState<string | null>(null);

  const submit = async (v: { into: number }) => {
    if (!entry) return;
    setError(null);
    try {
      await merge.mutateAsync({ id: entry.id, into: v.into });
      message.success(t('merged', { from: entry.value, into: targets.find((x) => x.id === v.into)?.value ?? '' }));
      onClose();
    } catch (e) {
      setError((e as Error).message);
    }
  };

  return (
    <Modal
      open={entry != null}
      title={entry ? t('mergeForm.title', { name: entry.value }) : ''}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common:action.confirm')}
      okButtonProps={{ danger: true }}
      confirmLoading={merge.isPending}
      destroyOnHidden
    >
      {entry && (
        <Alert
          type="warning"
          showIcon
          title={t('mergeForm.hint', { name: entry.value, n: entry.usage })}
          style={{ marginBottom: 12 }}
        />
      )}
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" onFinish={submit} preserve={false}>
        <Form.Item
          name="into"
          label={t('mergeForm.into')}
          rules={[{ required: true, message: t('mergeForm.intoRequired') }]}
        >
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            options={targets.map((e) => ({ value: e.id, label: e.level ? `${e.value}（${e.level}）` : e.value }))}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
