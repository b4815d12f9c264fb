// 导入中心: every spreadsheet import the caller may run, one card each, to its wizard.
import {
  BankOutlined,
  IdcardOutlined,
  ImportOutlined,
  SafetyCertificateOutlined,
  TrophyOutlined,
  UserAddOutlined,
} from '@ant-design/icons';
import { Button, Card, Col, Row, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { type Access, accessOf } from '../../access';
import { PageHeader } from '../../components/PageHeader';
import { useMe } from '../auth/auth.api';
import type { ImportKind } from './imports.api';

const KINDS: Array<{ kind: ImportKind; path: string; icon: ReactNode; allow: (a: Access) => boolean }> = [
  { kind: 'teachers', path: '/import/teachers', icon: <IdcardOutlined />, allow: (a) => a.can('teachers.import') },
  { kind: 'schools', path: '/import/schools', icon: <BankOutlined />, allow: (a) => a.can('org.manage') },
  { kind: 'results', path: '/import/results', icon: <TrophyOutlined />, allow: (a) => a.can('results.import') },
  {
    kind: 'credits',
    path: '/credit/import',
    icon: <SafetyCertificateOutlined />,
    allow: (a) => a.can('credits.import'),
  },
  { kind: 'accounts', path: '/import/accounts', icon: <UserAddOutlined />, allow: (a) => a.can('accounts.manage') },
];

export default function ImportsPage() {
  const { t } = useTranslation('imports');
  const access = accessOf(useMe().data);
  return (
    <div>
      <PageHeader title={t('centre.title')} sub={t('centre.sub')} />
      <Row gutter={[16, 16]}>
        {KINDS.filter((k) => k.allow(access)).map((k) => (
          <Col key={k.kind} xs={24} md={12}>
            <Card
              title={
                <span>
                  <span style={{ color: '#1677ff', marginInlineEnd: 8 }}>{k.icon}</span>
                  {t(`title.${k.kind}`)}
                </span>
              }
              extra={
                <Link to={k.path} data-testid={`import-${k.kind}`}>
                  <Button type="primary" icon={<ImportOutlined />}>
                    {t('centre.open')}
                  </Button>
                </Link>
              }
            >
              <Typography.Paragraph style={{ marginBottom: 0 }}>{t(`centre.${k.kind}`)}</Typography.Paragraph>
            </Card>
          </Col>
        ))}
      </Row>
    </div>
  );
}
