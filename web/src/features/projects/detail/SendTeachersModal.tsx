// 登记选派教师: the county records the teachers it sent to an upper-level project (国培/省培/市州培),
// picked from the candidates (eligibility, hours, clashes shown), within the quota received.
import type { Candidate, ProjectDetail } from '@shixun/common';
import { App, Grid, Modal, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SchoolSelect } from '../../../components/SchoolSelect';
import { CandidateTable } from '../CandidateTable';
import { placesHeld } from '../labels';
import { useRecordSent } from '../projects.api';
import { RefusalAlert } from '../refusal';

export function SendTeachersModal({
  project: p,
  open,
  onClose,
}: {
  project: ProjectDetail;
  open: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation('projects');
  const { message } = App.useApp();
  const screens = Grid.useBreakpoint();
  const send = useRecordSent(p.id);
  const [schoolId, setSchoolId] = useState<number | undefined>();
  const [selected, setSelected] = useState<Candidate[]>([]);
  const [error, setError] = useState<unknown>(null);
  const limit = p.upperQuota ?? p.capacity;
  const remaining = limit != null ? Math.max(0, limit - placesHeld(p.participants)) : null;

  const submit = async () => {
    setError(null);
    try {
      const r = await send.mutateAsync(selected.map((c) => c.teacherId));
      message.success(t('participants.sent', { n: r.count }));
      setSelected([]);
      onClose();
    } catch (e) {
      setError(e);
    }
  };

  return (
    <Modal
      open={open}
      title={t('participants.recordSentTitle', { name: p.name })}
      onCancel={onClose}
      onOk={submit}
      okText={t('participants.recordSentOk', { n: selected.length })}
      okButtonProps={{ disabled: selected.length === 0, 'data-testid': 'sent-confirm' } as never}
      confirmLoading={send.isPending}
      width={screens.lg ? 1100 : '100%'}
      destroyOnHidden
    >
      <Space wrap style={{ marginBottom: 12 }}>
        <SchoolSelect value={schoolId} onChange={setSchoolId} style={{ width: 240, maxWidth: '100%' }} />
        <Typography.Text>
          {remaining != null
            ? t('participants.sentCounter', { n: selected.length, remaining: Math.max(0, remaining - selected.length) })
            : t('participants.sentCounterNoLimit', { n: selected.length })}
        </Typography.Text>
      </Space>
      <RefusalAlert error={error} />
      <CandidateTable
        projectId={p.id}
        schoolId={schoolId}
        showSchool
        selected={selected}
        onSelect={setSelected}
        remaining={remaining}
      />
    </Modal>
  );
}
