// Colours the evaluation pages share.
import type { Grade } from '@shixun/common';

export const GRADE_COLOR: Record<Grade, string> = { 优秀: 'green', 合格: 'blue', 不合格: 'red' };
export const EVALUATION_STATUS_COLOR = { draft: 'default', computed: 'orange', published: 'green' } as const;
