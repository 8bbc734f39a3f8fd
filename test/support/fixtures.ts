import { fileURLToPath } from 'node:url';

/** The shared fixture feed; /work/shared sits beside the checkout, not inside it. */
export function fixturePath(): string {
  return fileURLToPath(new URL('../../../shared/fixtures/catalog.jsonl', import.meta.url));
}
