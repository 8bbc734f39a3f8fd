import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';

/** The OpenAPI 3 document is generated from the route schemas; /openapi.json serves it, /docs renders it. */
export async function registerDocs(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Quick Commerce Deals API',
        version: '1.0.0',
        description:
          'Compare grocery prices across quick-commerce platforms, in plain language or with structured endpoints. ' +
          'Every error has the body {error_code, message, details, suggestions, timestamp}.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'An API key from `qcd keys create`.' },
          apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
        },
      },
      security: [{ bearer: [] }, { apiKey: [] }, {}],
    },
  });
  // staticCSP: the UI's own Content-Security-Policy (helmet's default would block its inline bootstrap).
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
