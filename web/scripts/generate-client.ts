/** `npm run web:client`: regenerates web/src/api/schema.ts from the API's live OpenAPI document. */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from '../../src/api/app.ts';
import { createServices } from '../../src/app/services.ts';
import { parseEnv } from '../../src/config/env.ts';
import { createLogger } from '../../src/shared/logger.ts';
import { type OpenApiDocument, openApiToTs } from './openapi-to-ts.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const SCHEMA_FILE = 'web/src/api/schema.ts';

/** The OpenAPI document exactly as the API serves it, from an app over an empty in-memory database. */
export async function liveOpenApiDocument(): Promise<OpenApiDocument> {
  const env = parseEnv({ DATABASE_URL: 'memory://', LOG_LEVEL: 'silent', QCD_DEMO_ON_START: 'false' });
  const services = await createServices(env, { logger: createLogger('silent') });
  try {
    const app = await buildApp(services);
    await app.ready();
    const document = app.swagger() as unknown as OpenApiDocument;
    await app.close();
    return document;
  } finally {
    await services.close();
  }
}

/** The schema module's text, formatted by the project's Biome settings as if it were the committed file. */
export async function generateClientSource(): Promise<string> {
  const source = openApiToTs(await liveOpenApiDocument());
  return execFileSync(join(ROOT, 'node_modules/.bin/biome'), ['format', `--stdin-file-path=${SCHEMA_FILE}`], {
    cwd: ROOT,
    input: source,
    encoding: 'utf8',
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(join(ROOT, SCHEMA_FILE), await generateClientSource());
  console.log(`wrote ${SCHEMA_FILE}`);
}
