// 读书活动 on a teacher's phone: the county's reading list for the year (add a book to one's shelf
// with a tap), any other book, one's shelf with "finished" and reading notes (at least a few lines,
// with the school's or county's rating when reviewed), and an award when selected. Plain markup and
// a few antd pieces: no tables, no charts.
import { BookOutlined, CheckOutlined, TrophyOutlined } from '@ant-design/icons';
import { type Book, NOTE_MIN_CHARS, type ReadingLog } from '@shixun/common';
import { App, Button, Empty, Input, Spin } from 'antd';
import { type CSSProperties, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PageError } from '../../components/PageState';
import { bjDate, bjToday, bjYear } from '../school-research/my-shared';
import { useAddLog, useAddNote, useBooks, useFinishLog, useMyReading } from './reading.api';

const card: CSSProperties = { background: '#fff', borderRadius: 8, padding: '14px 16px', border: '1px solid #eef0f3' };
const h2: CSSProperties = { fontSize: 16, margin: '20px 0 8px' };
const muted: CSSProperties = { color: '#595959', fontSize: 13 };
const RATING_COLORS: Record<string, [string, string]> = {
  优秀: ['#fff7e6', '#ad4e00'],
  良好: ['#e6f4ff', '#0950a0'],
  合格: ['#f5f5f5', '#434343'],
};

export default function MyReadingPage() {
  const { t } = useTranslation('reading');
  const year = bjYear();
  const mine = useMyReading(year);
  const books = useBooks(year);

  if (mine.error && !mine.data) return <PageError error={mine.error} onRetry={() => mine.refetch()} />;
  if (!mine.data) {
    return (
      <div style={{ padding: 48, textAlign: 'center' }}>
        <Spin />
      </div>
    );
  }
  const shelf = mine.data.logs;
  const onShelf = new Set(shelf.map((l) => l.bookId).filter((id): id is number => id != null));

  return (
    <div style={{ maxWidth: 640 }}>
      <h1 style={{ fontSize: 20, margin: '0 0 4px' }}>{t('my.title')}</h1>
      <div style={{ ...muted, fontSize: 14, marginBottom: 12 }}>{t('my.sub', { year })}</div>
      {mine.data.awards.map((a) => (
        <div
          key={a.kind}
          style={{ ...card, background: '#fffbe6', borderColor: '#ffe58f', marginBottom: 12 }}
          data-testid="my-reading-award"
        >
          <TrophyOutlined style={{ color: '#ad6800' }} /> {t('my.awarded', { year, kind: t(`awardKind.${a.kind}`) })}
          {a.citation && <div style={{ ...muted, marginTop: 4 }}>{a.citation}</div>}
        </div>
      ))}
      <div style={{ ...card, display: 'flex', gap: 12 }} data-testid="my-reading-totals">
        <Figure label={t('my.books')} value={shelf.length} />
        <Figure label={t('my.finished')} value={mine.data.finished} />
        <Figure label={t('my.notes')} value={mine.data.notes} />
      </div>

      <h2 style={h2}>{t('my.shelf')}</h2>
      {shelf.length === 0 ? (
        <div style={card}>
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('my.shelfEmpty')} />
        </div>
      ) : (
        <div style={{ display: 'grid', gap: 10 }}>
          {shelf.map((l) => (
            <LogCard key={l.id} log={l} />
          ))}
        </div>
      )}

      <h2 style={h2}>{t('my.list', { year })}</h2>
      {books.error && !books.data ? (
        <PageError error={books.error} onRetry={() => books.refetch()} />
      ) : !books.data ? (
        <Spin />
      ) : books.data.items.length === 0 ? (
        <div style={{ ...card, ...muted }}>{t('my.listEmpty')}</div>
      ) : (
        <div style={{ display: 'grid', gap: 8 }}>
          {books.data.items.map((b) => (
            <ListBook key={b.id} book={b} added={onShelf.has(b.id)} />
          ))}
        </div>
      )}

      <h2 style={h2}>{t('my.other')}</h2>
      <OtherBook />
    </div>
  );
}

function Figure({ label, value }: { label: string; value: number }) {
  return (
    <div style={{ flex: 1, textAlign: 'center' }}>
      <div style={{ fontSize: 24, fontWeight: 700 }}>{value}</div>
      <div style={muted}>{label}</div>
    </div>
  );
}

function ListBook({ book, added }: { book: Book; added: boolean }) {
  const { t } = useTranslation('reading');
  const { message } = App.useApp();
  const add = useAddLog();
  return (
    <div style={{ ...card, display: 'flex', gap: 12, alignItems: 'center' }} data-testid={`reading-book-${book.id}`}>
      <div style={{ flex: 1, minWidth: 0 }}>
        <div style={{ fontWeight: 600, overflowWrap: 'anywhere' }}>
          <BookOutlined /> 《{book.title}》
        </div>
        {book.author && <div style={muted}>{book.author}</div>}
        {book.note && <div style={{ ...muted, marginTop: 2 }}>{book.note}</div>}
      </div>
      {added ? (
        <span style={{ color: '#237804', whiteSpace: 'nowrap' }}>
          <CheckOutlined /> {t('my.onShelf')}
        </span>
      ) : (
        <Button
          loading={add.isPending}
          onClick={() =>
            add.mutate(
              { bookId: book.id },
              { onSuccess: () => message.success(t('my.added')), onError: (e) => message.error(e.message) },
            )
          }
        >
          {t('my.add')}
        </Button>
      )}
    </div>
  );
}

function OtherBook() {
  const { t } = useTranslation('reading');
  const { message } = App.useApp();
  const add = useAddLog();
  const [title, setTitle] = useState('');
  const [author, setAuthor] = useState('');
  return (
    <div style={{ ...card, display: 'grid', gap: 8 }}>
      <Input
        value={title}
        onChange={(e) => setTitle(e.target.value)}
        placeholder={t('my.titlePlaceholder')}
        maxLength={80}
        aria-label={t('my.bookTitle')}
        data-testid="reading-other-title"
      />
      <Input
        value={author}
        onChange={(e) => setAuthor(e.target.value)}
        placeholder={t('my.authorPlaceholder')}
        maxLength={60}
        aria-label={t('my.author')}
      />
      <Button
        type="primary"
        disabled={!title.trim()}
        loading={add.isPending}
        onClick={() =>
          add.mutate(
            { title: title.trim(), author: author.trim() || null },
            {
              onSuccess: () => {
                setTitle('');
                setAuthor('');
                message.success(t('my.added'));
              },
              onError: (e) => message.error(e.message),
            },
          )
        }
        data-testid="reading-other-add"
      >
        {t('my.addOther')}
      </Button>
    </div>
  );
}

function LogCard({ log }: { log: ReadingLog }) {
  const { t, i18n } = useTranslation('reading');
  const { message } = App.useApp();
  const finish = useFinishLog();
  const addNote = useAddNote();
  const [writing, setWriting] = useState(false);
  const [text, setText] = useState('');
  const chars = text.trim().length;
  return (
    <div style={card} data-testid={`reading-log-${log.id}`}>
      <div style={{ display: 'flex', gap: 8, alignItems: 'baseline', justifyContent: 'space-between' }}>
        <div style={{ fontWeight: 600, fontSize: 16, overflowWrap: 'anywhere', minWidth: 0 }}>《{log.title}》</div>
        {log.finishedOn ? (
          <span style={{ color: '#237804', whiteSpace: 'nowrap', fontSize: 13 }}>
            <CheckOutlined /> {t('my.finishedOn', { date: bjDate(`${log.finishedOn}T12:00:00+08:00`, i18n.language) })}
          </span>
        ) : (
          <Button
            size="small"
            loading={finish.isPending}
            onClick={() =>
              finish.mutate({ id: log.id, finishedOn: bjToday() }, { onError: (e) => message.error(e.message) })
            }
            data-testid={`reading-finish-${log.id}`}
          >
            {t('my.finish')}
          </Button>
        )}
      </div>
      {log.author && <div style={muted}>{log.author}</div>}
      {log.notes.map((n) => {
        const [bg, fg] = n.rating ? RATING_COLORS[n.rating]! : ['', ''];
        return (
          <div key={n.id} style={{ borderTop: '1px solid #f0f0f0', marginTop: 10, paddingTop: 8 }}>
            <div style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', lineHeight: 1.7 }}>{n.body}</div>
            <div style={{ ...muted, marginTop: 4, display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'center' }}>
              <span>{bjDate(n.createdAt, i18n.language)}</span>
              {n.rating ? (
                <span style={{ background: bg, color: fg, borderRadius: 4, padding: '0 6px' }}>
                  {t('my.rated', { rating: t(`rating.${n.rating}`) })}
                </span>
              ) : (
                <span>{t('my.notReviewed')}</span>
              )}
            </div>
            {n.reviewComment && (
              <div style={{ ...muted, marginTop: 2 }}>{t('my.comment', { text: n.reviewComment })}</div>
            )}
          </div>
        );
      })}
      {writing ? (
        <div style={{ marginTop: 10, display: 'grid', gap: 8 }}>
          <Input.TextArea
            value={text}
            onChange={(e) => setText(e.target.value)}
            autoSize={{ minRows: 4, maxRows: 12 }}
            maxLength={5000}
            placeholder={t('my.notePlaceholder', { n: NOTE_MIN_CHARS })}
            aria-label={t('my.note')}
            data-testid={`reading-note-text-${log.id}`}
          />
          <div style={{ display: 'flex', gap: 8, alignItems: 'center' }}>
            <span style={{ ...muted, flex: 1 }}>
              {chars < NOTE_MIN_CHARS
                ? t('my.noteShort', { n: NOTE_MIN_CHARS - chars })
                : t('my.noteChars', { n: chars })}
            </span>
            <Button onClick={() => setWriting(false)}>{t('common:action.cancel')}</Button>
            <Button
              type="primary"
              disabled={chars < NOTE_MIN_CHARS}
              loading={addNote.isPending}
              onClick={() =>
                addNote.mutate(
                  { logId: log.id, body: text.trim() },
                  {
                    onSuccess: () => {
                      setText('');
                      setWriting(false);
                      message.success(t('my.noteSaved'));
                    },
                    onError: (e) => message.error(e.message),
                  },
                )
              }
              data-testid={`reading-note-save-${log.id}`}
            >
              {t('my.saveNote')}
            </Button>
          </div>
        </div>
      ) : (
        <Button
          type="link"
          style={{ padding: 0, marginTop: 8 }}
          onClick={() => setWriting(true)}
          data-testid={`reading-note-${log.id}`}
        >
          {t('my.writeNote')}
        </Button>
      )}
    </div>
  );
}
