// 当年未参训教师 (/reports/untrained?…): serving teachers of the scope without a person-time this
// year, with when they last trained — the coverage gap by name. On the list page: filters and page
// in the URL; .xlsx by the same filters (audited).
import { type UntrainedRow, URBAN_RURAL } from '@shixun/common';
import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { accessOf } from '../../access';
import { fmtDate, fmtInt } from '../../components/format';
import { type ListColumn, ListPage } from '../../components/list/ListPage';
import { useListUrl } from '../../components/list/useListUrl';
import { useMe } from '../auth/auth.api';
import { useDictionaryOptions } from '../dictionaries/dictionaries.api';
import { num, thisYear, urlOnly, valueFilter, yearFilter } from './filters';
import { useUntrained } from './reports.api';

export default function UntrainedPage() {
  const { t } = useTranslation('reports');
  const access = accessOf(useMe().data);
  const url = useListUrl();
  const year = num(url.get('year')) ?? thisYear();
  const stages = useDictionaryOptions('stage', [url.get('stage')]).options.map((o) => o.value);
  const subjects = useDictionaryOptions('subject', [url.get('subject')]).options.map((o) => o.value);
  const columns: ListColumn<UntrainedRow>[] = [
    {
      key: 'name',
      title: t('people.teacher'),
      dataIndex: 'name',
      fixed: 'left',
      locked: true,
      render: (v: string, r) => <Link to={`/teachers/${r.teacherId}`}>{v}</Link>,
    },
    { key: 'school', title: t('people.school'), dataIndex: 'schoolName' },
    { key: 'stage', title: t('people.stage'), dataIndex: 'stage' },
    { key: 'subject', title: t('people.subject'), dataIndex: 'subject' },
    {
      key: 'hireDate',
      title: t('untrained.hired'),
      dataIndex: 'hireDate',
      render: (v: string | null) => (v ? fmtDate(v) : '—'),
    },
    {
      key: 'lastTrained',
      title: t('untrained.last'),
      dataIndex: 'lastTrained',
      render: (v: string | null) =>
        v ? fmtDate(v) : <Typography.Text type="danger">{t('untrained.never')}</Typography.Text>,
    },
  ];
  // On a phone each teacher is a card: name, school, when they last trained.
  const phoneCard = (r: UntrainedRow) => (
    <div>
      <div>
        <Link to={`/teachers/${r.teacherId}`}>{r.name}</Link>
        <Typography.Text type="secondary"> · {[r.schoolName, r.stage, r.subject].join(' · ')}</Typography.Text>
      </div>
      <Typography.Text type={r.lastTrained ? 'secondary' : 'danger'} style={{ fontSize: 12 }}>
        {t('untrained.last')}：{r.lastTrained ? fmtDate(r.lastTrained) : t('untrained.never')}
      </Typography.Text>
    </div>
  );

  return (
    <ListPage<UntrainedRow>
      id="untrained"
      title={t('untrained.title', { year })}
      sub={t('untrained.sub')}
      filters={[
        yearFilter(t('summary.year')),
        { type: 'school', name: 'schoolId', label: t('people.school'), hidden: access.schoolAdmin },
        valueFilter('stage', t('people.stage'), stages, 110),
        valueFilter('subject', t('people.subject'), subjects),
        valueFilter('urbanRural', t('people.urbanRural'), URBAN_RURAL, 100),
        urlOnly('areaId'),
      ]}
      toParams={(v) => ({
        year: num(v.year) ?? thisYear(),
        areaId: num(v.areaId),
        schoolId: num(v.schoolId),
        stage: v.stage,
        subject: v.subject,
        urbanRural: v.urbanRural,
      })}
      useList={useUntrained}
      exportPath="/api/reports/untrained/export"
      columns={columns}
      rowKey={(r) => r.teacherId}
      phoneRender={phoneCard}
      summary={(d) => t('untrained.total', { total: fmtInt(d.total ?? d.items.length) })}
      empty={{ none: t('untrained.empty'), filtered: t('untrained.empty') }}
    />
  );
}
