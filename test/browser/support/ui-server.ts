import { readFeed } from '../../../src/catalog/feed/read-feed.ts';
import type { FeedRecord } from '../../../src/catalog/feed/records.ts';
import { importFeed } from '../../../src/catalog/import/import-feed.ts';
import { type RunningServer, startServer } from '../../../src/server.ts';
import { testEnv } from '../../support/api.ts';
import { lines } from '../../support/feed.ts';
import { fixturePath } from '../../support/fixtures.ts';
import { ensureWebBuilt } from './web-build.ts';

export interface UiServer {
  url: string;
  server: RunningServer;
  /** Imports feed records as a connector would, announcing the changes to the live stream and the cache. */
  importRecords(records: FeedRecord[]): Promise<void>;
  close(): Promise<void>;
}

/**
 * The real server process wiring (startServer: services, app with the built UI, listening on a free port)
 * over an in-memory PGlite holding the shared fixture, with the clock at the fixture's reference time.
 */
export async function startUiServer(): Promise<UiServer> {
  await ensureWebBuilt();
  const server = await startServer(testEnv({ PORT: '0', HOST: '127.0.0.1' }));
  const importRecords = async (records: FeedRecord[]) => {
    const summary = await importFeed(server.services.db, lines(records), {
      onBatchCommitted: server.services.onCatalogCommitted,
    });
    if (summary.rejected > 0) throw new Error(`rejected: ${JSON.stringify(summary.rejections)}`);
  };
  const fixture = await importFeed(server.services.db, readFeed(fixturePath()), {
    onBatchCommitted: server.services.onCatalogCommitted,
  });
  if (fixture.rejected > 0) throw new Error(`fixture rejected lines: ${JSON.stringify(fixture.rejections)}`);
  return { url: server.url, server, importRecords, close: () => server.close() };
}
