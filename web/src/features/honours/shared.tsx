// Small pieces the honours pages share: the tag of an honour's verification status.
import type { HonourStatus } from '@shixun/common';
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';

const COLORS: Record<HonourStatus, string> = { pending: 'orange', verified: 'green', rejected: 'red' };

export function HonourStatusTag({ status }: { status: HonourStatus }) {
  const { t } = useTranslation('honours');
  return (
    <Tag color={COLORS[status]} style={{ marginInlineEnd: 0 }}>
      {t(`status.${status}`)}
    </Tag>
  );
}
