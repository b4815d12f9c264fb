// Colours the survey pages share.
import type { SurveyKind, SurveyStatus } from '@shixun/common';

export const STATUS_COLOR: Record<SurveyStatus, string> = {
  draft: 'default',
  published: 'green',
  closed: 'blue',
  superseded: 'default',
};
export const KIND_COLOR: Record<SurveyKind, string> = { needs: 'purple', competency: 'cyan', satisfaction: 'gold' };
