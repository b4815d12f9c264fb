// 培训人次明细 (/reports/person-times?…): the person-times behind any figure of the dashboard or the
// year-end summary — who, which school, which training, how it ended — filtered by the figure's own
// dimensions (level, mode, category, online, rural/urban, stage, subject, age and service bands).
// On the list page: filters and page in the URL; .xlsx by the same filters (audited: it names teachers).
import { CloseOutlined } from '@ant-design/icons';
import {
  AGE_BANDS,
  LEVELS,
  MODES,
  PARTICIPATION_STATUS_LABELS,
  type ParticipationStatus,
  type PersonTimeRow,
  type PersonTimesQuery,
  SERVICE_BANDS,
  URBAN_RURAL,
} from '@shixun/common';
import { Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { accessOf } from '../../access';
import { fmtDate, fmtInt } from '../../components/format';
import { type ListColumn, ListPage, type ListValues } from '../../components/list/ListPage';
import { useListUrl } from '../../components/list/useListUrl';
import { useMe } from '../auth/auth.api';
import { useDictionaryOptions } from '../dictionaries/dictionaries.api';
import { num, thisYear, urlOnly, valueFilter, yearFilter } from './filters';
import { usePersonTimes } from './reports.api';

const pick = <T extends string>(list: readonly T[], v: string | undefined) => list.find((x) => x === v);
/** Filters that come with a figure and have no control here: shown as removable tags. */
const FROM_FIGURE = ['areaId', 'category', 'online', 'ageBand', 'serviceBand'] as const;

function toQuery(v: ListValues): Omit<PersonTimesQuery, 'page' | 'pageSize'> {
  return {
    year: num(v.year) ?? thisYear(),
    areaId: num(v.areaId),
    schoolId: num(v.schoolId),
    level: v.level,
    mode: v.mode,
    category: v.category,
    online: v.online === 'true' ? 'true' : undefined,
    urbanRural: v.urbanRural,
    stage: v.stage,
    subject: v.subject,
    ageBand: pick(AGE_BANDS, v.ageBand),
    serviceBand: pick(SERVICE_BANDS, v.serviceBand),
  };
}

export default function PersonTimesPage() {
  const { t } = useTranslation('reports');
  const access = accessOf(useMe().data);
  const url = useListUrl();
  const year = num(url.get('year')) ?? thisYear();
  const stages = useDictionaryOptions('stage', [url.get('stage')]).options.map((o) => o.value);
  const subjects = useDictionaryOptions('subject', [url.get('subject')]).options.map((o) => o.value);

  const columns: ListColumn<PersonTimeRow>[] = [
    {
      key: 'teacher',
      title: t('people.teacher'),
      dataIndex: 'teacherName',
      fixed: 'left',
      locked: true,
      render: (v: string, r) => <Link to={`/teachers/${r.teacherId}`}>{v}</Link>,
    },
    { key: 'school', title: t('people.school'), dataIndex: 'schoolName' },
    { key: 'stage', title: t('people.stage'), dataIndex: 'stage' },
    { key: 'subject', title: t('people.subject'), dataIndex: 'subject' },
    {
      key: 'project',
      title: t('people.project'),
      dataIndex: 'projectName',
      render: (v: string, r) => <Link to={`/projects/${r.projectId}`}>{v}</Link>,
    },
    { key: 'level', title: t('people.level'), dataIndex: 'level' },
    { key: 'mode', title: t('people.mode'), dataIndex: 'mode' },
    { key: 'category', title: t('people.category'), dataIndex: 'category' },
    { key: 'endDate', title: t('people.endDate'), dataIndex: 'endDate', render: fmtDate },
    {
      key: 'status',
      title: t('people.status'),
      dataIndex: 'status',
      render: (v: string) => PARTICIPATION_STATUS_LABELS[v as ParticipationStatus] ?? v,
    },
    { key: 'result', title: t('people.result'), dataIndex: 'result', render: (v: string | null) => v ?? '—' },
  ];

  // On a phone each person-time is a card: who, which training, how it ended.
  const phoneCard = (r: PersonTimeRow) => (
    <div>
      <div>
        <Link to={`/teachers/${r.teacherId}`}>{r.teacherName}</Link>
        <Typography.Text type="secondary"> · {[r.schoolName, r.stage, r.subject].join(' · ')}</Typography.Text>
      </div>
      <div>
        <Link to={`/projects/${r.projectId}`}>{r.projectName}</Link>
      </div>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {[
          r.level,
          r.mode,
          fmtDate(r.endDate),
          PARTICIPATION_STATUS_LABELS[r.status as ParticipationStatus] ?? r.status,
          r.result,
        ]
          .filter(Boolean)
          .join(' · ')}
      </Typography.Text>
    </div>
  );

  return (
    <ListPage<PersonTimeRow>
      id="person-times"
      title={t('people.title', { year })}
      sub={t('people.sub')}
      filters={[
        yearFilter(t('summary.year')),
        { type: 'school', name: 'schoolId', label: t('people.school'), hidden: access.schoolAdmin },
        valueFilter('level', t('people.level'), LEVELS, 100),
        valueFilter('mode', t('people.mode'), MODES),
        valueFilter('urbanRural', t('people.urbanRural'), URBAN_RURAL, 100),
        valueFilter('stage', t('people.stage'), stages, 100),
        valueFilter('subject', t('people.subject'), subjects),
        ...FROM_FIGURE.map(urlOnly),
        {
          type: 'custom',
          name: 'fromFigure',
          render: ({ values, set }) => (
            <Space size={4} wrap style={{ minHeight: 32, alignItems: 'center' }}>
              {FROM_FIGURE.filter((k) => values[k] != null).map((k) => (
                <Tag
                  key={k}
                  closable
                  closeIcon={<CloseOutlined aria-label={t('people.removeFilter')} />}
                  onClose={() => set({ [k]: undefined })}
                >
                  {t(`people.${k}`)}：{k === 'online' ? t('people.onlineYes') : values[k]}
                </Tag>
              ))}
            </Space>
          ),
        },
      ]}
      toParams={toQuery}
      useList={usePersonTimes}
      exportPath="/api/reports/person-times/export"
      columns={columns}
      rowKey={(r) => r.participationId}
      phoneRender={phoneCard}
      summary={(d) => t('people.total', { total: fmtInt(d.total ?? d.items.length) })}
      empty={{ none: t('people.empty'), filtered: t('people.empty') }}
      data-testid="person-times"
    />
  );
}
