// One school: its record, teacher counts by stage and title, a way to its teacher list.
import { ArrowLeftOutlined, EditOutlined, TeamOutlined } from '@ant-design/icons';
import { Button, Card, Col, Descriptions, Row, Skeleton, Space, Statistic, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { accessOf } from '../../access';
import { fmtInt, fmtShare } from '../../components/format';
import { PageHeader } from '../../components/PageHeader';
import { PageError } from '../../components/PageState';
import { useMe } from '../auth/auth.api';
import { useOverview } from '../dashboard/dashboard.api';
import { useSchool } from './org.api';
import { SchoolFormDrawer } from './SchoolFormDrawer';

export default function SchoolDetailPage() {
  const { t } = useTranslation('org');
  const navigate = useNavigate();
  const location = useLocation();
  const id = Number(useParams().id);
  const access = accessOf(useMe().data);
  const school = useSchool(id);
  const stats = useOverview({ schoolId: id }, school.isSuccess);
  const [editing, setEditing] = useState(false);

  if (school.isLoading) return <Skeleton active paragraph={{ rows: 8 }} />;
  if (school.error || !school.data) return <PageError error={school.error} onRetry={() => school.refetch()} />;
  const s = school.data;
  const o = stats.data;
  const dash = (v: string | null) => v || '—';

  return (
    <div>
      <PageHeader
        title={
          <Space wrap>
            {s.name}
            {s.isCore && <Tag color="gold">{t('school.core')}</Tag>}
          </Space>
        }
        extra={
          <>
            <Button
              icon={<ArrowLeftOutlined />}
              onClick={() => (location.key === 'default' ? navigate('/schools') : navigate(-1))}
            >
              {t('common:action.back')}
            </Button>
            {access.writeRoster && (
              <Button icon={<EditOutlined />} onClick={() => setEditing(true)}>
                {t('common:action.edit')}
              </Button>
            )}
            <Button type="primary" icon={<TeamOutlined />} onClick={() => navigate(`/teachers?schoolId=${s.id}`)}>
              {t('school.teacherList')}
            </Button>
          </>
        }
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Card title={t('school.info')}>
            <Descriptions
              column={{ xs: 1, sm: 2 }}
              size="small"
              items={[
                { key: 'code', label: t('school.code'), children: dash(s.code) },
                {
                  key: 'type',
                  label: t('school.type'),
                  children: t(`common:enum.${s.type}`, { defaultValue: s.type }),
                },
                { key: 'affiliation', label: t('school.affiliation'), children: dash(s.affiliation) },
                { key: 'ur', label: t('school.urbanRural'), children: t(`common:enum.${s.urbanRural}`) },
                {
                  key: 'area',
                  label: t('school.area'),
                  children: s.areaName ? <Link to={`/schools?areaId=${s.areaId}`}>{s.areaName}</Link> : '—',
                },
                {
                  key: 'parent',
                  label: t('school.parent'),
                  children: s.parentSchoolName ? (
                    <Link to={`/schools/${s.parentSchoolId}`}>{s.parentSchoolName}</Link>
                  ) : s.childCount > 0 ? (
                    t('school.children', { n: s.childCount })
                  ) : (
                    '—'
                  ),
                },
                { key: 'aliases', label: t('school.aliases'), children: s.aliases.length ? s.aliases.join('、') : '—' },
                {
                  key: 'consortium',
                  label: t('school.consortium'),
                  children:
                    s.consortiumId && s.consortiumName ? (
                      <Space size={4}>
                        <Link to={`/schools?consortiumId=${s.consortiumId}`}>{s.consortiumName}</Link>
                        {s.isCore && <Tag color="gold">{t('school.core')}</Tag>}
                      </Space>
                    ) : (
                      '—'
                    ),
                },
                { key: 'principal', label: t('school.principal'), children: dash(s.principal) },
                { key: 'phone', label: t('school.phone'), children: dash(s.phone) },
                { key: 'address', label: t('school.address'), children: dash(s.address), span: 'filled' },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card title={t('school.counts')}>
            <Statistic title={t('school.teacherCount')} value={s.teacherCount} formatter={(v) => fmtInt(Number(v))} />
            {stats.isLoading && <Skeleton active paragraph={{ rows: 3 }} />}
            {o && o.teacherCount > 0 && (
              <Descriptions
                style={{ marginTop: 16 }}
                column={1}
                size="small"
                items={[
                  {
                    key: 'stage',
                    label: t('school.byStage'),
                    children: (
                      <Space wrap size={[4, 4]}>
                        {o.byStage
                          .filter((x) => x.teachers > 0)
                          .map((x) => (
                            <Tag key={x.stage}>
                              {t(`common:enum.${x.stage}`, { defaultValue: x.stage })} {fmtInt(x.teachers)}
                            </Tag>
                          ))}
                      </Space>
                    ),
                  },
                  {
                    key: 'title',
                    label: t('school.byTitle'),
                    children: (
                      <Space wrap size={[4, 4]}>
                        {o.byTitle
                          .filter((x) => x.teachers > 0)
                          .map((x) => (
                            <Tag key={x.title}>
                              {t(`common:enum.${x.title}`, { defaultValue: x.title })} {fmtInt(x.teachers)}
                            </Tag>
                          ))}
                      </Space>
                    ),
                  },
                  {
                    key: 'degree',
                    label: t('school.bachelorShare'),
                    children: fmtShare(
                      o.degreeAttainment.reduce((n, d) => n + d.bachelorPlus, 0),
                      o.degreeAttainment.reduce((n, d) => n + d.teachers, 0),
                    ),
                  },
                ]}
              />
            )}
          </Card>
        </Col>
      </Row>
      <SchoolFormDrawer open={editing} school={s} full={access.manageSchools} onClose={() => setEditing(false)} />
    </div>
  );
}
