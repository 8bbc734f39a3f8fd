import { readFileSync } from 'node:fs';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { StreamEvent } from '../../../src/realtime/event-log.ts';
import { generateClientSource, SCHEMA_FILE } from '../../../web/scripts/generate-client.ts';
import type { PriceEvent } from '../../../web/src/api/price-event.ts';

describe('web UI typed client', () => {
  it('matches the API: web/src/api/schema.ts is what `npm run web:client` generates now', async () => {
    const committed = readFileSync(SCHEMA_FILE, 'utf8');
    // On failure: run `npm run web:client` and commit the result (and adapt the UI to the change).
    expect(await generateClientSource()).toBe(committed);
  });

  it("describes the live stream's events exactly as the server sends them", () => {
    expectTypeOf<PriceEvent>().toEqualTypeOf<StreamEvent>();
  });
});
