import type { FastifyInstance } from 'fastify';
import type { Services } from '../../app/services.ts';
import { readFeed } from '../../catalog/feed/read-feed.ts';
import { type ImportSummary, importFeed } from '../../catalog/import/import-feed.ts';
import { AppError, ErrorCode } from '../../shared/errors.ts';
import { withErrors } from '../schemas.ts';

const FEED_TYPES = ['application/x-ndjson', 'text/plain'];

const Rejections = {
  type: 'array',
  description: 'The first rejected lines (1-based line numbers) and why.',
  items: { type: 'object', properties: { line: { type: 'integer' }, reason: { type: 'string' } } },
} as const;

const Summary = {
  type: 'object',
  properties: {
    import_id: { type: 'integer' },
    status: { type: 'string', enum: ['completed'] },
    strict: { type: 'boolean' },
    lines: { type: 'integer' },
    accepted: { type: 'integer' },
    rejected: { type: 'integer' },
    rejections: Rejections,
    products_created: { type: 'integer' },
    listings_created: { type: 'integer' },
    price_points_added: { type: 'integer' },
    duration_ms: { type: 'integer' },
  },
  required: ['import_id', 'status', 'lines', 'accepted', 'rejected', 'rejections'],
} as const;

function present(s: ImportSummary) {
  return {
    import_id: s.importId,
    status: s.status,
    strict: s.strict,
    lines: s.lines,
    accepted: s.accepted,
    rejected: s.rejected,
    rejections: s.rejections,
    products_created: s.productsCreated,
    listings_created: s.listingsCreated,
    price_points_added: s.pricePointsAdded,
    duration_ms: s.durationMs,
  };
}

export function registerFeedRoutes(app: FastifyInstance, services: Services): void {
  // Feed bodies stay raw bytes: the feed reader splits and numbers the lines itself.
  app.addContentTypeParser(FEED_TYPES, { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  app.post<{ Body: Buffer; Querystring: { strict: boolean } }>(
    '/api/v1/feeds',
    {
      config: { access: 'admin' },
      bodyLimit: services.env.QCD_FEED_MAX_BYTES,
      schema: {
        tags: ['feeds'],
        summary: 'Import a price feed (JSON lines, see the price feed spec); admin key required',
        description:
          'Body: one JSON record per line (application/x-ndjson or text/plain). Lenient by default: bad lines ' +
          'are reported by line number and skipped. strict=true imports nothing if any line is bad (422).',
        consumes: FEED_TYPES,
        querystring: {
          type: 'object',
          properties: { strict: { type: 'boolean', default: false } },
          additionalProperties: false,
        },
        response: withErrors({ 200: Summary }),
      },
    },
    async (request) => {
      if (!Buffer.isBuffer(request.body) || request.body.length === 0) {
        throw new AppError(
          ErrorCode.BadRequest,
          'Send the feed as the body (application/x-ndjson or text/plain)',
          {
            suggestions: FEED_TYPES,
          },
        );
      }
      const summary = await importFeed(services.db, readFeed(request.body), {
        strict: request.query.strict,
        source: 'api',
        // Caches (here and in every instance) and the entity index learn of each batch as it commits.
        onBatchCommitted: services.onCatalogCommitted,
      });
      if (summary.status === 'rejected') {
        throw new AppError(
          ErrorCode.FeedRejected,
          `Strict import rejected: ${summary.rejected} bad line(s), nothing imported`,
          {
            details: { lines: summary.lines, rejected: summary.rejected, rejections: summary.rejections },
            hint: 'Fix the listed lines, or import without strict=true to skip them.',
          },
        );
      }
      return present(summary);
    },
  );
}
