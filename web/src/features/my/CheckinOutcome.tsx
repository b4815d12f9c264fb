// The big, plain answer of a check-in on a phone (success, late, already, or why not), shared by
// every kind of check-in (project sessions, school-based research activities).
import { CheckCircleFilled, CloseCircleFilled, ExclamationCircleFilled } from '@ant-design/icons';
import { Typography } from 'antd';
import type { ReactNode } from 'react';

export const ICONS = {
  success: <CheckCircleFilled style={{ color: '#52c41a' }} />,
  late: <CheckCircleFilled style={{ color: '#fa8c16' }} />,
  warning: <ExclamationCircleFilled style={{ color: '#faad14' }} />,
  error: <CloseCircleFilled style={{ color: '#ff4d4f' }} />,
};

export function Outcome({
  kind,
  title,
  detail,
  note,
  code,
  actions,
}: {
  kind: keyof typeof ICONS;
  title: string;
  detail?: ReactNode;
  note?: string;
  code?: string;
  actions: ReactNode;
}) {
  return (
    <div style={{ textAlign: 'center', padding: '16px 0 0' }} data-testid="checkin-result" data-code={code}>
      <div style={{ fontSize: 80, lineHeight: 1, margin: '16px 0 20px' }} aria-hidden>
        {ICONS[kind]}
      </div>
      {/* the live region is a div: a heading may not take role="status" */}
      <div role="status">
        <Typography.Title level={2} style={{ margin: 0, fontSize: 26, lineHeight: 1.35 }}>
          {title}
        </Typography.Title>
      </div>
      {detail && <div style={{ marginTop: 16, fontSize: 17, textAlign: 'left', lineHeight: 1.6 }}>{detail}</div>}
      {note && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
          {note}
        </Typography.Paragraph>
      )}
      <div style={{ display: 'grid', gap: 12, marginTop: 28 }}>{actions}</div>
    </div>
  );
}
