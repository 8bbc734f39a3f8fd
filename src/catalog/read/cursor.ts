import { createHash } from 'node:crypto';
import { AppError, ErrorCode } from '../../shared/errors.ts';

/** Keyset position after the last row of a page: the sort value and the row id that breaks ties. */
export interface CursorPosition {
  value: number;
  id: number;
}

/**
 * Opaque page cursors: base64url JSON of the position plus a fingerprint of the filters, so a cursor is only
 * accepted for the query that produced it. Anything that does not decode to exactly that shape is a 400.
 */
export function encodeCursor(position: CursorPosition, filters: unknown): string {
  return Buffer.from(JSON.stringify({ v: position.value, i: position.id, f: fingerprint(filters) })).toString(
    'base64url',
  );
}

export function decodeCursor(cursor: string, filters: unknown): CursorPosition {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badCursor('it is not a cursor this API issued');
  }
  const c = parsed as { v?: unknown; i?: unknown; f?: unknown } | null;
  if (
    typeof c !== 'object' ||
    c === null ||
    typeof c.v !== 'number' ||
    !Number.isFinite(c.v) ||
    !Number.isSafeInteger(c.i) ||
    typeof c.f !== 'string'
  ) {
    throw badCursor('it is not a cursor this API issued');
  }
  if (c.f !== fingerprint(filters)) throw badCursor('it belongs to a query with different filters');
  return { value: c.v, id: c.i as number };
}

function fingerprint(filters: unknown): string {
  return createHash('sha256').update(JSON.stringify(filters)).digest('base64url').slice(0, 12);
}

function badCursor(reason: string): AppError {
  return new AppError(ErrorCode.BadRequest, `Invalid cursor: ${reason}`, {
    details: { parameter: 'cursor' },
    hint: 'Pass the next_cursor of the previous page unchanged, with the same filters, or omit it for the first page.',
  });
}
