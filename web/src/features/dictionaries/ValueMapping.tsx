// The import preview's mapping step: values of the sheet the county's dictionary lacks, grouped
// per kind ("骨干类别: 6 unknown values in 684 rows"), each mapped once for the whole file to an
// entry — or added to the dictionary (county admin) — and school names that match no school,
// mapped to a school. Also lists what was read through a synonym, so nothing changes silently.
// Plugs into ImportWizard: it owns no request; the wizard previews again with the mapping.
import { CheckCircleOutlined, SwapRightOutlined } from '@ant-design/icons';
import {
  DICTIONARY_KINDS,
  type DictionaryKind,
  type ImportMapping,
  type ImportResult,
  type ImportUnknownGroup,
} from '@shixun/common';
import { Alert, Button, Card, Collapse, Grid, Select, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSchoolOptions } from '../../components/SchoolSelect';
import { useDictionaries } from './dictionaries.api';

const isKind = (k: string): k is DictionaryKind => (DICTIONARY_KINDS as readonly string[]).includes(k);

/** Values of the result's unknown groups still without a choice in `mapping` (school names included). */
export function unmappedCount(
  result: ImportResult | null,
  mapping: ImportMapping,
  kinds: 'all' | 'dictionary' = 'all',
) {
  let n = 0;
  for (const g of result?.unknown ?? []) {
    if (kinds === 'dictionary' && g.kind === 'school') continue;
    for (const v of g.values) if (!mapping[g.kind]?.[v.value]) n++;
  }
  return n;
}

export function ValueMapping({
  result,
  mapping,
  onChange,
  onApply,
  applying,
  canAdd,
}: {
  result: ImportResult;
  mapping: ImportMapping;
  onChange: (m: ImportMapping) => void;
  onApply: () => void;
  applying: boolean;
  /** County admins may add entries; others map to what exists. */
  canAdd: boolean;
}) {
  const { t } = useTranslation('dictionaries');
  const groups = result.unknown ?? [];
  // Only school names to map (the scores and budgets imports have no dictionary column).
  const onlySchools = groups.every((g) => g.kind === 'school');
  const remaining = unmappedCount(result, mapping);
  const chosen = groups.some((g) => g.values.some((v) => mapping[g.kind]?.[v.value]));
  const suggestions = groups.flatMap((g) =>
    g.values.filter((v) => v.suggestion && !mapping[g.kind]?.[v.value]).map((v) => ({ g, v })),
  );

  const set = (kind: string, value: string, target: string | undefined) => {
    const next: ImportMapping = { ...mapping, [kind]: { ...(mapping[kind] ?? {}) } };
    if (target) next[kind]![value] = target;
    else delete next[kind]![value];
    onChange(next);
  };
  const applySuggestions = () => {
    const next: ImportMapping = { ...mapping };
    for (const { g, v } of suggestions) next[g.kind] = { ...(next[g.kind] ?? {}), [v.value]: v.suggestion! };
    onChange(next);
  };

  return (
    <Card
      size="small"
      style={{ marginTop: 16, borderColor: '#faad14' }}
      title={<Typography.Text strong>{t(onlySchools ? 'mapping.titleSchools' : 'mapping.title')}</Typography.Text>}
      data-testid="value-mapping"
    >
      <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
        {t(onlySchools ? 'mapping.introSchools' : canAdd ? 'mapping.intro' : 'mapping.introNoAdd')}
      </Typography.Paragraph>
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        {groups.map((g) => (
          <UnknownGroup key={g.kind} group={g} mapping={mapping} canAdd={canAdd} onSet={set} />
        ))}
      </Space>
      <Space wrap style={{ marginTop: 16 }}>
        {suggestions.length > 0 && <Button onClick={applySuggestions}>{t('mapping.useSuggestions')}</Button>}
        <Button type="primary" onClick={onApply} loading={applying} disabled={!chosen} data-testid="mapping-apply">
          {t('mapping.apply')}
        </Button>
        <Typography.Text type={remaining ? 'warning' : 'success'}>
          {remaining ? t('mapping.remaining', { n: remaining }) : t('mapping.allChosen')}
        </Typography.Text>
      </Space>
    </Card>
  );
}

function UnknownGroup({
  group: g,
  mapping,
  canAdd,
  onSet,
}: {
  group: ImportUnknownGroup;
  mapping: ImportMapping;
  canAdd: boolean;
  onSet: (kind: string, value: string, target: string | undefined) => void;
}) {
  const { t } = useTranslation('dictionaries');
  const dictionaries = useDictionaries();
  const schools = useSchoolOptions(g.kind === 'school');
  const existing =
    g.kind === 'school'
      ? (schools.data ?? []).map((s) => s.name)
      : isKind(g.kind)
        ? (dictionaries.data?.[g.kind] ?? []).map((e) => e.value)
        : [];
  const label = isKind(g.kind) ? t(`kind.${g.kind}`, { defaultValue: g.label }) : g.label;
  type Row = ImportUnknownGroup['values'][number];
  const phone = !Grid.useBreakpoint().sm;

  const target = (r: Row) => {
    const current = mapping[g.kind]?.[r.value];
    const options = [
      ...(canAdd && g.kind !== 'school' ? [{ value: r.value, label: t('mapping.addNew', { value: r.value }) }] : []),
      ...existing.map((v) => ({ value: v, label: v })),
    ];
    return (
      <Space orientation="vertical" size={2} style={{ width: '100%' }}>
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('mapping.choose')}
          value={current}
          onChange={(v?: string) => onSet(g.kind, r.value, v)}
          options={options}
          style={{ width: '100%', minWidth: phone ? 0 : 200 }}
          status={current ? undefined : 'warning'}
          data-testid={`map-${g.kind}-${r.value}`}
        />
        {r.suggestion && current !== r.suggestion && (
          <Button
            type="link"
            size="small"
            style={{ padding: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'start' }}
            onClick={() => onSet(g.kind, r.value, r.suggestion!)}
          >
            {t('mapping.suggestion', { value: r.suggestion })}
          </Button>
        )}
      </Space>
    );
  };
  const valueCell = (r: Row) => (
    <Space orientation="vertical" size={0}>
      <Typography.Text strong>
        {r.value}
        {phone && (
          <Typography.Text type="secondary" style={{ fontWeight: 'normal', marginInlineStart: 8 }}>
            {t('mapping.rows')} {r.rows}
          </Typography.Text>
        )}
      </Typography.Text>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('mapping.sample', { rows: r.sampleRows.join('、') })}
      </Typography.Text>
    </Space>
  );

  return (
    <div data-testid={`unknown-${g.kind}`}>
      <Space size={8} wrap style={{ marginBottom: 8 }}>
        <Typography.Text strong>
          {g.kind === 'school'
            ? t('mapping.groupSchool', { values: g.values.length, rows: g.rows })
            : t('mapping.group', { label, values: g.values.length, rows: g.rows })}
        </Typography.Text>
        <Typography.Text type="secondary">{t('mapping.column', { column: g.column })}</Typography.Text>
      </Space>
      {phone ? (
        // On a phone each value stacks over its choice, full width.
        <Space orientation="vertical" size={12} style={{ width: '100%' }}>
          {g.values.map((r) => (
            <div key={r.value} style={{ borderTop: '1px solid #f0f0f0', paddingTop: 8 }}>
              {valueCell(r)}
              <div style={{ marginTop: 6 }}>{target(r)}</div>
            </div>
          ))}
        </Space>
      ) : (
        <Table<Row>
          size="small"
          rowKey="value"
          pagination={g.values.length > 10 ? { pageSize: 10, size: 'small', showSizeChanger: false } : false}
          dataSource={g.values}
          columns={[
            { title: t('mapping.value'), dataIndex: 'value', render: (_: string, r) => valueCell(r) },
            { title: t('mapping.rows'), dataIndex: 'rows', width: 64, align: 'right' },
            { title: t('mapping.target'), key: 'target', width: 300, render: (_, r) => target(r) },
          ]}
        />
      )}
    </div>
  );
}

/** What was read through the dictionary (小学高级 → 一级教师 …) and what a commit would add to it. */
export function MappedValues({ result }: { result: ImportResult }) {
  const { t } = useTranslation('dictionaries');
  // A value added as itself is already in the "will be added" line.
  const mapped = (result.mapped ?? []).filter((m) => !(m.how === 'added' && m.from === m.to));
  const added = Object.entries(result.added ?? {});
  if (mapped.length === 0 && added.length === 0) return null;
  const color = { synonym: 'default', mapping: 'blue', added: 'green' } as const;
  return (
    <Space orientation="vertical" size={8} style={{ width: '100%', marginTop: 16 }}>
      {added.length > 0 && (
        <Alert
          type="success"
          showIcon
          icon={<CheckCircleOutlined />}
          title={t('mapping.added', {
            list: added.map(([k, v]) => `${isKind(k) ? t(`kind.${k}`) : k}：${v.join('、')}`).join('；'),
          })}
          data-testid="mapping-added"
        />
      )}
      {mapped.length > 0 && (
        <Collapse
          size="small"
          items={[
            {
              key: 'mapped',
              label: t('mapping.mappedTitle', { n: mapped.length }),
              children: (
                <Space size={[8, 8]} wrap>
                  {mapped.map((m) => (
                    <Tag
                      key={`${m.kind}|${m.from}|${m.to}`}
                      color={color[m.how]}
                      // Long names wrap inside the tag rather than widen the page on a phone.
                      style={{ marginInlineEnd: 0, whiteSpace: 'normal', maxWidth: '100%' }}
                    >
                      {isKind(m.kind) ? t(`kind.${m.kind}`) : m.label}：{m.from} <SwapRightOutlined /> {m.to}
                      <Typography.Text type="secondary" style={{ marginInlineStart: 6, fontSize: 12 }}>
                        {m.rows} · {t(`mapping.how.${m.how}`)}
                      </Typography.Text>
                    </Tag>
                  ))}
                </Space>
              ),
            },
          ]}
          data-testid="mapped-values"
        />
      )}
    </Space>
  );
}
