// 概况: every field of the project, its eligibility and completion rule, and the head counts.
import { ORGANISER_TYPE_LABELS, PARTICIPATION_STATUSES, type ProjectDetail } from '@shixun/common';
import { Col, Descriptions, Grid, Row, Space, Statistic, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { fmtInt } from '../../../components/format';
import { hasQuotas, PARTICIPATION_COLOR, placesHeld, useDate, useDateRange, useProjectLabels } from '../labels';

export function OverviewTab({ project: p }: { project: ProjectDetail }) {
  const { t } = useTranslation('projects');
  const labels = useProjectLabels();
  const range = useDateRange();
  const date = useDate();
  const screens = Grid.useBreakpoint();
  const e = p.eligibility;
  const none = <Typography.Text type="secondary">{t('detail.noLimit')}</Typography.Text>;
  const tags = (vals: string[] | undefined) =>
    vals?.length ? (
      <Space size={[4, 4]} wrap>
        {vals.map((v) => (
          <Tag key={v}>{labels.enumLabel(v)}</Tag>
        ))}
      </Space>
    ) : (
      none
    );
  const years =
    e.minYears != null || e.maxYears != null
      ? e.minYears != null && e.maxYears != null
        ? t('detail.yearsBetween', { min: e.minYears, max: e.maxYears })
        : e.minYears != null
          ? t('detail.yearsMin', { min: e.minYears })
          : t('detail.yearsMax', { max: e.maxYears })
      : null;
  const held = placesHeld(p.participants);
  const limit = p.capacity ?? p.upperQuota;

  return (
    <div>
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col xs={12} md={6}>
          <Statistic title={t('detail.held')} value={held} suffix={limit != null ? `/ ${fmtInt(limit)}` : undefined} />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title={t('detail.pending')} value={p.participants.nominated} />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title={t('detail.sessions')} value={p.sessionCount} />
        </Col>
        <Col xs={12} md={6}>
          {hasQuotas(p) ? (
            <Statistic
              title={t('detail.quotaTotal')}
              value={p.quotas.total}
              suffix={t('detail.schools', { n: p.quotas.schoolCount })}
            />
          ) : (
            <Statistic title={t('detail.waitlisted')} value={p.participants.waitlisted} />
          )}
        </Col>
      </Row>
      <Space size={[4, 4]} wrap style={{ marginBottom: 16 }}>
        <Typography.Text type="secondary">{t('detail.counts')}：</Typography.Text>
        {PARTICIPATION_STATUSES.filter((s) => p.participants[s] > 0).map((s) => (
          <Tag key={s} color={PARTICIPATION_COLOR[s]}>
            {labels.participation(s)} {p.participants[s]}
          </Tag>
        ))}
        {PARTICIPATION_STATUSES.every((s) => p.participants[s] === 0) && (
          <Typography.Text type="secondary">{t('detail.noParticipants')}</Typography.Text>
        )}
      </Space>
      <Descriptions
        bordered
        size="small"
        column={screens.md ? 2 : 1}
        styles={{ label: { width: 140 } }}
        items={[
          { key: 'name', label: t('field.name'), children: p.name, span: 'filled' },
          { key: 'code', label: t('field.code'), children: p.code ?? '—' },
          { key: 'year', label: t('field.year'), children: p.year },
          { key: 'level', label: t('field.level'), children: labels.level(p.level) },
          { key: 'category', label: t('field.category'), children: p.category },
          { key: 'mode', label: t('field.mode'), children: labels.mode(p.mode) },
          {
            key: 'organiser',
            label: t('field.organiser'),
            children: (
              <Space size={4} wrap>
                <Tag>
                  {t(`organiserType.${p.organiserType}`, { defaultValue: ORGANISER_TYPE_LABELS[p.organiserType] })}
                </Tag>
                {p.organiser ?? '—'}
              </Space>
            ),
          },
          ...(p.schoolName ? [{ key: 'school', label: t('field.school'), children: p.schoolName }] : []),
          { key: 'dates', label: t('field.dates'), children: range(p.startDate, p.endDate) },
          { key: 'place', label: t('field.place'), children: p.place ?? '—' },
          { key: 'hours', label: t('field.hours'), children: p.hours },
          {
            key: 'capacity',
            label: t('field.capacity'),
            children: p.capacity != null ? fmtInt(p.capacity) : t('detail.noLimit'),
          },
          ...(p.upperQuota != null
            ? [{ key: 'upperQuota', label: t('field.upperQuota'), children: fmtInt(p.upperQuota) }]
            : []),
          { key: 'enrolMode', label: t('field.enrolMode'), children: t(`enrolMode.${p.enrolMode}`) },
          { key: 'deadline', label: t('field.enrolDeadline'), children: date(p.enrolDeadline, true) },
          { key: 'stages', label: t('field.stages'), children: tags(e.stages) },
          { key: 'subjects', label: t('field.subjects'), children: tags(e.subjects) },
          { key: 'tags', label: t('field.tags'), children: tags(e.tags) },
          { key: 'years', label: t('field.years'), children: years ?? none },
          {
            key: 'newTeachers',
            label: t('field.newTeachersOnly'),
            children: e.newTeachersOnly ? t('detail.yes') : t('detail.no'),
          },
          { key: 'posts', label: t('field.posts'), children: tags(e.posts) },
          {
            key: 'minTitle',
            label: t('field.minTitle'),
            children: e.minTitle ? t('detail.titleAndAbove', { title: labels.enumLabel(e.minTitle) }) : none,
          },
          ...(e.minHonourLevel
            ? [
                {
                  key: 'minHonourLevel',
                  label: t('field.minHonourLevel'),
                  children: t('detail.honourAndAbove', { level: t(`form.honourLevel.${e.minHonourLevel}`) }),
                },
              ]
            : []),
          {
            key: 'completion',
            label: t('field.completionRule'),
            children: p.completionRule.requirePass
              ? t('detail.ruleWithPass', { pct: Math.round(p.completionRule.minAttendanceRate * 100) })
              : t('detail.rule', { pct: Math.round(p.completionRule.minAttendanceRate * 100) }),
          },
          {
            key: 'scoreLines',
            label: t('field.scoreLines'),
            children:
              p.completionRule.passScore != null || p.completionRule.excellentScore != null
                ? t('detail.scoreLines', {
                    pass: p.completionRule.passScore ?? '—',
                    excellent: p.completionRule.excellentScore ?? '—',
                  })
                : t('detail.scoreLinesCounty'),
          },
          ...(p.budget != null
            ? [{ key: 'budget', label: t('field.budget'), children: t('detail.yuan', { n: fmtInt(p.budget) }) }]
            : []),
          { key: 'updated', label: t('detail.updatedAt'), children: date(p.updatedAt, true) },
          { key: 'created', label: t('detail.createdAt'), children: date(p.createdAt, true), span: 'filled' },
        ]}
      />
      {p.description && (
        <div style={{ marginTop: 16 }}>
          <Typography.Title level={5}>{t('field.description')}</Typography.Title>
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>
            {p.description}
          </Typography.Paragraph>
        </div>
      )}
    </div>
  );
}
