// The growth archive inside the app: /teachers/:id/archive for admins (from the teacher detail) and
// /my/archive for the teacher themself. The print view is the same document on an A4 sheet.
import { ArrowLeftOutlined, PrinterOutlined } from '@ant-design/icons';
import { Button, Card, Grid, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { PageHeader } from '../../components/PageHeader';
import { PageError, PageLoading } from '../../components/PageState';
import { useMe } from '../auth/auth.api';
import { ARCHIVE_CSS, ArchiveDocument } from './ArchiveDocument';
import { useArchive } from './archive.api';

export default function ArchivePage() {
  const { t } = useTranslation('archive');
  const navigate = useNavigate();
  const me = useMe().data;
  const param = useParams().id;
  const mine = param === undefined;
  const id = mine ? (me?.teacherId ?? null) : /^\d+$/.test(param) ? Number(param) : null;
  const archive = useArchive(id);
  const phone = !Grid.useBreakpoint().sm;

  if (mine && me && me.teacherId == null) return <Result status="info" title={t('notTeacher')} />;
  if (id === null && !mine) return <PageError error={new Error(t('common:state.notFound'))} />;
  if (archive.isLoading || (mine && !me)) return <PageLoading />;
  if (archive.error || !archive.data) return <PageError error={archive.error} onRetry={() => archive.refetch()} />;

  return (
    <div style={{ maxWidth: 1000 }}>
      <style>{ARCHIVE_CSS}</style>
      {!mine && (
        <Button type="link" icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)} style={{ paddingInline: 0 }}>
          {t('common:action.back')}
        </Button>
      )}
      <PageHeader
        title={mine ? t('myTitle') : `${archive.data.teacher.name} · ${t('title')}`}
        sub={t('sub')}
        extra={
          <Button
            type="primary"
            icon={<PrinterOutlined />}
            onClick={() => navigate(`/archive/${archive.data.teacher.id}/print`)}
            data-testid="archive-print-view"
          >
            {t('printView')}
          </Button>
        }
      />
      <Card styles={{ body: { padding: phone ? 12 : 24 } }}>
        <ArchiveDocument a={archive.data} />
      </Card>
    </div>
  );
}
