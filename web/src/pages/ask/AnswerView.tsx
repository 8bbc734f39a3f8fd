import { useMemo } from 'react';
import { type Column, SortableTable } from '../../components/SortableTable.tsx';
import { Empty, Suggestions } from '../../components/states.tsx';
import { columnLabel, formatCell, inr, number, percent } from '../../format.ts';
import { Link } from '../../router.tsx';
import type { QueryAnswer } from './AskPage.tsx';
import { bestDeal, type Row, resultColumns } from './best-deal.ts';

function interpretedIr(interpretation: unknown): unknown {
  return interpretation && typeof interpretation === 'object' && 'ir' in interpretation
    ? (interpretation as { ir: unknown }).ir
    : interpretation;
}

export function AnswerView({
  answer,
  onSuggestion,
}: {
  answer: QueryAnswer;
  onSuggestion: (q: string) => void;
}) {
  const rows = answer.results as Row[];
  const best = useMemo(() => bestDeal(rows), [rows]);
  const columns = useMemo<Column<Row>[]>(
    () =>
      resultColumns(rows).map((key) => ({
        key,
        label: columnLabel(key),
        numeric: rows.some((r) => typeof r[key] === 'number'),
        sortValue: (row) => row[key] ?? null,
        render: (row) =>
          key === 'product' && typeof row.product_id === 'number' ? (
            <Link to={`/product/${row.product_id}`}>{formatCell(key, row[key] ?? null)}</Link>
          ) : (
            formatCell(key, row[key] ?? null)
          ),
      })),
    [rows],
  );

  return (
    <article className="answer" aria-labelledby="answer-text">
      <p id="answer-text" className="answer-text">
        {answer.answer ?? answer.explanation}
      </p>
      <p className="badges">
        <span className="badge" title="Time the server spent answering">
          {number(answer.execution_time)} ms
        </span>
        <span className={`badge ${answer.cached ? 'cached' : 'fresh'}`}>
          {answer.cached ? 'cached' : 'fresh'}
        </span>
        <span className="badge">
          {answer.total_results} result{answer.total_results === 1 ? '' : 's'}
        </span>
      </p>
      {best && best.saving > 0 && (
        <p className="best-deal" data-testid="best-deal">
          Best deal: <strong>{String(best.row.platform ?? best.row.product ?? '')}</strong> at{' '}
          <strong>{inr(best.row.price as number)}</strong> — you save <strong>{inr(best.saving)}</strong> (
          {percent(best.savingPercent)}) against {best.against === 'dearest' ? 'the dearest platform' : 'MRP'}
          .
        </p>
      )}
      {rows.length > 0 ? (
        <SortableTable
          caption="Results"
          columns={columns}
          rows={rows}
          rowKey={(row, index) => `${row.product_id ?? ''}-${row.platform_slug ?? ''}-${index}`}
          highlight={(row) => row === best?.row}
        />
      ) : (
        <Empty>No rows matched. Try a broader question or another city.</Empty>
      )}
      {answer.explanation && <p className="explanation">{answer.explanation}</p>}
      {answer.suggestions.length > 0 && (
        <Suggestions items={answer.suggestions} onPick={onSuggestion} label="Did you mean" />
      )}
      <details className="sql-panel">
        <summary>Show SQL</summary>
        <h3>Tables used</h3>
        <p>{answer.relevant_tables.join(', ') || '—'}</p>
        <h3>Interpreted question</h3>
        <pre>{JSON.stringify(interpretedIr(answer.interpretation), null, 2)}</pre>
        {answer.sql && (
          <>
            <h3>SQL</h3>
            <pre>{answer.sql.text}</pre>
            <h3>Parameters</h3>
            <pre>{JSON.stringify(answer.sql.params)}</pre>
          </>
        )}
      </details>
    </article>
  );
}
