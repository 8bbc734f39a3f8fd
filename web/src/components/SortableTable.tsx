import { type ReactNode, useMemo, useState } from 'react';

export interface Column<Row> {
  key: string;
  label: string;
  /** The value sorted on; columns without one are not sortable. */
  sortValue?: (row: Row) => string | number | boolean | null;
  render: (row: Row) => ReactNode;
  numeric?: boolean;
}

type Direction = 'ascending' | 'descending';

function compare(a: string | number | boolean | null, b: string | number | boolean | null): number {
  if (a === b) return 0;
  // Missing values sort last whatever the direction's sign.
  if (a === null) return 1;
  if (b === null) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b), 'en-IN', { numeric: true });
}

export function sortRows<Row>(
  rows: Row[],
  value: ((row: Row) => string | number | boolean | null) | undefined,
  direction: Direction,
): Row[] {
  if (!value) return rows;
  const sign = direction === 'ascending' ? 1 : -1;
  return [...rows].sort((x, y) => {
    const a = value(x);
    const b = value(y);
    if (a === null || b === null) return compare(a, b);
    return sign * compare(a, b);
  });
}

/** A table whose sortable headers are buttons (keyboard-usable) and announce their order with aria-sort. */
export function SortableTable<Row>({
  caption,
  columns,
  rows,
  rowKey,
  highlight,
}: {
  caption: string;
  columns: Column<Row>[];
  rows: Row[];
  rowKey: (row: Row, index: number) => string;
  highlight?: (row: Row) => boolean;
}) {
  const [sort, setSort] = useState<{ key: string; direction: Direction } | null>(null);
  const sorted = useMemo(() => {
    const column = columns.find((c) => c.key === sort?.key);
    return sort ? sortRows(rows, column?.sortValue, sort.direction) : rows;
  }, [rows, columns, sort]);
  const toggle = (key: string) =>
    setSort((previous) =>
      previous?.key === key
        ? { key, direction: previous.direction === 'ascending' ? 'descending' : 'ascending' }
        : { key, direction: 'ascending' },
    );
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be focusable to scroll by keyboard.
    <section className="table-scroll" aria-label={caption} tabIndex={0}>
      <table>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <th
                key={column.key}
                scope="col"
                className={column.numeric ? 'numeric' : undefined}
                aria-sort={sort?.key === column.key ? sort.direction : undefined}
              >
                {column.sortValue ? (
                  <button type="button" className="sort" onClick={() => toggle(column.key)}>
                    {column.label}
                    <span aria-hidden="true" className="sort-mark">
                      {sort?.key === column.key ? (sort.direction === 'ascending' ? '▲' : '▼') : '↕'}
                    </span>
                  </button>
                ) : (
                  column.label
                )}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {sorted.map((row, index) => (
            <tr key={rowKey(row, index)} className={highlight?.(row) ? 'best' : undefined}>
              {columns.map((column) => (
                <td key={column.key} className={column.numeric ? 'numeric' : undefined}>
                  {column.render(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
