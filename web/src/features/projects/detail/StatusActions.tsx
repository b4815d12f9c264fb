// The project's allowed next statuses as buttons (forward moves primary); each asks for
// confirmation with an optional reason, and shows the server's refusal (409) in the dialog.
import { ArrowRightOutlined, RollbackOutlined } from '@ant-design/icons';
import { PROJECT_STATUSES, type ProjectDetail, type ProjectStatus } from '@shixun/common';
import { Alert, App, Button, Grid, Input, Modal, Space, Steps, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { STATUS_COLOR, useProjectLabels } from '../labels';
import { useChangeStatus } from '../projects.api';

const order = (s: ProjectStatus) => PROJECT_STATUSES.indexOf(s);

export function StatusActions({ project }: { project: ProjectDetail }) {
  const { t } = useTranslation('projects');
  const { message } = App.useApp();
  const labels = useProjectLabels();
  const screens = Grid.useBreakpoint();
  const change = useChangeStatus(project.id);
  const [target, setTarget] = useState<ProjectStatus | null>(null);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const from = project.status;
  const forward = project.nextStatuses.filter((s) => order(s) > order(from));
  const backward = project.nextStatuses.filter((s) => order(s) < order(from));

  const open = (s: ProjectStatus) => {
    setTarget(s);
    setReason('');
    setError(null);
  };

  const submit = async () => {
    if (!target) return;
    setError(null);
    try {
      await change.mutateAsync({ to: target, reason: reason.trim() || undefined });
      message.success(t('status.changed', { status: labels.status(target) }));
      setTarget(null);
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const back = target ? order(target) < order(from) : false;
  const current = order(from);

  return (
    <div style={{ marginTop: 12, paddingTop: 12, borderTop: '1px solid #f0f0f0' }}>
      <div
        style={{ display: 'flex', flexWrap: 'wrap', gap: 12, alignItems: 'center', justifyContent: 'space-between' }}
      >
        {screens.md && (
          <div style={{ flex: '1 1 520px', minWidth: 0, overflowX: 'auto' }}>
            <Steps
              size="small"
              current={current}
              status={from === 'closed' ? 'finish' : 'process'}
              items={PROJECT_STATUSES.map((s) => ({ title: labels.status(s) }))}
              style={{ minWidth: 520 }}
            />
          </div>
        )}
        <Space wrap>
          {forward.map((s) => (
            <Button
              key={s}
              type="primary"
              icon={<ArrowRightOutlined />}
              onClick={() => open(s)}
              data-testid={`status-${s}`}
            >
              {t(`move.${from}.${s}`, { defaultValue: labels.status(s) })}
            </Button>
          ))}
          {backward.map((s) => (
            <Button key={s} icon={<RollbackOutlined />} onClick={() => open(s)} data-testid={`status-${s}`}>
              {t(`move.${from}.${s}`, { defaultValue: labels.status(s) })}
            </Button>
          ))}
        </Space>
      </div>
      <Modal
        open={target !== null}
        title={target ? t(`move.${from}.${target}`, { defaultValue: labels.status(target) }) : ''}
        onCancel={() => setTarget(null)}
        onOk={submit}
        okText={t('common:action.confirm')}
        confirmLoading={change.isPending}
        okButtonProps={{ danger: back, 'data-testid': 'status-confirm' } as never}
        destroyOnHidden
      >
        {target && (
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Space wrap>
              <Tag color={STATUS_COLOR[from]}>{labels.status(from)}</Tag>
              <ArrowRightOutlined />
              <Tag color={STATUS_COLOR[target]}>{labels.status(target)}</Tag>
            </Space>
            <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
              {t(`moveHint.${target}`, { defaultValue: '' })}
            </Typography.Paragraph>
            <Input.TextArea
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              maxLength={200}
              rows={2}
              placeholder={back ? t('status.reasonBack') : t('status.reasonOptional')}
            />
            {error && <Alert type="error" showIcon title={error} />}
          </Space>
        )}
      </Modal>
    </div>
  );
}
