// The county's satisfaction template (/surveys/template): the survey every project opens to its
// checked-in participants after its last session — the trainer (rated once per trainer), the
// content, the organisation. Saving with answers on record makes a new version (projects already
// answering keep theirs); the county may require it before the certificate, or stop it.
import { StopOutlined } from '@ant-design/icons';
import { type SatisfactionTemplateBody, satisfactionTemplateBody } from '@shixun/common';
import { Alert, App, Button, Card, Col, Form, Input, InputNumber, Row, Space, Switch, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { PageHeader } from '../../components/PageHeader';
import { PageError, PageLoading } from '../../components/PageState';
import { ApiError } from '../../lib/http';
import { problemsOf, SectionsEditor } from './SectionsEditor';
import { useSatisfactionTemplate, useSaveTemplate, useSurveyAction } from './surveys.api';

export default function TemplatePage() {
  const tpl = useSatisfactionTemplate();
  if (tpl.isLoading) return <PageLoading />;
  if (!tpl.data) return <PageError error={tpl.error} onRetry={() => tpl.refetch()} />;
  const { template, defaults } = tpl.data;
  const initial: SatisfactionTemplateBody = template
    ? {
        title: template.title,
        intro: template.intro ?? '',
        anonymous: template.anonymous,
        settings: {
          requiredForCertificate: template.settings.requiredForCertificate ?? false,
          windowDays: template.settings.windowDays ?? 30,
        },
        sections: template.sections,
      }
    : defaults;
  return (
    <TemplateEditor
      key={template ? `${template.id}-${template.version}` : 'default'}
      initial={initial}
      current={template ? { id: template.id, version: template.version, responded: template.responded } : null}
    />
  );
}

function TemplateEditor({
  initial,
  current,
}: {
  initial: SatisfactionTemplateBody;
  current: { id: number; version: number; responded: number } | null;
}) {
  const { t } = useTranslation('surveys');
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const [body, setBody] = useState(initial);
  const [problems, setProblems] = useState<{ byQuestion: Record<string, string>; general: string[] }>({
    byQuestion: {},
    general: [],
  });
  const save = useSaveTemplate();
  const act = useSurveyAction();
  const set = (patch: Partial<SatisfactionTemplateBody>) => setBody((b) => ({ ...b, ...patch }));
  const label = (key: string) => t(`field.${key}`, { defaultValue: key });

  const submit = () => {
    const parsed = satisfactionTemplateBody.safeParse(body);
    if (!parsed.success) return setProblems(problemsOf(body.sections, parsed.error.issues, label));
    setProblems({ byQuestion: {}, general: [] });
    save.mutate(parsed.data, {
      onSuccess: (s) =>
        message.success(
          current && s.version > current.version ? t('template.newVersion', { v: s.version }) : t('template.saved'),
        ),
      onError: (e) => {
        if (e instanceof ApiError && e.fields)
          setProblems(
            problemsOf(
              body.sections,
              Object.entries(e.fields).map(([k, v]) => ({
                path: k.split('.').map((x) => (/^\d+$/.test(x) ? Number(x) : x)),
                message: v,
              })),
              label,
            ),
          );
        else message.error(e.message);
      },
    });
  };

  const stop = () =>
    modal.confirm({
      title: t('template.stopConfirm'),
      content: t('template.stopHint'),
      okButtonProps: { danger: true },
      onOk: () =>
        act.mutateAsync({ id: current!.id, action: 'close' }).then(
          () => message.success(t('template.stopped')),
          (e: Error) => message.error(e.message),
        ),
    });

  const count = problems.general.length + Object.keys(problems.byQuestion).length;
  return (
    <div style={{ maxWidth: 960 }}>
      <PageHeader
        title={t('template.title')}
        sub={t('template.sub')}
        extra={
          <>
            <Button onClick={() => navigate('/surveys')}>{t('common:action.back')}</Button>
            {current && (
              <Button danger icon={<StopOutlined />} onClick={stop}>
                {t('template.stop')}
              </Button>
            )}
            <Button type="primary" onClick={submit} loading={save.isPending} data-testid="template-save">
              {current ? t('common:action.save') : t('template.start')}
            </Button>
          </>
        }
      />
      <Alert
        type={current ? 'info' : 'warning'}
        showIcon
        style={{ marginBottom: 16 }}
        title={current ? t('template.inUse', { v: current.version, n: current.responded }) : t('template.notInUse')}
        description={current && current.responded > 0 ? t('template.versionHint') : undefined}
      />
      {count > 0 && (
        <Alert
          type="error"
          showIcon
          title={t('builder.problems', { n: count })}
          description={problems.general.length ? problems.general.map((g) => <div key={g}>{g}</div>) : undefined}
          style={{ marginBottom: 16 }}
        />
      )}
      <Card size="small" title={t('builder.basics')} style={{ marginBottom: 16 }}>
        <Form layout="vertical" component="div">
          <Form.Item label={t('field.title')} required>
            <Input value={body.title} maxLength={100} onChange={(e) => set({ title: e.target.value })} />
          </Form.Item>
          <Form.Item label={t('field.intro')}>
            <Input.TextArea
              value={body.intro ?? ''}
              autoSize={{ minRows: 2, maxRows: 6 }}
              onChange={(e) => set({ intro: e.target.value })}
            />
          </Form.Item>
          <Row gutter={16}>
            <Col xs={24} md={8}>
              <Space size={8}>
                <Switch
                  checked={body.anonymous}
                  onChange={(v) => set({ anonymous: v })}
                  aria-label={t('field.anonymous')}
                />
                <span>{t('field.anonymous')}</span>
              </Space>
            </Col>
            <Col xs={24} md={8}>
              <Space size={8}>
                <Switch
                  checked={body.settings.requiredForCertificate}
                  onChange={(v) => set({ settings: { ...body.settings, requiredForCertificate: v } })}
                  aria-label={t('template.beforeCertificate')}
                />
                <span>{t('template.beforeCertificate')}</span>
              </Space>
            </Col>
            <Col xs={24} md={8}>
              <Space size={8}>
                <span>{t('template.windowDays')}</span>
                <InputNumber
                  min={1}
                  max={365}
                  value={body.settings.windowDays}
                  onChange={(v) => set({ settings: { ...body.settings, windowDays: v ?? 30 } })}
                  style={{ width: 90 }}
                />
                <Typography.Text type="secondary">{t('template.days')}</Typography.Text>
              </Space>
            </Col>
          </Row>
        </Form>
      </Card>
      <SectionsEditor
        sections={body.sections}
        onChange={(sections) => set({ sections })}
        mode="satisfaction"
        problems={problems.byQuestion}
      />
    </div>
  );
}
