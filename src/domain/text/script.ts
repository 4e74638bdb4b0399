/**
 * Simplified / Traditional Chinese folding with opencc-js (OpenCC's dictionaries, Apache-2.0).
 *
 * Only the length-keeping locales are used: `cn`, `tw`, `hk`. The `twp`/`hkp` locales also swap
 * vocabulary (软件 -> 軟體), which changes length and meaning; a matching key must keep one code
 * point per code point so offsets still line up (domain notes, "Offsets"). Length is kept in code
 * points only, not in UTF-16 units: measured over U+3400-U+9FFF with opencc-js 1.4, 28 characters
 * (26 of them Extension A, e.g. 㓆 -> 𠗣) become astral in `toTraditional`, and 190 (10 Extension A,
 * e.g. 㗲 -> 𠵾, 繻 -> 𦈡) in `toSimplified`.
 *
 * `toSimplified` must fold text of either origin (Taiwan or Hong Kong Traditional, or text that is
 * already Simplified) onto one key. It runs hk->cn and then tw->cn. That order was checked over every
 * code point in U+3400-U+9FFF: it is idempotent (folding a folded key changes nothing) and it leaves
 * all five seed speeches unchanged. The other order is not a fold: tw->cn reads a lone `么` as the
 * Taiwan form of `幺`, so tw-first takes 麼 to 么 but 么 to 幺 and the two scripts get different keys.
 * With hk first both reach 幺; that a lone 麼/么 becomes 幺 is harmless in a key, and phrases such as
 * 什么/什麼 are caught by opencc's phrase dictionaries and fold to 什么.
 */
import { Converter } from 'opencc-js';
import type { ConverterFunction } from 'opencc-js';

/** The Traditional standards we convert to: Taiwan and Hong Kong character forms. */
export type TraditionalVariant = 'tw' | 'hk';

let hongKongToSimplified: ConverterFunction | undefined;
let taiwanToSimplified: ConverterFunction | undefined;
const toTraditionalConverters = new Map<TraditionalVariant, ConverterFunction>();

/** Dictionaries are large; build each converter on first use and keep it. */
function simplifiers(): [ConverterFunction, ConverterFunction] {
  hongKongToSimplified ??= Converter({ from: 'hk', to: 'cn' });
  taiwanToSimplified ??= Converter({ from: 'tw', to: 'cn' });
  return [hongKongToSimplified, taiwanToSimplified];
}

/**
 * Folds Traditional (Taiwan or Hong Kong forms) to Simplified; Simplified text comes back unchanged.
 * Keeps the code-point length: `魯班工坊` -> `鲁班工坊`.
 */
export function toSimplified(text: string): string {
  const [fromHongKong, fromTaiwan] = simplifiers();
  return fromTaiwan(fromHongKong(text));
}

/** Converts Simplified text to Taiwan (`tw`) or Hong Kong (`hk`) Traditional forms, keeping length. */
export function toTraditional(text: string, variant: TraditionalVariant): string {
  let convert = toTraditionalConverters.get(variant);
  if (convert === undefined) {
    convert = Converter({ from: 'cn', to: variant });
    toTraditionalConverters.set(variant, convert);
  }
  return convert(text);
}

/**
 * Per-code-point results of {@link toSimplified}, of every code point folded (not only Han): a
 * text uses a few thousand distinct ones, but made-up text could bring up to 1.1 million.
 */
const simplifiedCodePoints = new Map<string, string>();
/** Code points remembered before the map starts again (some 2 MB; the CJK blocks alone hold 98,000). */
const MAX_SIMPLIFIED_CODE_POINTS = 20_000;

/**
 * {@link toSimplified} for one code point, memoised: matching keys fold one code point at a time,
 * and a call into opencc costs far more than a map lookup.
 */
export function simplifyCodePoint(cp: string): string {
  let s = simplifiedCodePoints.get(cp);
  if (s === undefined) {
    s = toSimplified(cp);
    if (simplifiedCodePoints.size >= MAX_SIMPLIFIED_CODE_POINTS) simplifiedCodePoints.clear();
    simplifiedCodePoints.set(cp, s);
  }
  return s;
}
