// Add or edit a trainer of the pool: a county teacher (picked from the roster; name and title are
// copied from the record) or an invited external expert; optionally linked to a `trainer` account.
import { type Trainer, trainerUpdateBody } from '@shixun/common';
import { Alert, App, Button, Drawer, Form, Grid, Input, Radio, Select, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { zodRule } from '../../components/zodRule';
import { ApiError } from '../../lib/http';
import { useCreateTrainer, useTeacherSearch, useTrainerAccounts, useUpdateTrainer } from './projects.api';

interface Props {
  open: boolean;
  /** null → create */
  trainer: Trainer | null;
  onClose: () => void;
}

interface FormValues {
  kind: 'county' | 'external';
  teacherId?: number;
  name?: string;
  organisation?: string;
  title?: string;
  expertise?: string;
  phone?: string;
  intro?: string;
  userId?: number | null;
}

const shape = trainerUpdateBody.shape;
const blank = (s: string | undefined | null) => {
  const v = (s ?? '').trim();
  return v === '' ? null : v;
};

export function TrainerFormDrawer({ open, trainer, onClose }: Props) {
  const { t } = useTranslation('projects');
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const create = useCreateTrainer();
  const update = useUpdateTrainer();
  const mobile = !Grid.useBreakpoint().md;
  const kind = Form.useWatch('kind', form) ?? trainer?.kind ?? 'county';
  const [q, setQ] = useState('');
  const teachers = useTeacherSearch(q, open && !trainer && kind === 'county');
  const accounts = useTrainerAccounts(open);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!open) return;
    setError(null);
    setQ('');
    form.resetFields();
    if (trainer)
      form.setFieldsValue({
        kind: trainer.kind,
        name: trainer.name,
        organisation: trainer.organisation ?? undefined,
        title: trainer.title ?? undefined,
        expertise: trainer.expertise ?? undefined,
        phone: trainer.phone ?? undefined,
        intro: trainer.intro ?? undefined,
        userId: trainer.userId,
      });
  }, [open, trainer, form]);

  const submit = async (v: FormValues) => {
    setError(null);
    const fields = {
      organisation: blank(v.organisation),
      title: blank(v.title),
      expertise: blank(v.expertise),
      phone: blank(v.phone),
      intro: blank(v.intro),
      userId: v.userId ?? null,
    };
    try {
      if (trainer) {
        await update.mutateAsync({
          id: trainer.id,
          body: { ...fields, ...(trainer.kind === 'external' ? { name: v.name?.trim() } : {}) },
        });
      } else if (v.kind === 'county') {
        await create.mutateAsync({ kind: 'county', teacherId: v.teacherId!, ...fields });
      } else {
        await create.mutateAsync({ kind: 'external', name: (v.name ?? '').trim(), ...fields });
      }
      message.success(t('common:state.saved'));
      onClose();
    } catch (e) {
      if (e instanceof ApiError && e.fields && Object.keys(e.fields).length) {
        form.setFields(Object.entries(e.fields).map(([k, err]) => ({ name: k as never, errors: [err] })));
      }
      setError((e as Error).message);
    }
  };

  const teacherOptions = (teachers.data?.items ?? []).map((x) => ({
    value: x.id,
    label: `${x.name}（${x.schoolName}）`,
    sub: [x.subject, x.title].filter(Boolean).join(' · '),
  }));

  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={trainer ? t('pool.editTitle', { name: trainer.name }) : t('pool.createTitle')}
      size={mobile ? '100%' : 520}
      destroyOnHidden
      footer={
        <Space style={{ width: '100%', justifyContent: 'flex-end' }}>
          <Button onClick={onClose}>{t('common:action.cancel')}</Button>
          <Button
            type="primary"
            loading={create.isPending || update.isPending}
            onClick={() => form.submit()}
            data-testid="trainer-save"
          >
            {t('common:action.save')}
          </Button>
        </Space>
      }
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form<FormValues> form={form} layout="vertical" onFinish={submit} initialValues={{ kind: 'county' }}>
        <Form.Item name="kind" label={t('trainers.kind')}>
          <Radio.Group
            disabled={!!trainer}
            optionType="button"
            options={[
              { value: 'county', label: t('trainerKind.county') },
              { value: 'external', label: t('trainerKind.external') },
            ]}
          />
        </Form.Item>
        {!trainer && kind === 'county' ? (
          <Form.Item
            name="teacherId"
            label={t('pool.teacher')}
            rules={[{ required: true, message: t('pool.teacherRequired') }]}
            extra={t('pool.teacherHint')}
          >
            <Select
              showSearch={{ filterOption: false, onSearch: setQ }}
              loading={teachers.isFetching}
              placeholder={t('pool.teacherSearch')}
              options={teacherOptions}
              optionRender={(o) => (
                <span>
                  {o.data.label}
                  <span style={{ color: '#999', marginLeft: 8, fontSize: 12 }}>{o.data.sub}</span>
                </span>
              )}
              notFoundContent={q ? t('pool.noTeacher') : t('pool.typeToSearch')}
            />
          </Form.Item>
        ) : (
          <Form.Item
            name="name"
            label={t('trainers.name')}
            rules={[{ required: true, message: t('pool.nameRequired') }, zodRule(shape.name)]}
            extra={trainer?.kind === 'county' ? t('pool.nameFromRecord') : undefined}
          >
            <Input maxLength={30} disabled={trainer?.kind === 'county'} />
          </Form.Item>
        )}
        {trainer?.kind === 'county' && trainer.schoolName && (
          <Typography.Paragraph type="secondary">
            {t('pool.fromSchool', { school: trainer.schoolName })}
          </Typography.Paragraph>
        )}
        <Form.Item name="organisation" label={t('trainers.organisation')} rules={[zodRule(shape.organisation)]}>
          <Input maxLength={100} placeholder={kind === 'external' ? t('pool.organisationPlaceholder') : undefined} />
        </Form.Item>
        <Form.Item name="title" label={t('trainers.title')} rules={[zodRule(shape.title)]}>
          <Input maxLength={40} />
        </Form.Item>
        <Form.Item name="expertise" label={t('trainers.expertise')} rules={[zodRule(shape.expertise)]}>
          <Input maxLength={200} placeholder={t('pool.expertisePlaceholder')} />
        </Form.Item>
        <Form.Item name="phone" label={t('trainers.phone')} rules={[zodRule(shape.phone)]}>
          <Input maxLength={30} inputMode="tel" />
        </Form.Item>
        <Form.Item name="userId" label={t('pool.account')} extra={t('pool.accountHint')}>
          <Select
            allowClear
            loading={accounts.isLoading}
            showSearch={{ optionFilterProp: 'label' }}
            options={(accounts.data?.items ?? []).map((a) => ({
              value: a.id,
              label: `${a.displayName}（${a.username}）`,
            }))}
            placeholder={t('pool.noAccount')}
          />
        </Form.Item>
        <Form.Item name="intro" label={t('trainers.intro')} rules={[zodRule(shape.intro)]}>
          <Input.TextArea rows={4} maxLength={2000} showCount />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
