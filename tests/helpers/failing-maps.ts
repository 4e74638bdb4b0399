/**
 * Maps of the n-gram index that fail on demand, injected into an index (its unit map through the
 * constructor, its folded numbers through `numbers`) to show that what writes them undoes itself
 * when one of their writes throws, as a `Map` past its maximum size or an allocation does.
 */
import { UnitSlots } from '../../src/domain/tm/index/unit-slots.js';

/** A unit map whose `failAt`-th set of a committed (positive) id, counted once armed, throws. */
export class FailingSlots extends UnitSlots {
  failAt = 0;
  private sets = 0;
  override set(id: number, slot: number): void {
    if (id > 0 && this.failAt > 0 && ++this.sets === this.failAt) throw new RangeError('Map maximum size exceeded');
    super.set(id, slot);
  }
}

/** Folded numbers by unit id, whose `failAt`-th set of a committed id throws. */
export class FailingNumbers extends Map<number, string[]> {
  failAt = 0;
  private sets = 0;
  override set(id: number, nums: string[]): this {
    if (id > 0 && this.failAt > 0 && ++this.sets === this.failAt) throw new RangeError('Map maximum size exceeded');
    return super.set(id, nums);
  }
}
