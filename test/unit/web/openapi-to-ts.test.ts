import { describe, expect, it } from 'vitest';
import { openApiToTs, schemaToTs } from '../../../web/scripts/openapi-to-ts.ts';

describe('OpenAPI → TypeScript for the typed client', () => {
  it('maps the JSON Schema the routes use', () => {
    expect(schemaToTs({ type: 'string', nullable: true })).toBe('string | null');
    expect(schemaToTs({ type: 'string', enum: ['a', "b'c"] })).toBe("'a' | 'b\\'c'");
    expect(schemaToTs({ type: 'array', items: { type: 'integer' } })).toBe('Array<number>');
    expect(schemaToTs({ anyOf: [{ type: 'string' }, { type: 'number' }] })).toBe('string | number');
    // A type refined by format-only anyOf keeps its type.
    expect(schemaToTs({ type: 'string', anyOf: [{ format: 'date' } as never] })).toBe('string');
    expect(schemaToTs({})).toBe('unknown');
    expect(
      schemaToTs({
        type: 'object',
        properties: { id: { type: 'integer', description: 'The id.' }, 'x-y': { type: 'boolean' } },
        required: ['id'],
        additionalProperties: { type: 'string' },
      }),
    ).toBe("{\n  /** The id. */\n  id: number;\n  'x-y'?: boolean;\n  [key: string]: string;\n}");
  });

  it('lists each operation with its path, query, body and 200 response, and the error body', () => {
    const source = openApiToTs({
      paths: {
        '/items/{id}': {
          get: {
            summary: 'One item',
            parameters: [
              { in: 'path', name: 'id', required: true, schema: { type: 'integer' } },
              { in: 'query', name: 'q', schema: { type: 'string' } },
            ],
            responses: {
              200: { content: { 'application/json': { schema: { type: 'object', properties: {} } } } },
              '4XX': {
                content: {
                  'application/json': {
                    schema: { type: 'object', properties: { message: { type: 'string' } } },
                  },
                },
              },
            },
          },
        },
      },
    });
    expect(source).toContain("'GET /items/{id}': {");
    expect(source).toContain('path: {\n      id: number;\n    };');
    expect(source).toContain('query: {\n      q?: string;\n    };');
    expect(source).toContain('body: never;');
    expect(source).toContain('export type ErrorBody = {\n  message?: string;\n};');
  });
});
