// One school in a computed evaluation, for the county: its manual items scored with evidence, and
// an adjustment of its score or grade with the reason on record (or undoing it). The one-vote veto
// is shown; the server refuses 优秀 for a vetoed school.
import { type Evaluation, type EvaluationResult, GRADES, type Grade, isManualKey, manualName } from '@shixun/common';
import {
  Alert,
  App,
  Button,
  Descriptions,
  Divider,
  Drawer,
  Form,
  Grid,
  Input,
  InputNumber,
  Select,
  Skeleton,
  Space,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { fmtDateTime } from '../../components/format';
import { useAdjust, useManualScore, useScorecard } from './evaluations.api';

export function SchoolScoreDrawer({
  evaluation,
  result,
  onClose,
}: {
  evaluation: Evaluation;
  result: EvaluationResult;
  onClose: () => void;
}) {
  const { t } = useTranslation('evaluations');
  const screens = Grid.useBreakpoint();
  const card = useScorecard(evaluation.id, result.schoolId);
  const c = card.data;
  const manualItems = evaluation.indicators.filter((i) => isManualKey(i.key));
  return (
    <Drawer
      open
      onClose={onClose}
      size={screens.md ? 560 : '100%'}
      title={t('drawer.title', { school: result.schoolName })}
      destroyOnHidden
    >
      {!c ? (
        <Skeleton active />
      ) : (
        <>
          <Descriptions size="small" column={1} bordered>
            <Descriptions.Item label={t('col.score')}>
              {c.score?.toFixed(2) ?? '—'}
              {c.adjustment && ` ${t('col.adjustedFrom', { score: c.computedScore?.toFixed(2) })}`}
            </Descriptions.Item>
            <Descriptions.Item label={t('col.grade')}>{c.grade ? t(`grade.${c.grade}`) : '—'}</Descriptions.Item>
            <Descriptions.Item label={t('col.rank')}>
              {c.rank ? t('card.rankOf', { rank: c.rank, size: c.groupSize, group: c.groupName }) : '—'}
            </Descriptions.Item>
          </Descriptions>
          {c.vetoed && (
            <Alert type="error" showIcon style={{ marginTop: 12 }} title={t('card.vetoed')} description={c.vetoNote} />
          )}
          <div style={{ marginTop: 8 }}>
            <Link to={`/evaluations/${evaluation.id}/schools/${result.schoolId}`}>{t('drawer.openCard')}</Link>
          </div>
          {manualItems.length > 0 && (
            <>
              <Divider titlePlacement="start">{t('drawer.manual')}</Divider>
              {manualItems.map((i) => (
                <ManualItem
                  key={i.key}
                  evaluationId={evaluation.id}
                  schoolId={result.schoolId}
                  item={manualName(i.key)}
                  current={c.indicators.find((x) => x.key === i.key)}
                />
              ))}
            </>
          )}
          <Divider titlePlacement="start">{t('drawer.adjust')}</Divider>
          <Adjust evaluationId={evaluation.id} schoolId={result.schoolId} adjustment={c.adjustment} vetoed={c.vetoed} />
        </>
      )}
    </Drawer>
  );
}

function ManualItem({
  evaluationId,
  schoolId,
  item,
  current,
}: {
  evaluationId: number;
  schoolId: number;
  item: string;
  current?: { value: number | null; evidence: string; scoredBy: string | null; scoredAt: string | null };
}) {
  const { t } = useTranslation('evaluations');
  const { message } = App.useApp();
  const [score, setScore] = useState<number | null>(current?.value ?? null);
  const [evidence, setEvidence] = useState(current?.value != null ? current.evidence : '');
  const save = useManualScore(evaluationId);
  return (
    <div style={{ marginBottom: 16 }} data-testid={`manual-${item}`}>
      <Typography.Text strong>{item}</Typography.Text>
      {current?.scoredBy && (
        <Typography.Text type="secondary" style={{ marginLeft: 8, fontSize: 12 }}>
          {t('drawer.scoredBy', { by: current.scoredBy, at: fmtDateTime(current.scoredAt) })}
        </Typography.Text>
      )}
      <div style={{ marginTop: 6 }}>
        <InputNumber
          min={0}
          max={100}
          value={score}
          onChange={(v) => setScore(v)}
          placeholder={t('drawer.score')}
          aria-label={t('drawer.scoreOf', { item })}
          style={{ width: 110 }}
        />
      </div>
      <Input.TextArea
        value={evidence}
        onChange={(e) => setEvidence(e.target.value)}
        placeholder={t('drawer.evidence')}
        aria-label={t('drawer.evidenceOf', { item })}
        autoSize={{ minRows: 2, maxRows: 6 }}
        maxLength={1000}
        style={{ marginTop: 6 }}
      />
      <Button
        style={{ marginTop: 6 }}
        loading={save.isPending}
        disabled={score == null}
        onClick={() =>
          save.mutate(
            { schoolId, body: { item, score: score ?? 0, evidence } },
            {
              onSuccess: () => message.success(t('drawer.scoreSaved', { item })),
              onError: (e) => message.error(e.message),
            },
          )
        }
      >
        {t('drawer.saveScore')}
      </Button>
    </div>
  );
}

function Adjust({
  evaluationId,
  schoolId,
  adjustment,
  vetoed,
}: {
  evaluationId: number;
  schoolId: number;
  adjustment: { score: number | null; grade: Grade | null; reason: string; by: string | null; at: string } | null;
  vetoed: boolean;
}) {
  const { t } = useTranslation('evaluations');
  const { message } = App.useApp();
  const [score, setScore] = useState<number | null>(adjustment?.score ?? null);
  const [grade, setGrade] = useState<Grade | null>(adjustment?.grade ?? null);
  const [reason, setReason] = useState(adjustment?.reason ?? '');
  const adjust = useAdjust(evaluationId);
  const send = (body: Parameters<typeof adjust.mutate>[0]['body']) =>
    adjust.mutate(
      { schoolId, body },
      {
        onSuccess: () => message.success(body ? t('drawer.adjusted') : t('drawer.undone')),
        onError: (e) => message.error(e.message),
      },
    );
  return (
    <Form layout="vertical" component="div">
      {adjustment && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('card.adjustedBy', { by: adjustment.by ?? '', at: fmtDateTime(adjustment.at) })}
          description={adjustment.reason}
        />
      )}
      <Space wrap>
        <Form.Item label={t('drawer.newScore')}>
          <InputNumber
            min={0}
            max={100}
            value={score}
            onChange={setScore}
            style={{ width: 120 }}
            aria-label={t('drawer.newScore')}
          />
        </Form.Item>
        <Form.Item label={t('drawer.newGrade')}>
          <Select
            allowClear
            value={grade}
            onChange={(v) => setGrade(v ?? null)}
            options={GRADES.map((g) => ({ value: g, label: t(`grade.${g}`), disabled: vetoed && g === '优秀' }))}
            style={{ width: 120 }}
            placeholder={t('drawer.byScore')}
            aria-label={t('drawer.newGrade')}
          />
        </Form.Item>
      </Space>
      <Form.Item label={t('drawer.reason')} required>
        <Input.TextArea
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          autoSize={{ minRows: 2, maxRows: 5 }}
          maxLength={500}
          placeholder={t('drawer.reasonHint')}
          aria-label={t('drawer.reason')}
        />
      </Form.Item>
      <Space>
        <Button
          type="primary"
          loading={adjust.isPending}
          disabled={(score == null && grade == null) || reason.trim().length < 4}
          onClick={() => send({ score, grade, reason })}
        >
          {t('drawer.saveAdjust')}
        </Button>
        {adjustment && (
          <Button danger onClick={() => send(null)} loading={adjust.isPending}>
            {t('drawer.undo')}
          </Button>
        )}
      </Space>
    </Form>
  );
}
