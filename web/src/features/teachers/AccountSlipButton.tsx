// A teacher's account on the record: its state, and the button that prints the teacher's account
// slip (a one-time code). For an account already in use only the county may do this: it is a reset.
import { KeyOutlined } from '@ant-design/icons';
import type { AccountState } from '@shixun/common';
import { App, Button, Popconfirm } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { keepSlips } from '../accounts/slipStore';
import { useIssueSlips } from '../accounts/slips.api';

export function AccountSlipButton({
  teacherIds,
  state,
  countyAdmin,
  label,
  size = 'small',
}: {
  teacherIds: number[];
  /** One teacher's account state (for the single-teacher button); undefined for a selection. */
  state?: AccountState | null;
  countyAdmin: boolean;
  label?: string;
  size?: 'small' | 'middle';
}) {
  const { t } = useTranslation('teachers');
  const { message } = App.useApp();
  const navigate = useNavigate();
  const issue = useIssueSlips();
  const reset = state === 'active';
  if (reset && !countyAdmin) return null;
  if (state === null) return null;

  const run = async () => {
    try {
      const batch = await issue.mutateAsync({ teacherIds, reissue: reset || undefined });
      keepSlips(batch);
      if (batch.slips.length === 0) {
        message.warning(batch.skipped[0]?.reason ?? t('slip.nothing'));
        return;
      }
      navigate('/accounts/slips/print');
    } catch (e) {
      message.error((e as Error).message);
    }
  };

  return (
    <Popconfirm
      title={reset ? t('slip.resetConfirm') : t('slip.confirm', { n: teacherIds.length })}
      description={<div style={{ maxWidth: 280 }}>{reset ? t('slip.resetHint') : t('slip.hint')}</div>}
      okButtonProps={{ danger: reset }}
      disabled={teacherIds.length === 0}
      onConfirm={run}
    >
      <Button
        size={size}
        icon={<KeyOutlined />}
        loading={issue.isPending}
        disabled={teacherIds.length === 0}
        data-testid="teacher-slip"
      >
        {label ?? (reset ? t('slip.reset') : t('slip.print'))}
      </Button>
    </Popconfirm>
  );
}
