import type { FastifyInstance } from 'fastify';
import type { Services } from '../../app/services.ts';
import { CityName, jsonBody, withErrors } from '../schemas.ts';

interface QueryBody {
  query: string;
  user_id?: string;
  context?: { city?: string; pincode?: string };
  max_results?: number;
}

const Body = jsonBody({
  type: 'object',
  properties: {
    query: {
      type: 'string',
      minLength: 1,
      maxLength: 500,
      description: 'The question, e.g. "cheapest amul butter in Mumbai".',
    },
    user_id: {
      type: 'string',
      maxLength: 64,
      pattern: '^[A-Za-z0-9_-]+$',
      description: 'Opaque id of the asking user (accepted for clients; not stored).',
    },
    context: {
      type: 'object',
      properties: { city: CityName, pincode: { type: 'string', pattern: '^[0-9]{6}$' } },
      additionalProperties: false,
    },
    max_results: { type: 'integer', minimum: 1, maximum: 100 },
  },
  required: ['query'],
  additionalProperties: false,
});

const Cell = { type: ['string', 'number', 'boolean', 'null'] } as const;

const QueryResponse = {
  type: 'object',
  properties: {
    query: { type: 'string' },
    results: { type: 'array', items: { type: 'object', additionalProperties: Cell } },
    total_results: { type: 'integer' },
    execution_time: { type: 'number', description: 'Milliseconds.' },
    relevant_tables: { type: 'array', items: { type: 'string' } },
    cached: { type: 'boolean' },
    suggestions: { type: 'array', items: { type: 'string' } },
    sql: {
      type: ['object', 'null'],
      description:
        'The SQL that ran and its parameters. A basket answer runs several fixed statements: text has them in order (separated by ;) and params one list per statement.',
      properties: { text: { type: 'string' }, params: { type: 'array', items: {} } },
    },
    explanation: { type: 'string' },
    answer: { type: 'string' },
    interpretation: { description: 'How the question was understood (intent, entities, filters).' },
  },
  required: [
    'query',
    'results',
    'total_results',
    'execution_time',
    'relevant_tables',
    'cached',
    'suggestions',
  ],
} as const;

export function registerQueryRoutes(app: FastifyInstance, services: Services): void {
  app.post<{ Body: QueryBody }>(
    '/api/v1/query',
    {
      config: { access: 'read' },
      schema: {
        tags: ['query'],
        summary: 'Answer a grocery price question in plain language',
        body: Body,
        response: withErrors({ 200: QueryResponse }),
      },
    },
    (request) =>
      services.nlq.ask(
        request.body.query,
        { ...request.body.context, max_results: request.body.max_results },
        { apiKeyId: request.principal?.keyId ?? null },
      ),
  );
}
