// Create or edit an account. The scope shown follows the role: a school for school admins, an
// area or a consortium for area admins, nothing for county-wide roles. Teacher accounts follow
// the teacher record, so only name and phone are editable here.
import { type Account, accountBody, ROLES, type Role } from '@shixun/common';
import { App, Button, Drawer, Form, Grid, Input, Radio, Select, Space, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { applyFieldErrors, zodRule } from '../../components/zodRule';
import { ApiError } from '../../lib/http';
import { useAreas, useConsortia, useSchoolOptions } from '../org/org.api';
import { useCreateAccount, useUpdateAccount } from './accounts.api';
import { PasswordField, passwordRules } from './PasswordField';
import { keepSlips } from './slipStore';

interface Values {
  username: string;
  displayName: string;
  phone?: string;
  role: Role;
  scopeKind?: 'area' | 'consortium';
  schoolId?: number;
  areaId?: number;
  consortiumId?: number;
  /** How the person signs in the first time: an account slip (code) or a password the admin sets. */
  firstSignIn?: 'code' | 'password';
  password?: string;
}

/** null → create */
export function AccountFormDrawer({
  open,
  account,
  onClose,
}: {
  open: boolean;
  account: Account | null;
  onClose: () => void;
}) {
  const { t } = useTranslation('accounts');
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const create = useCreateAccount();
  const update = useUpdateAccount();
  const mobile = !Grid.useBreakpoint().md;
  const navigate = useNavigate();
  const role = Form.useWatch('role', form);
  const firstSignIn = Form.useWatch('firstSignIn', form);
  const scopeKind = Form.useWatch('scopeKind', form);
  const isTeacher = account?.role === 'teacher';
  const isProvider = account?.role === 'provider';
  const schools = useSchoolOptions(open && role === 'school_admin');
  const areas = useAreas(open && role === 'area_admin');
  const consortia = useConsortia(open && role === 'area_admin');
  const shape = accountBody.shape;

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (account)
      form.setFieldsValue({
        username: account.username,
        displayName: account.displayName,
        phone: account.phone ?? undefined,
        role: account.role,
        scopeKind: account.consortiumId ? 'consortium' : 'area',
        schoolId: account.schoolId ?? undefined,
        areaId: account.areaId ?? undefined,
        consortiumId: account.consortiumId ?? undefined,
      });
  }, [open, account, form]);

  const submit = async (v: Values) => {
    // The PATCH replaces the whole scope, so always send the three ids (null where unused).
    const scope = {
      schoolId: v.role === 'school_admin' ? (v.schoolId ?? null) : null,
      areaId: v.role === 'area_admin' && v.scopeKind !== 'consortium' ? (v.areaId ?? null) : null,
      consortiumId: v.role === 'area_admin' && v.scopeKind === 'consortium' ? (v.consortiumId ?? null) : null,
    };
    const phone = v.phone?.trim() || null;
    const displayName = v.displayName.trim();
    try {
      if (account) {
        await update.mutateAsync({
          id: account.id,
          body: isTeacher || isProvider ? { displayName, phone } : { displayName, phone, role: v.role, ...scope },
        });
      } else {
        const created = await create.mutateAsync({
          username: v.username.trim(),
          displayName,
          phone,
          role: v.role,
          ...scope,
          ...(v.firstSignIn === 'password' ? { password: v.password ?? '' } : {}),
        });
        if (created.batch) {
          keepSlips(created.batch);
          message.success(t('form.createdWithCode'));
          onClose();
          navigate('/accounts/slips/print');
          return;
        }
      }
      message.success(t('common:state.saved'));
      onClose();
    } catch (e) {
      if (!(e instanceof ApiError && applyFieldErrors(form, e.fields))) message.error((e as Error).message);
    }
  };

  // Provider accounts are opened on the provider's page (承训机构), tied to their provider.
  const roleOptions = ROLES.filter((r) => (r !== 'teacher' || isTeacher) && (r !== 'provider' || isProvider)).map(
    (r) => ({
      value: r,
      label: t(`common:role.${r}`),
    }),
  );

  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={account ? t('form.editTitle', { name: account.displayName }) : t('form.createTitle')}
      size={mobile ? '100%' : 480}
      destroyOnHidden
      footer={
        <Space style={{ width: '100%', justifyContent: 'flex-end' }}>
          <Button onClick={onClose}>{t('common:action.cancel')}</Button>
          <Button type="primary" loading={create.isPending || update.isPending} onClick={() => form.submit()}>
            {t('common:action.save')}
          </Button>
        </Space>
      }
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ role: 'school_admin', scopeKind: 'area', firstSignIn: 'code' }}
      >
        <Form.Item
          name="username"
          label={t('col.username')}
          extra={account ? undefined : t('form.usernameHint')}
          rules={account ? [] : [{ required: true, message: t('form.usernameRequired') }, zodRule(shape.username)]}
        >
          <Input disabled={Boolean(account)} maxLength={32} autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="displayName"
          label={t('col.displayName')}
          rules={[{ required: true, message: t('form.displayNameRequired') }, zodRule(shape.displayName)]}
        >
          <Input maxLength={30} />
        </Form.Item>
        <Form.Item name="phone" label={t('col.phone')} rules={[zodRule(shape.phone)]}>
          <Input maxLength={11} inputMode="tel" />
        </Form.Item>
        <Form.Item
          name="role"
          label={t('col.role')}
          extra={isTeacher ? t('form.teacherHint') : undefined}
          rules={[{ required: true, message: t('form.roleRequired') }]}
        >
          <Select options={roleOptions} disabled={isTeacher || isProvider} />
        </Form.Item>
        {role === 'school_admin' && (
          <Form.Item
            name="schoolId"
            label={t('col.school')}
            rules={[{ required: true, message: t('form.schoolRequired') }]}
          >
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              loading={schools.isLoading}
              options={(schools.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
            />
          </Form.Item>
        )}
        {role === 'area_admin' && (
          <>
            <Form.Item name="scopeKind" label={t('form.scopeKind')}>
              <Radio.Group
                options={[
                  { value: 'area', label: t('form.scopeArea') },
                  { value: 'consortium', label: t('form.scopeConsortium') },
                ]}
              />
            </Form.Item>
            {scopeKind === 'consortium' ? (
              <Form.Item
                name="consortiumId"
                label={t('form.scopeConsortium')}
                rules={[{ required: true, message: t('form.consortiumRequired') }]}
              >
                <Select
                  showSearch={{ optionFilterProp: 'label' }}
                  loading={consortia.isLoading}
                  options={(consortia.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))}
                />
              </Form.Item>
            ) : (
              <Form.Item
                name="areaId"
                label={t('form.scopeArea')}
                rules={[{ required: true, message: t('form.areaRequired') }]}
              >
                <Select
                  showSearch={{ optionFilterProp: 'label' }}
                  loading={areas.isLoading}
                  options={(areas.data?.items ?? []).map((a) => ({ value: a.id, label: a.name }))}
                />
              </Form.Item>
            )}
          </>
        )}
        {!account && (
          <Form.Item name="firstSignIn" label={t('form.firstSignIn')}>
            <Radio.Group
              options={[
                { value: 'code', label: t('form.byCode') },
                { value: 'password', label: t('form.byPassword') },
              ]}
            />
          </Form.Item>
        )}
        {!account && firstSignIn === 'password' && (
          <Form.Item
            name="password"
            label={t('form.password')}
            extra={t('password.rule')}
            rules={passwordRules(t, () => form.getFieldValue('username'))}
          >
            <PasswordField />
          </Form.Item>
        )}
        {!account && firstSignIn !== 'password' && (
          <Typography.Paragraph type="secondary">{t('form.byCodeHint')}</Typography.Paragraph>
        )}
      </Form>
    </Drawer>
  );
}
