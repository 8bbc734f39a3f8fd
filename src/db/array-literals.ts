/**
 * Array parameters as PostgreSQL array literals. node-postgres escapes every element of a JavaScript array,
 * about ten times slower than a join for numbers, and the importer sends arrays of thousands of ids, prices
 * and times per statement. Arrays whose elements all need no quoting (finite numbers, booleans, nulls and
 * plain words such as ISO-8601 times, slugs and pincodes) are joined here; any other array is left to the
 * driver. The text is what node-postgres would send, without the quotes it puts around strings.
 */
export function withArrayLiterals(params: readonly unknown[]): unknown[] {
  return params.map((p) => (Array.isArray(p) ? (arrayLiteral(p) ?? p) : p));
}

const PLAIN_WORD = /^[\w:.+-]+$/;
const NULL_WORD = /^null$/i;

function arrayLiteral(values: readonly unknown[]): string | null {
  let out = '{';
  for (let i = 0; i < values.length; i += 1) {
    const v = values[i];
    let text: string;
    if (v === null || v === undefined) text = 'NULL';
    else if (typeof v === 'number') {
      if (!Number.isFinite(v)) return null;
      text = String(v);
    } else if (typeof v === 'boolean') text = v ? 'true' : 'false';
    else if (typeof v === 'string' && PLAIN_WORD.test(v) && !NULL_WORD.test(v)) text = v;
    else return null;
    out += i === 0 ? text : `,${text}`;
  }
  return `${out}}`;
}
