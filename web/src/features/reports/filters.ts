// Filters the dashboard's drill-down lists share (list-page filter definitions, values as in the URL).
import type { ListFilter } from '../../components/list/ListPage';

export const thisYear = () => new Date().getFullYear();

/** The year: this year unless the URL says otherwise, back five years. */
export function yearFilter(label: string): ListFilter {
  return {
    type: 'select',
    name: 'year',
    label,
    width: 100,
    defaultValue: String(thisYear()),
    options: Array.from({ length: 6 }, (_, i) => thisYear() - i).map((y) => ({ value: String(y), label: String(y) })),
  };
}

/** A select over plain values. */
export function valueFilter(name: string, label: string, values: readonly string[], width = 120): ListFilter {
  return {
    type: 'select',
    name,
    label,
    width,
    showSearch: values.length > 10,
    options: values.map((v) => ({ value: v, label: v })),
  };
}

/** A URL value the page has no control for (it came with a figure): applied, counted, cleared by reset. */
export const urlOnly = (name: string): ListFilter => ({ type: 'select', name, label: name, hidden: true, options: [] });

/** A whole number from the URL, or undefined. */
export const num = (v: string | undefined) => (v && /^\d+$/.test(v) ? Number(v) : undefined);
