// 未达标学校 (/reports/schools-below-target?…): schools whose coverage, pass rate or 送培率 is below
// the county's target, lowest coverage first, each gap in words; a school opens its person-times.
// On the list page: year and filters in the URL, paging in the browser, .xlsx by the same filters.
import type { SchoolTargetList, SchoolTargetRow } from '@shixun/common';
import { Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { accessOf } from '../../access';
import { fmtInt, fmtRate } from '../../components/format';
import { type ListColumn, ListPage, type ListValues } from '../../components/list/ListPage';
import { useListUrl } from '../../components/list/useListUrl';
import { useMe } from '../auth/auth.api';
import { useAreas } from '../org/org.api';
import { num, thisYear, yearFilter } from './filters';
import { useSchoolsBelowTarget } from './reports.api';

export default function SchoolsBelowTargetPage() {
  const { t } = useTranslation('reports');
  const access = accessOf(useMe().data);
  const url = useListUrl();
  const areas = useAreas(access.countyWide);
  const toQuery = (v: ListValues) => ({
    year: num(v.year) ?? thisYear(),
    areaId: access.countyWide ? num(v.areaId) : undefined,
  });
  const query = toQuery({ year: url.get('year'), areaId: url.get('areaId') });
  const year = query.year;
  // The same query as the list's (one request): the targets for the subtitle.
  const targets = useSchoolsBelowTarget(query).data?.targets;

  const columns = (data: SchoolTargetList | undefined): ListColumn<SchoolTargetRow>[] => {
    const targets = data?.targets;
    return [
      { key: 'area', title: t('below.area'), dataIndex: 'areaName' },
      {
        key: 'school',
        title: t('people.school'),
        dataIndex: 'schoolName',
        fixed: 'left',
        locked: true,
        render: (v: string, r) => <Link to={`/reports/person-times?year=${year}&schoolId=${r.schoolId}`}>{v}</Link>,
      },
      { key: 'urbanRural', title: t('people.urbanRural'), dataIndex: 'urbanRural' },
      { key: 'teachers', title: t('dashboard.teachers'), dataIndex: 'teacherCount', align: 'right', render: fmtInt },
      {
        key: 'coverage',
        title: t('dashboard.coverage'),
        dataIndex: 'coverageRate',
        align: 'right',
        render: (v: number, r) => (
          <Link to={`/reports/untrained?year=${year}&schoolId=${r.schoolId}`}>
            <Typography.Text type={targets && v < targets.coverage ? 'danger' : undefined}>
              {fmtRate(v)}
            </Typography.Text>
          </Link>
        ),
      },
      {
        key: 'pass',
        title: t('dashboard.pass'),
        dataIndex: 'passRate',
        align: 'right',
        render: (v: number, r) =>
          r.assessed ? (
            <Typography.Text type={targets && v < targets.pass ? 'danger' : undefined}>{fmtRate(v)}</Typography.Text>
          ) : (
            '—'
          ),
      },
      {
        key: 'sendRate',
        title: t('dashboard.sendRate'),
        dataIndex: 'sendRate',
        align: 'right',
        render: (v: number | null) =>
          v == null ? (
            '—'
          ) : (
            <Typography.Text type={targets && v < targets.send ? 'danger' : undefined}>{fmtRate(v)}</Typography.Text>
          ),
      },
      {
        key: 'gaps',
        title: t('below.gaps'),
        dataIndex: 'gaps',
        render: (gaps: string[]) => (
          <div style={{ maxWidth: 360, whiteSpace: 'normal' }}>
            {gaps.map((g) => (
              <Tag key={g} color="orange" style={{ marginBottom: 4 }}>
                {g}
              </Tag>
            ))}
          </div>
        ),
      },
    ];
  };

  // On a phone each school is a card: name, its three rates, the gaps in words.
  const phoneCard = (r: SchoolTargetRow) => (
    <div>
      <div>
        <Link to={`/reports/person-times?year=${year}&schoolId=${r.schoolId}`}>{r.schoolName}</Link>
        <Typography.Text type="secondary"> · {[r.areaName, r.urbanRural].filter(Boolean).join(' · ')}</Typography.Text>
      </div>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {[
          `${t('dashboard.coverage')} ${fmtRate(r.coverageRate)}`,
          r.assessed ? `${t('dashboard.pass')} ${fmtRate(r.passRate)}` : null,
          r.sendRate == null ? null : `${t('dashboard.sendRate')} ${fmtRate(r.sendRate)}`,
        ]
          .filter(Boolean)
          .join(' · ')}
      </Typography.Text>
      <div>
        {r.gaps.map((g) => (
          <Tag key={g} color="orange" style={{ marginTop: 4 }}>
            {g}
          </Tag>
        ))}
      </div>
    </div>
  );

  return (
    <ListPage<SchoolTargetRow, SchoolTargetList>
      id="schools-below-target"
      title={t('below.title', { year })}
      sub={
        targets
          ? t('below.sub', {
              coverage: fmtRate(targets.coverage),
              pass: fmtRate(targets.pass),
              send: fmtRate(targets.send),
            })
          : undefined
      }
      filters={[
        yearFilter(t('summary.year')),
        {
          type: 'select',
          name: 'areaId',
          label: t('dashboard.allAreas'),
          width: 170,
          hidden: !access.countyWide,
          options: (areas.data?.items ?? []).map((a) => ({ value: String(a.id), label: a.name })),
        },
      ]}
      toParams={toQuery}
      useList={useSchoolsBelowTarget}
      paging="client"
      exportPath="/api/reports/dashboard/schools-below-target/export"
      columns={columns}
      rowKey={(r) => r.schoolId}
      phoneRender={phoneCard}
      summary={(d) => t('below.total', { total: fmtInt(d.items.length) })}
      empty={{ none: t('below.empty'), filtered: t('below.empty') }}
    />
  );
}
