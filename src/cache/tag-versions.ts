/**
 * A version counter per tag. A cached entry records the versions of its tags read before it was computed;
 * it is served only while they are unchanged, so a computation that started before a change can never be
 * served after it, even if it finishes later. These are the in-process counters (no Redis, or Redis down);
 * redis-store.ts keeps the shared ones.
 */
export class LocalTagVersions {
  readonly #versions = new Map<string, number>();

  /** Versions of `tags` (sorted by the caller), as one comparable string. */
  signature(tags: readonly string[]): string {
    return tags.map((t) => this.#versions.get(t) ?? 0).join(',');
  }

  bump(tags: Iterable<string>): void {
    for (const tag of tags) this.#versions.set(tag, (this.#versions.get(tag) ?? 0) + 1);
  }
}
