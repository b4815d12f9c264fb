// A password input with "generate" and "copy" buttons, used as a Form.Item control.
import { CopyOutlined, ThunderboltOutlined } from '@ant-design/icons';
import { App, Button, Input, Space, Tooltip } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { newPasswordRules } from '../auth/passwordPolicy';
import { generatePassword } from './password';

export function PasswordField({
  value,
  onChange,
  defaultVisible = false,
}: {
  value?: string;
  onChange?: (v: string) => void;
  /** show the text at first (a generated password the admin must pass on) */
  defaultVisible?: boolean;
}) {
  const { t } = useTranslation('accounts');
  const { message } = App.useApp();
  const [visible, setVisible] = useState(defaultVisible);

  return (
    <Space.Compact style={{ width: '100%' }}>
      <Input.Password
        value={value}
        onChange={(e) => onChange?.(e.target.value)}
        autoComplete="new-password"
        visibilityToggle={{ visible, onVisibleChange: setVisible }}
        data-testid="password-input"
      />
      <Tooltip title={t('password.generate')}>
        <Button
          icon={<ThunderboltOutlined />}
          aria-label={t('password.generate')}
          onClick={() => {
            onChange?.(generatePassword());
            setVisible(true);
          }}
        />
      </Tooltip>
      <Tooltip title={t('password.copy')}>
        <Button
          icon={<CopyOutlined />}
          aria-label={t('password.copy')}
          disabled={!value}
          onClick={async () => {
            try {
              await navigator.clipboard.writeText(value ?? '');
              message.success(t('password.copied'));
            } catch {
              message.warning(t('password.copyFailed'));
            }
          }}
        />
      </Tooltip>
    </Space.Compact>
  );
}

/** antd rules of the shared password policy (common/src/credentials.ts), with the account's username. */
export function passwordRules(t: (k: string) => string, username?: () => string | undefined) {
  return newPasswordRules(t('password.required'), () => ({ username: username?.() }));
}
