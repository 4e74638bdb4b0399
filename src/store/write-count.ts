/**
 * A count that moves once each write it wraps has run (committed or failed) and when a write made
 * elsewhere is reported (the change log, change-follower.ts): what services that keep rows between
 * requests check them against (KeyStore.version for services/keys.ts, MemoryStore.version for
 * services/tm/memories.ts). It moves after the write, so a read that starts once it has moved sees
 * the write; one that took the count before may keep stale rows only until the next move.
 */
export class WriteCount {
  private writes = 0;

  /** The count now. */
  get value(): number {
    return this.writes;
  }

  /** A write made elsewhere was reported. */
  moved(): void {
    this.writes++;
  }

  /** Runs `write`; the count moves once it has settled, failed or not. */
  async after<T>(write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } finally {
      this.writes++;
    }
  }
}

/** A store versioned by its writes: `version` and `changedElsewhere` of KeyStore and MemoryStore. */
export abstract class CountedWrites {
  /** Writes seen so far, here and reported from elsewhere. */
  protected readonly writes = new WriteCount();

  version(): number {
    return this.writes.value;
  }

  changedElsewhere(): void {
    this.writes.moved();
  }
}
