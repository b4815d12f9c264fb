// 青蓝工程 on a teacher's phone: the open two-way choice rounds of their school and consortium
// (a new or young teacher chooses a mentor; any serving teacher may offer to mentor), what they
// chose and what the school decided, and their pairs, each opening the activity log.
import type { MentoringMe } from '@shixun/common';
import { App, Button, Card, Empty, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { fmtDate } from '../../components/format';
import { PageHeader } from '../../components/PageHeader';
import { PageError, PageLoading } from '../../components/PageState';
import { Field, fieldStyle, InfoRow } from '../../components/PhoneFields';
import { useChoose, useMyMentoring, useOffer, useWithdrawChoice, useWithdrawOffer } from './mentoring.api';
import { PairStatusTag, useTerm } from './shared';

type Round = MentoringMe['rounds'][number];

export default function MyMentoringPage() {
  const { t } = useTranslation('mentoring');
  const term = useTerm();
  const me = useMyMentoring();
  const header = <PageHeader title={t('my.title')} sub={t('my.sub')} />;
  if (me.isLoading) return <PageLoading />;
  if (me.error || !me.data)
    return (
      <div>
        {header}
        <PageError error={me.error} onRetry={() => me.refetch()} />
      </div>
    );
  const d = me.data;
  return (
    <div style={{ maxWidth: 760 }}>
      {header}
      <Typography.Title level={5}>{t('my.pairs')}</Typography.Title>
      {d.pairs.length === 0 ? (
        <Card size="small" style={{ marginBottom: 16 }}>
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('my.noPairs')} />
        </Card>
      ) : (
        <div style={{ display: 'grid', gap: 12, marginBottom: 16 }}>
          {d.pairs.map((p) => {
            const other = p.myRole === 'mentee' ? p.mentor : p.mentee;
            return (
              <Link key={p.id} to={`/my/mentoring/${p.id}`} data-testid={`my-pair-${p.id}`}>
                <Card size="small" hoverable styles={{ body: { padding: 16 } }}>
                  <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
                    <Typography.Text strong style={{ fontSize: 16 }}>
                      {p.myRole === 'mentee'
                        ? t('my.myMentor', { name: other.name })
                        : t('my.myMentee', { name: other.name })}
                    </Typography.Text>
                    <PairStatusTag status={p.status} />
                  </div>
                  <div style={{ marginTop: 6, color: 'rgba(0,0,0,.65)' }}>
                    <InfoRow label={t('col.term')}>{term(p)}</InfoRow>
                    <InfoRow label={t('col.logs')}>
                      {t('pair.logsValue', { n: p.logCount, hours: p.logHours })}
                      {p.lastLogOn ? ` · ${t('pair.lastLog', { date: fmtDate(p.lastLogOn) })}` : ''}
                    </InfoRow>
                  </div>
                  {p.excellentYear && (
                    <Tag color="gold" style={{ marginTop: 6 }}>
                      {t('pair.excellentTag', { year: p.excellentYear })}
                    </Tag>
                  )}
                </Card>
              </Link>
            );
          })}
        </div>
      )}
      <Typography.Title level={5}>{t('my.rounds')}</Typography.Title>
      {d.rounds.length === 0 ? (
        <Card size="small">
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('my.noRounds')} />
        </Card>
      ) : (
        <div style={{ display: 'grid', gap: 12 }}>
          {d.rounds.map((r) => (
            <RoundCard key={r.id} r={r} menteeProblem={d.menteeProblem} />
          ))}
        </div>
      )}
    </div>
  );
}

function RoundCard({ r, menteeProblem }: { r: Round; menteeProblem: string | null }) {
  const { t } = useTranslation('mentoring');
  const { message } = App.useApp();
  const choose = useChoose();
  const withdrawChoice = useWithdrawChoice();
  const withdrawOffer = useWithdrawOffer();
  const [offering, setOffering] = useState(false);
  const open = r.status === 'open';
  const run = async (f: () => Promise<unknown>, ok: string) => {
    try {
      await f();
      message.success(ok);
    } catch (e) {
      message.error((e as Error).message);
    }
  };
  const others = r.offerList.filter((o) => !o.mine);
  /** No choice in this round, or one the school declined or the teacher withdrew. */
  const choiceSettled = !r.myChoice || r.myChoice.status === 'declined' || r.myChoice.status === 'withdrawn';
  const canChoose = open && !menteeProblem && r.myOfferId == null && choiceSettled;

  return (
    <Card size="small" styles={{ body: { padding: 16 } }} data-testid={`round-${r.id}`}>
      <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8, alignItems: 'flex-start' }}>
        <Typography.Text strong style={{ fontSize: 16 }}>
          {r.title}
        </Typography.Text>
        <Tag color={open ? 'green' : 'default'} style={{ marginInlineEnd: 0 }}>
          {t(`round.${r.status}`)}
        </Tag>
      </div>
      <div style={{ color: 'rgba(0,0,0,.65)', marginTop: 4 }}>
        {r.ownerName} · {t('round.closesOnValue', { date: fmtDate(r.closesOn) })}
      </div>
      {r.note && <Typography.Paragraph style={{ margin: '8px 0 0' }}>{r.note}</Typography.Paragraph>}

      {r.myChoice && (
        <div
          style={{ marginTop: 12, padding: 12, background: '#f6ffed', borderRadius: 6 }}
          data-testid={`my-choice-${r.myChoice.id}`}
        >
          {t(`my.choice.${r.myChoice.status}`, { name: r.myChoice.mentorName })}
          {r.myChoice.status === 'pending' && open && (
            <Button
              size="small"
              style={{ marginInlineStart: 8 }}
              onClick={() => run(() => withdrawChoice.mutateAsync(r.myChoice!.id), t('my.withdrawn'))}
            >
              {t('my.withdrawChoice')}
            </Button>
          )}
        </div>
      )}
      {r.myOfferId != null && (
        <div style={{ marginTop: 12, padding: 12, background: '#e6f4ff', borderRadius: 6 }}>
          {t('my.offered', {
            taken: r.offerList.find((o) => o.mine)?.taken ?? 0,
            capacity: r.offerList.find((o) => o.mine)?.capacity ?? 1,
          })}
          {open && (
            <Button
              size="small"
              style={{ marginInlineStart: 8 }}
              onClick={() => run(() => withdrawOffer.mutateAsync(r.myOfferId!), t('my.withdrawn'))}
            >
              {t('my.withdrawOffer')}
            </Button>
          )}
        </div>
      )}

      {canChoose && (
        <div style={{ marginTop: 12 }}>
          <Typography.Text type="secondary">{t('my.chooseHint')}</Typography.Text>
          {others.length === 0 ? (
            <div style={{ marginTop: 8, color: 'rgba(0,0,0,.45)' }}>{t('my.noOffersYet')}</div>
          ) : (
            <div style={{ display: 'grid', gap: 8, marginTop: 8 }}>
              {others.map((o) => {
                const full = o.taken >= o.capacity;
                return (
                  <div
                    key={o.id}
                    style={{ border: '1px solid #f0f0f0', borderRadius: 6, padding: 12 }}
                    data-testid={`offer-${o.id}`}
                  >
                    <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
                      <Typography.Text strong>{o.mentor.name}</Typography.Text>
                      <span style={{ color: 'rgba(0,0,0,.45)' }}>
                        {t('my.places', { left: Math.max(0, o.capacity - o.taken) })}
                      </span>
                    </div>
                    <div style={{ color: 'rgba(0,0,0,.65)' }}>
                      {[o.mentor.schoolName, o.mentor.subject, o.mentor.title].filter(Boolean).join(' · ')}
                    </div>
                    {o.note && <div style={{ marginTop: 4 }}>{o.note}</div>}
                    <Button
                      type="primary"
                      block
                      size="large"
                      style={{ marginTop: 8 }}
                      disabled={full}
                      loading={choose.isPending && choose.variables?.body.offerId === o.id}
                      onClick={() =>
                        run(
                          () => choose.mutateAsync({ roundId: r.id, body: { offerId: o.id } }),
                          t('my.chosen', { name: o.mentor.name }),
                        )
                      }
                      data-testid={`choose-${o.id}`}
                    >
                      {full ? t('my.full') : t('my.choose', { name: o.mentor.name })}
                    </Button>
                  </div>
                );
              })}
            </div>
          )}
        </div>
      )}
      {open && r.myOfferId == null && choiceSettled && (
        <div style={{ marginTop: 12 }}>
          {offering ? (
            <OfferForm roundId={r.id} onDone={() => setOffering(false)} />
          ) : (
            <Button
              block
              size="large"
              type={menteeProblem ? 'primary' : 'default'}
              onClick={() => setOffering(true)}
              data-testid={`offer-open-${r.id}`}
            >
              {t('my.offer')}
            </Button>
          )}
        </div>
      )}
    </Card>
  );
}

function OfferForm({ roundId, onDone }: { roundId: number; onDone: () => void }) {
  const { t } = useTranslation('mentoring');
  const { message } = App.useApp();
  const offer = useOffer();
  const [capacity, setCapacity] = useState(1);
  const [note, setNote] = useState('');
  return (
    <form
      onSubmit={async (e) => {
        e.preventDefault();
        try {
          await offer.mutateAsync({ roundId, body: { capacity, note: note.trim() || undefined } });
          message.success(t('my.offerDone'));
          onDone();
        } catch (err) {
          message.error((err as Error).message);
        }
      }}
    >
      <Field label={t('my.capacity')} htmlFor={`cap-${roundId}`}>
        <select
          id={`cap-${roundId}`}
          style={fieldStyle}
          value={capacity}
          onChange={(e) => setCapacity(Number(e.target.value))}
        >
          {[1, 2, 3, 4, 5].map((n) => (
            <option key={n} value={n}>
              {t('my.capacityValue', { n })}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t('my.offerNote')} htmlFor={`note-${roundId}`} hint={t('my.offerNoteHint')}>
        <textarea
          id={`note-${roundId}`}
          style={{ ...fieldStyle, minHeight: 72 }}
          maxLength={300}
          value={note}
          onChange={(e) => setNote(e.target.value)}
        />
      </Field>
      <div style={{ display: 'flex', gap: 8 }}>
        <Button size="large" style={{ flex: 1 }} onClick={onDone}>
          {t('common:action.cancel')}
        </Button>
        <Button size="large" type="primary" htmlType="submit" style={{ flex: 1 }} loading={offer.isPending}>
          {t('my.offerSubmit')}
        </Button>
      </div>
    </form>
  );
}
