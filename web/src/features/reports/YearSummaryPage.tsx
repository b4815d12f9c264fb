// 年度总结 (/reports/year-summary?year=&schoolId=): the 基本情况 section drafted from the numbers in
// the county's (or a school's) voice, every figure a link to the table it comes from; the text to
// edit and save, a .docx of the draft or of the edited text, and a print view.
import { DownloadOutlined, PrinterOutlined, SaveOutlined, UndoOutlined } from '@ant-design/icons';
import type { YearSummary } from '@shixun/common';
import { Alert, App, Button, Card, Col, Input, Row, Select, Space, Table, Tabs, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { accessOf } from '../../access';
import { fmtDateTime } from '../../components/format';
import { FilterBar, PageHeader } from '../../components/PageHeader';
import { PageError, PageLoading } from '../../components/PageState';
import { SchoolSelect } from '../../components/SchoolSelect';
import { useUrlQuery } from '../../components/useUrlQuery';
import { useMe } from '../auth/auth.api';
import { downloadYearSummary, useSaveYearSummary, useYearSummary } from './reports.api';

const thisYear = () => new Date().getFullYear();

export default function YearSummaryPage() {
  const { t } = useTranslation('reports');
  const me = useMe().data;
  const access = accessOf(me);
  const uq = useUrlQuery();
  const navigate = useNavigate();
  const year = uq.num('year') ?? thisYear();
  const schoolId = access.schoolAdmin ? undefined : uq.num('schoolId');
  const summary = useYearSummary({ year, schoolId });
  const tab = uq.str('tab') === 'edit' ? 'edit' : 'draft';
  const s = summary.data;
  const query = { year, schoolId };

  return (
    <div>
      <PageHeader
        title={t('summary.title')}
        sub={t('summary.sub')}
        extra={
          <>
            <Button
              icon={<DownloadOutlined />}
              onClick={() => downloadYearSummary({ ...query, source: 'draft' })}
              data-testid="summary-docx"
            >
              {t('summary.docxDraft')}
            </Button>
            {s?.edited && (
              <Button icon={<DownloadOutlined />} onClick={() => downloadYearSummary({ ...query, source: 'edited' })}>
                {t('summary.docxEdited')}
              </Button>
            )}
            <Button
              icon={<PrinterOutlined />}
              onClick={() =>
                navigate(
                  `/reports/year-summary/print?year=${year}${schoolId ? `&schoolId=${schoolId}` : ''}${tab === 'edit' && s?.edited ? '&source=edited' : ''}`,
                )
              }
            >
              {t('summary.print')}
            </Button>
          </>
        }
      />
      <FilterBar>
        <Select
          value={year}
          aria-label={t('summary.year')}
          options={Array.from({ length: 6 }, (_, i) => thisYear() - i).map((y) => ({
            value: y,
            label: t('summary.yearOf', { year: y }),
          }))}
          onChange={(v) => uq.set({ year: v === thisYear() ? undefined : v })}
          style={{ width: 130 }}
        />
        {!access.schoolAdmin && (
          <SchoolSelect
            value={schoolId}
            allowClear
            placeholder={access.countyWide ? t('summary.wholeCounty') : t('summary.pickSchool')}
            onChange={(v) => uq.set({ schoolId: v })}
            style={{ width: 260 }}
          />
        )}
      </FilterBar>
      {summary.isLoading ? (
        <PageLoading />
      ) : !s ? (
        <PageError error={summary.error} onRetry={() => summary.refetch()} />
      ) : (
        <Tabs
          activeKey={tab}
          onChange={(k) => uq.set({ tab: k === 'draft' ? undefined : k })}
          items={[
            { key: 'draft', label: t('summary.draftTab'), children: <Draft s={s} /> },
            {
              key: 'edit',
              label: s.edited ? t('summary.editTabSaved') : t('summary.editTab'),
              children: (
                <Editor key={`${s.year}-${schoolId ?? 0}-${s.edited?.updatedAt ?? ''}`} s={s} schoolId={schoolId} />
              ),
            },
          ]}
        />
      )}
    </div>
  );
}

/** The draft, every figure a link to its source table, and the figures listed beside it. */
function Draft({ s }: { s: YearSummary }) {
  const { t } = useTranslation('reports');
  const figure = new Map(s.figures.map((f) => [f.key, f]));
  // Paragraphs of pieces, each keyed by where it starts in the text.
  const paragraphs: Array<{ at: number; parts: YearSummary['segments'] }> = [{ at: 0, parts: [] }];
  let at = 0;
  for (const seg of s.segments) {
    const parts = seg.figure ? [seg.text] : seg.text.split(/\n+/);
    parts.forEach((text, i) => {
      if (i > 0) paragraphs.push({ at: at + i, parts: [] });
      if (text) paragraphs.at(-1)!.parts.push({ text, figure: seg.figure });
    });
    at += seg.text.length;
  }
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={15}>
        <Card size="small" data-testid="summary-draft">
          <Typography.Title level={4} style={{ textAlign: 'center' }}>
            {s.title}
          </Typography.Title>
          {paragraphs
            .filter((p) => p.parts.length)
            .map((p) => (
              <p
                key={p.at}
                style={{
                  textIndent: /^[一二三四五六七八九十]+、/.test(p.parts[0]!.text) ? 0 : '2em',
                  lineHeight: 2,
                  fontSize: 15,
                }}
              >
                {p.parts.map((seg) => {
                  const f = seg.figure ? figure.get(seg.figure) : undefined;
                  if (!f) return seg.text;
                  return (
                    <Tooltip key={f.key} title={t('summary.figureFrom', { label: f.label, table: f.table })}>
                      <Link to={f.source} style={{ fontWeight: 600 }} data-figure={f.key}>
                        {seg.text}
                      </Link>
                    </Tooltip>
                  );
                })}
              </p>
            ))}
        </Card>
      </Col>
      <Col xs={24} xl={9}>
        <Card size="small" title={t('summary.figures')}>
          <Typography.Paragraph type="secondary">{t('summary.figuresHint')}</Typography.Paragraph>
          <Table
            rowKey="key"
            size="small"
            pagination={false}
            dataSource={s.figures}
            scroll={{ x: 'max-content' }}
            columns={[
              { title: t('summary.figure'), dataIndex: 'label' },
              { title: t('summary.value'), dataIndex: 'text', align: 'right' },
              {
                title: t('summary.source'),
                key: 'source',
                render: (_, f) => <Link to={f.source}>{f.table}</Link>,
              },
            ]}
          />
        </Card>
      </Col>
    </Row>
  );
}

function Editor({ s, schoolId }: { s: YearSummary; schoolId?: number }) {
  const { t } = useTranslation('reports');
  const { message } = App.useApp();
  const me = useMe().data;
  const access = accessOf(me);
  const [text, setText] = useState(s.edited?.text ?? s.text);
  const save = useSaveYearSummary();
  // The county writes the county's text; a school admin their school's.
  const canSave =
    access.can('reports.write') &&
    (s.scope === 'county' ? access.countyAdmin : access.countyAdmin || access.schoolAdmin);
  return (
    <div style={{ maxWidth: 960 }}>
      {s.edited ? (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('summary.savedBy', { by: s.edited.updatedBy ?? '', at: fmtDateTime(s.edited.updatedAt) })}
        />
      ) : (
        <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('summary.editHint')} />
      )}
      <Input.TextArea
        value={text}
        onChange={(e) => setText(e.target.value)}
        autoSize={{ minRows: 16, maxRows: 40 }}
        maxLength={20000}
        readOnly={!canSave}
        aria-label={t('summary.editTab')}
        style={{ fontSize: 15, lineHeight: 1.9 }}
        data-testid="summary-editor"
      />
      {canSave && (
        <Space style={{ marginTop: 12 }} wrap>
          <Button
            type="primary"
            icon={<SaveOutlined />}
            loading={save.isPending}
            onClick={() =>
              save.mutate(
                { year: s.year, schoolId, text },
                {
                  onSuccess: () => message.success(t('summary.saved')),
                  onError: (e) => message.error(e.message),
                },
              )
            }
            data-testid="summary-save"
          >
            {t('summary.save')}
          </Button>
          <Button icon={<UndoOutlined />} onClick={() => setText(s.text)}>
            {t('summary.fromDraft')}
          </Button>
        </Space>
      )}
    </div>
  );
}
