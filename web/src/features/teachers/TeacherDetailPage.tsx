// One teacher's record: details, account, actions (edit, transfer, retire, reinstate) and change history.
import {
  ArrowLeftOutlined,
  EyeInvisibleOutlined,
  EyeOutlined,
  FieldTimeOutlined,
  ProfileOutlined,
} from '@ant-design/icons';
import type { TeacherDetail } from '@shixun/common';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  type DescriptionsProps,
  Empty,
  Grid,
  Popconfirm,
  Result,
  Space,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { accessOf } from '../../access';
import { PageHeader } from '../../components/PageHeader';
import { PageError, PageLoading } from '../../components/PageState';
import { ApiError } from '../../lib/http';
import { STATE_COLOR } from '../accounts/state';
import { EthicsCard } from '../archive/EthicsCard';
import { useMe } from '../auth/auth.api';
import { AccountSlipButton } from './AccountSlipButton';
import { STATUS_COLOR, TAG_COLOR, useBirthLabel, useDateFormat, useEnumLabel, yearsSince } from './format';
import { StatusModal, TransferModal } from './TeacherActions';
import { TeacherFormDrawer } from './TeacherFormDrawer';
import { useRevealedTeacher, useSetTeacherStatus, useTeacher } from './teachers.api';

export default function TeacherDetailPage() {
  const { t } = useTranslation('teachers');
  const navigate = useNavigate();
  const { id: idParam } = useParams();
  const id = /^\d+$/.test(idParam ?? '') ? Number(idParam) : null;
  const me = useMe();
  const access = accessOf(me.data);
  const [revealed, setRevealed] = useState(false);
  const detail = useTeacher(id);
  const full = useRevealedTeacher(revealed ? id : null);

  if (id === null) return <NotInScope />;
  if (detail.isLoading) return <PageLoading />;
  if (detail.error) {
    if (detail.error instanceof ApiError && detail.error.status === 404) return <NotInScope />;
    return <PageError error={detail.error} onRetry={() => detail.refetch()} />;
  }
  if (!detail.data) return <NotInScope />;

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Button type="link" icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)} style={{ paddingInline: 0 }}>
        {t('common:action.back')}
      </Button>
      <Record
        teacher={detail.data}
        canWrite={access.writeRoster}
        countyAdmin={access.countyAdmin}
        canReveal={access.seeFullId}
        revealed={revealed}
        fullId={full.data?.idNumber}
        revealing={full.isFetching}
        revealError={full.error}
        onReveal={setRevealed}
      />
      <EthicsCard
        teacherId={detail.data.id}
        canWrite={access.can('ethics.write')}
        canDelete={access.can('ethics.delete')}
      />
      <History teacher={detail.data} />
    </Space>
  );
}

function NotInScope() {
  const { t } = useTranslation('teachers');
  return (
    <Result
      status="404"
      title={t('detail.notFound')}
      extra={
        <Link to="/teachers">
          <Button type="primary">{t('detail.backToList')}</Button>
        </Link>
      }
    />
  );
}

function Record(props: {
  teacher: TeacherDetail;
  canWrite: boolean;
  countyAdmin: boolean;
  canReveal: boolean;
  revealed: boolean;
  fullId?: string;
  revealing: boolean;
  revealError: unknown;
  onReveal: (v: boolean) => void;
}) {
  const { teacher: tc, canWrite, countyAdmin, canReveal, revealed, fullId, revealing, revealError, onReveal } = props;
  const { t } = useTranslation('teachers');
  const { message } = App.useApp();
  const phone = !Grid.useBreakpoint().sm;
  const enumLabel = useEnumLabel();
  const fmt = useDateFormat();
  const [editing, setEditing] = useState(false);
  const [transferring, setTransferring] = useState(false);
  const [retiring, setRetiring] = useState(false);
  const setStatus = useSetTeacherStatus(tc.id);
  const none = t('none');
  const service = yearsSince(tc.hireDate);
  const birth = useBirthLabel();

  // Any change to the record hides the full ID again: a shown number must not be a stale one.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on updatedAt changes only
  useEffect(() => onReveal(false), [tc.updatedAt]);

  const idNumber = (
    <Space wrap size={4}>
      <Typography.Text style={{ fontFamily: 'monospace' }} copyable={revealed && fullId ? { text: fullId } : false}>
        {revealed && fullId ? fullId : tc.idNumberMasked}
      </Typography.Text>
      {canReveal && (
        <Button
          size="small"
          type="link"
          loading={revealing}
          icon={revealed ? <EyeInvisibleOutlined /> : <EyeOutlined />}
          onClick={() => onReveal(!revealed)}
          data-testid="reveal-id"
        >
          {revealed ? t('action.hide') : t('action.reveal')}
        </Button>
      )}
      {canReveal && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('detail.revealNote')}
        </Typography.Text>
      )}
      {revealed && revealError instanceof Error && (
        <Typography.Text type="danger">{revealError.message}</Typography.Text>
      )}
    </Space>
  );

  const items: DescriptionsProps['items'] = [
    { key: 'name', label: t('field.name'), children: tc.name },
    { key: 'gender', label: t('field.gender'), children: enumLabel(tc.gender) || none },
    { key: 'id', label: t('field.idNumber'), children: idNumber, span: 2 },
    {
      key: 'birth',
      label: tc.birthDate ? t('field.birthDate') : t('field.birthYear'),
      children: birth(tc),
    },
    { key: 'phone', label: t('field.phone'), children: tc.phone ?? none },
    {
      key: 'school',
      label: t('field.school'),
      children: <Link to={`/schools/${tc.schoolId}`}>{tc.schoolName}</Link>,
    },
    { key: 'area', label: t('field.area'), children: tc.areaName },
    { key: 'consortium', label: t('field.consortium'), children: tc.consortiumName ?? none },
    { key: 'stage', label: t('field.stage'), children: enumLabel(tc.stage) },
    { key: 'subject', label: t('field.subject'), children: enumLabel(tc.subject) },
    { key: 'title', label: t('field.title'), children: enumLabel(tc.title) || none },
    { key: 'degree', label: t('field.degree'), children: enumLabel(tc.degree) || none },
    {
      key: 'hire',
      label: t('field.hireDate'),
      children: tc.hireDate
        ? `${fmt.date(tc.hireDate)}${service !== null ? t('detail.service', { n: service }) : ''}`
        : none,
    },
    {
      key: 'posts',
      label: t('field.posts'),
      children: tc.posts.length ? tc.posts.map((p) => enumLabel(p)).join(t('listSeparator')) : none,
    },
    {
      key: 'tags',
      label: t('field.tags'),
      children: tc.tags.length ? (
        <Space size={[0, 4]} wrap>
          {tc.tags.map((g) => (
            <Tag key={g} color={TAG_COLOR[g]}>
              {enumLabel(g)}
            </Tag>
          ))}
        </Space>
      ) : (
        none
      ),
    },
    {
      key: 'status',
      label: t('field.status'),
      children: (
        <Space size={4} wrap>
          <Tag color={STATUS_COLOR[tc.status]}>{enumLabel(tc.status)}</Tag>
          {tc.status !== '在职' && tc.statusDate && (
            <Typography.Text type="secondary">{fmt.date(tc.statusDate)}</Typography.Text>
          )}
        </Space>
      ),
    },
    {
      key: 'account',
      label: t('field.account'),
      children:
        tc.hasAccount && tc.username ? (
          <Space size={4} wrap>
            {tc.accountState && (
              <Tag color={STATE_COLOR[tc.accountState]} data-testid="account-state">
                {t(`accounts:state.${tc.accountState}`)}
              </Tag>
            )}
            <Typography.Text copyable>{tc.username}</Typography.Text>
            {canWrite && tc.status === '在职' && (
              <AccountSlipButton teacherIds={[tc.id]} state={tc.accountState} countyAdmin={countyAdmin} />
            )}
          </Space>
        ) : (
          <Tag>{t('detail.accountNone')}</Tag>
        ),
    },
    { key: 'created', label: t('field.createdAt'), children: fmt.dateTime(tc.createdAt) },
    { key: 'updated', label: t('field.updatedAt'), children: fmt.dateTime(tc.updatedAt) },
  ];

  const actions = canWrite ? (
    <Space wrap>
      <Button type="primary" onClick={() => setEditing(true)} data-testid="teacher-edit">
        {t('action.edit')}
      </Button>
      {tc.status === '在职' ? (
        <>
          <Button onClick={() => setTransferring(true)}>{t('action.transfer')}</Button>
          <Button danger onClick={() => setRetiring(true)}>
            {t('action.retire')}
          </Button>
        </>
      ) : (
        <Popconfirm
          title={t('status.reinstateConfirm', { name: tc.name })}
          okText={t('common:action.confirm')}
          cancelText={t('common:action.cancel')}
          onConfirm={async () => {
            try {
              await setStatus.mutateAsync({ status: '在职' });
              message.success(t('status.reinstated'));
            } catch (e) {
              message.error(e instanceof Error ? e.message : String(e));
            }
          }}
        >
          <Button loading={setStatus.isPending}>{t('action.reinstate')}</Button>
        </Popconfirm>
      )}
    </Space>
  ) : null;

  return (
    <>
      <PageHeader
        title={
          <Space wrap size={8}>
            <span>{tc.name}</span>
            <Tag color={STATUS_COLOR[tc.status]} style={{ fontWeight: 'normal' }}>
              {enumLabel(tc.status)}
            </Tag>
          </Space>
        }
        sub={`${tc.schoolName} · ${enumLabel(tc.stage)}${enumLabel(tc.subject)}`}
        extra={
          <Space wrap>
            <Link to={`/teachers/${tc.id}/archive`}>
              <Button icon={<ProfileOutlined />} data-testid="teacher-archive">
                {t('archive:open')}
              </Button>
            </Link>
            <Link to={`/credit/teachers/${tc.id}`}>
              <Button icon={<FieldTimeOutlined />} data-testid="teacher-credits">
                {t('archive:openCredits')}
              </Button>
            </Link>
            {actions}
          </Space>
        }
      />
      <Card title={t('detail.record')} styles={phone ? { body: { padding: 12 } } : undefined}>
        {tc.status !== '在职' && (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 16 }}
            title={t('detail.inactive', { status: enumLabel(tc.status) })}
          />
        )}
        <Descriptions
          items={items}
          bordered
          size="small"
          column={{ xs: 1, sm: 1, md: 2, lg: 2, xl: 3, xxl: 3 }}
          styles={{
            label: { whiteSpace: 'nowrap', ...(phone ? { padding: '8px 10px' } : {}) },
            content: phone ? { padding: '8px 10px' } : undefined,
          }}
        />
        {canWrite && (
          <>
            <TeacherFormDrawer mode="edit" teacher={tc} open={editing} onClose={() => setEditing(false)} />
            <TransferModal teacher={tc} open={transferring} onClose={() => setTransferring(false)} />
            <StatusModal teacher={tc} open={retiring} onClose={() => setRetiring(false)} />
          </>
        )}
      </Card>
    </>
  );
}

const HISTORY_COLOR: Record<string, string> = {
  'teacher.create': 'green',
  'teacher.import_create': 'green',
  'teacher.transfer': 'blue',
  'teacher.status': 'orange',
  'teacher.reveal_id': 'red',
};

function History({ teacher }: { teacher: TeacherDetail }) {
  const { t } = useTranslation('teachers');
  const fmt = useDateFormat();
  const entries = teacher.history; // newest first, as the server sends it
  return (
    <Card title={t('detail.history')}>
      {entries.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('detail.noHistory')} />
      ) : (
        <Timeline
          items={entries.map((h, i) => ({
            key: `${h.at}-${i}`,
            color: HISTORY_COLOR[h.action] ?? 'gray',
            // The server's summary already names the action ("调动：A校 → B校").
            content: (
              <div>
                <div style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>{h.summary}</div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {fmt.dateTime(h.at)} · {t('detail.by', { name: h.userName ?? t('detail.system') })}
                </Typography.Text>
              </div>
            ),
          }))}
        />
      )}
    </Card>
  );
}
