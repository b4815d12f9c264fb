// A teacher's own record, laid out for a phone: one card per section, label/value rows, big buttons.
import { EyeInvisibleOutlined, EyeOutlined, LockOutlined, ReloadOutlined } from '@ant-design/icons';
import type { TeacherDetail } from '@shixun/common';
import { Button, Card, Result, Space, Tag, Typography } from 'antd';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { PageError, PageLoading } from '../../components/PageState';
import { useMe } from '../auth/auth.api';
import { STATUS_COLOR, TAG_COLOR, useDateFormat, useEnumLabel, yearsSince } from './format';
import { useRevealedTeacher, useTeacher } from './teachers.api';

export default function MyRecordPage() {
  const { t } = useTranslation('teachers');
  const me = useMe();
  const teacherId = me.data?.teacherId ?? null;
  const record = useTeacher(teacherId);

  if (me.isLoading || (teacherId !== null && record.isLoading)) return <PageLoading />;
  if (teacherId === null) {
    return <Result status="info" title={t('me.noRecord')} subTitle={t('me.noRecordHint')} />;
  }
  if (record.error) return <PageError error={record.error} onRetry={() => record.refetch()} />;
  if (!record.data) return <Result status="info" title={t('me.noRecord')} subTitle={t('me.noRecordHint')} />;
  return <MyRecord teacher={record.data} refreshing={record.isFetching} onRefresh={() => record.refetch()} />;
}

type Item = { key: string; label: string; value: ReactNode };

/** Label/value rows with a divider between them (not after the last). */
function Rows({ items }: { items: (Item | false)[] }) {
  return (
    <div>
      {items
        .filter((i): i is Item => Boolean(i))
        .map((i, n) => (
          <div
            key={i.key}
            style={{
              display: 'flex',
              justifyContent: 'space-between',
              alignItems: 'flex-start',
              gap: 16,
              padding: '12px 0',
              borderTop: n ? '1px solid #f0f0f0' : undefined,
              fontSize: 15,
              lineHeight: 1.5,
            }}
          >
            <span style={{ color: 'rgba(0,0,0,.55)', flex: 'none' }}>{i.label}</span>
            <span style={{ textAlign: 'right', minWidth: 0, wordBreak: 'break-word' }}>{i.value}</span>
          </div>
        ))}
    </div>
  );
}

function MyRecord({
  teacher: tc,
  refreshing,
  onRefresh,
}: {
  teacher: TeacherDetail;
  refreshing: boolean;
  onRefresh: () => void;
}) {
  const { t } = useTranslation('teachers');
  const navigate = useNavigate();
  const enumLabel = useEnumLabel();
  const fmt = useDateFormat();
  const none = t('none');
  const service = yearsSince(tc.hireDate);
  const cardStyles = { body: { paddingBlock: 4 } };
  // The teacher's own full ID number only on request: each look is written to the audit log.
  const [revealed, setRevealed] = useState(false);
  const full = useRevealedTeacher(revealed ? tc.id : null);
  const idValue = (
    <span style={{ display: 'inline-flex', flexDirection: 'column', alignItems: 'flex-end' }}>
      <span style={{ fontFamily: 'monospace' }} data-testid="my-id">
        {revealed && full.data?.idNumber ? full.data.idNumber : tc.idNumberMasked}
      </span>
      <Button
        type="link"
        size="small"
        style={{ paddingInline: 0 }}
        loading={full.isFetching}
        icon={revealed ? <EyeInvisibleOutlined /> : <EyeOutlined />}
        onClick={() => setRevealed(!revealed)}
        data-testid="my-reveal"
      >
        {revealed ? t('action.hide') : t('me.revealOwn')}
      </Button>
    </span>
  );

  return (
    <div style={{ maxWidth: 560, margin: '0 auto' }}>
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        <Card variant="borderless" styles={{ body: { padding: 16 } }}>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('me.greeting', { name: tc.name })}
          </Typography.Title>
          <Space size={4} wrap style={{ marginTop: 8 }}>
            <Typography.Text type="secondary">{tc.schoolName}</Typography.Text>
            <Tag color={STATUS_COLOR[tc.status]}>{enumLabel(tc.status)}</Tag>
          </Space>
        </Card>

        <Card title={t('me.basic')} variant="borderless" styles={cardStyles}>
          <Rows
            items={[
              { key: 'name', label: t('field.name'), value: tc.name },
              { key: 'gender', label: t('field.gender'), value: enumLabel(tc.gender) || none },
              { key: 'birth', label: t('field.birthDate'), value: fmt.date(tc.birthDate) },
              { key: 'id', label: t('field.idNumber'), value: idValue },
              { key: 'phone', label: t('field.phone'), value: tc.phone ?? none },
            ]}
          />
        </Card>

        <Card title={t('me.job')} variant="borderless" styles={cardStyles}>
          <Rows
            items={[
              { key: 'school', label: t('field.school'), value: tc.schoolName },
              { key: 'area', label: t('field.area'), value: tc.areaName },
              !!tc.consortiumName && { key: 'consortium', label: t('field.consortium'), value: tc.consortiumName },
              { key: 'stage', label: t('field.stage'), value: enumLabel(tc.stage) },
              { key: 'subject', label: t('field.subject'), value: enumLabel(tc.subject) },
              { key: 'title', label: t('field.title'), value: enumLabel(tc.title) || none },
              { key: 'degree', label: t('field.degree'), value: enumLabel(tc.degree) || none },
              {
                key: 'hire',
                label: t('field.hireDate'),
                value: (
                  <>
                    {fmt.date(tc.hireDate)}
                    {service !== null && (
                      <Typography.Text type="secondary" style={{ display: 'block', fontSize: 13 }}>
                        {t('me.service', { n: service })}
                      </Typography.Text>
                    )}
                  </>
                ),
              },
            ]}
          />
        </Card>

        <Card title={t('me.honours')} variant="borderless" styles={cardStyles}>
          <Rows
            items={[
              {
                key: 'posts',
                label: t('field.posts'),
                value: tc.posts.length ? tc.posts.map((p) => enumLabel(p)).join(t('listSeparator')) : none,
              },
              {
                key: 'tags',
                label: t('field.tags'),
                value: tc.tags.length ? (
                  <Space size={[0, 4]} wrap style={{ justifyContent: 'flex-end' }}>
                    {tc.tags.map((g) => (
                      <Tag key={g} color={TAG_COLOR[g]} style={{ marginInlineEnd: 0, marginInlineStart: 4 }}>
                        {enumLabel(g)}
                      </Tag>
                    ))}
                  </Space>
                ) : (
                  none
                ),
              },
            ]}
          />
        </Card>

        <Card title={t('me.account')} variant="borderless" styles={cardStyles}>
          <Rows items={[{ key: 'username', label: t('me.username'), value: tc.username ?? none }]} />
          <Typography.Paragraph type="secondary" style={{ margin: '12px 0', fontSize: 14 }}>
            {t('me.loginHint')}
          </Typography.Paragraph>
          <Button
            block
            size="large"
            icon={<LockOutlined />}
            onClick={() => navigate('/password')}
            style={{ marginBottom: 12, minHeight: 48 }}
          >
            {t('me.changePassword')}
          </Button>
        </Card>

        <Typography.Paragraph type="secondary" style={{ textAlign: 'center', margin: '4px 0 0' }}>
          {t('me.fixHint')}
        </Typography.Paragraph>
        <Button
          block
          size="large"
          type="text"
          icon={<ReloadOutlined />}
          loading={refreshing}
          onClick={onRefresh}
          style={{ minHeight: 48 }}
        >
          {t('me.refresh')}
        </Button>
      </Space>
    </div>
  );
}
