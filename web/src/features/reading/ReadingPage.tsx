// 读书活动 for the county and schools: the year's reading list (the county publishes it; every list
// shows how many teachers in scope read each book), the teachers' reading notes to review, and the
// county's selection of outstanding readers and schools from the records. Year and tab in the URL.
import { Select, Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { accessOf } from '../../access';
import { FilterBar, PageHeader } from '../../components/PageHeader';
import { useUrlQuery } from '../../components/useUrlQuery';
import { useMe } from '../auth/auth.api';
import { AwardsTab } from './AwardsTab';
import { BooksTab } from './BooksTab';
import { NotesTab } from './NotesTab';

const TABS = ['books', 'notes', 'awards'] as const;
const thisYear = () => new Date().getFullYear();

export default function ReadingPage() {
  const { t } = useTranslation('reading');
  const access = accessOf(useMe().data);
  const uq = useUrlQuery();
  const year = uq.num('year') ?? thisYear();
  const review = access.can('reading.review');
  const tabs = TABS.filter((k) => k === 'books' || review);
  const tab = tabs.find((k) => k === uq.str('tab')) ?? 'books';
  const years = Array.from({ length: 5 }, (_, i) => thisYear() + 1 - i).map((y) => ({ value: y, label: String(y) }));

  return (
    <div>
      <PageHeader title={t('admin.title')} sub={t('admin.sub')} />
      <FilterBar>
        <Select
          value={year}
          options={years}
          onChange={(v) => uq.set({ year: v })}
          style={{ width: 100 }}
          aria-label={t('admin.year')}
        />
      </FilterBar>
      <Tabs
        activeKey={tab}
        onChange={(k) => uq.set({ tab: k === 'books' ? undefined : k })}
        items={tabs.map((k) => ({
          key: k,
          label: t(`admin.tab.${k}`),
          children:
            k === 'books' ? (
              <BooksTab year={year} />
            ) : k === 'notes' ? (
              <NotesTab year={year} />
            ) : (
              <AwardsTab year={year} />
            ),
        }))}
      />
    </div>
  );
}
