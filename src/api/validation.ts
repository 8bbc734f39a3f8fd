import type { FastifyServerOptions } from 'fastify';
import { STRICT_JSON } from './schemas.ts';

type AjvInstance = {
  opts: object;
  formats: Record<string, unknown>;
  compile(schema: object): unknown;
  addFormat(name: string, format: unknown): unknown;
  addKeyword(definition: object): unknown;
};

/**
 * `x-finite: true` on a number: Ajv lets Infinity through (a querystring "1e400" coerces to it), which must
 * never reach SQL as a limit or an id.
 */
function addFiniteKeyword(ajv: AjvInstance): void {
  ajv.addKeyword({
    keyword: 'x-finite',
    schemaType: 'boolean',
    validate: (required: boolean, data: unknown) => !required || Number.isFinite(Number(data)),
  });
}

/**
 * Fastify's Ajv coerces types, which querystrings and path params need (everything there is text), but a JSON
 * body must be taken as sent: `{"query": 123}` or `{"items": {…}}` are 400s, not "123" or a one-item array,
 * and unknown fields are errors rather than silently dropped. This Ajv plugin gives schemas marked with
 * jsonBody() a second, non-coercing instance of the same Ajv.
 */
function strictJsonBodies(ajv: AjvInstance): AjvInstance {
  addFiniteKeyword(ajv);
  const Ajv = ajv.constructor as new (options: object) => AjvInstance;
  let strict: AjvInstance | undefined;
  // Created on first use: Fastify adds the formats (ajv-formats) after running plugins.
  const strictInstance = () => {
    if (strict) return strict;
    strict = new Ajv({ ...ajv.opts, coerceTypes: false, removeAdditional: false });
    addFiniteKeyword(strict);
    for (const [name, format] of Object.entries(ajv.formats)) strict.addFormat(name, format);
    return strict;
  };
  const compile = ajv.compile.bind(ajv);
  ajv.compile = (schema: object) =>
    STRICT_JSON in schema ? strictInstance().compile(schema) : compile(schema);
  return ajv;
}

export const AJV_OPTIONS: FastifyServerOptions['ajv'] = { plugins: [strictJsonBodies as never] };
