/**
 * Analysis weights: what a user typed per band, as the `weights` query parameter of
 * `GET /documents/{id}/analysis` (`context:0,repetition:0.1,...`). A blank band is left out,
 * and the server weighs it 1.
 */

/** Typed weights per band id; blank means "not given". */
export type WeightInputs = Record<string, string>;

/** The query value, or undefined when no band has a weight; throws on a value that is not a number ≥ 0. */
export function weightsParam(inputs: WeightInputs, bands: readonly string[]): string | undefined {
  const parts: string[] = [];
  for (const band of bands) {
    const raw = (inputs[band] ?? '').trim().replace(',', '.');
    if (!raw) continue;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < 0) throw new RangeError(band);
    parts.push(`${band}:${n}`);
  }
  return parts.length ? parts.join(',') : undefined;
}
