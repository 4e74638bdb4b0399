/**
 * Lines of a Chinese newspaper page to blocks (headings and paragraphs), following the page's
 * reading threads across columns and page markers.
 *
 * A line that does not end a sentence continues on the next line, blank lines or not (OCR puts a
 * blank line after every line of a narrow column). But a page interleaves articles: a column ends
 * mid-sentence and the next text belongs elsewhere (seed 002: `…政党等领域会晤和` / `（上接A01版②）扩大
 * 人员往来…`; seed 003: `…机制活动的组` / `“在充满不确定的世界中…`). So a paragraph broken off at
 * a column end (a blank line) waits, and the next line goes to the paragraph it can continue:
 *
 * - a `上接` marker starts a new piece (of another article), unless the open paragraph
 *   ended with a `下转` marker: then this is where its sentence lands;
 * - quotation marks decide when they can (zh-quotes.ts): a line that closes a quotation continues
 *   a paragraph holding that quotation open (the most recent one); a line that opens one cannot
 *   continue a paragraph holding one open; and, outside narrow columns, a line that ends a
 *   paragraph cannot leave a quotation open that an earlier line opened;
 * - otherwise it continues the open paragraph, except that text after a `上接` piece that broke
 *   off goes back to the paragraph that piece interrupted (seed 002: `会晤和` + `对话机制…`);
 * - when the open paragraph is ruled out, the line continues the latest paragraph that broke off
 *   since the last heading, if any (seed 003: `携手走上发展` + `振兴之路…`);
 * - an orphaned word end at a paragraph start (`园。中方欢迎…`, seed 000) continues such a
 *   paragraph, or, with none, is dropped like a page marker and starts a new piece.
 *
 * Sections: the page's articles. A new one starts at an article headline after text (not at a
 * sub-heading: zh-headings.ts), at a paragraph that opens with a dateline after text, after a
 * closing dateline or credit, at a `上接` piece or an orphaned word end, at a caption run in a
 * column page, and where quotation marks rule out the open paragraph and nothing else takes the
 * line (the reading order jumped to a column of some other text). Text that resumes a paragraph
 * goes back to that paragraph's section, and so do the paragraphs after it; `finish()` orders the
 * blocks by section, so each article reads whole. Evidence-free resumes reach back only to the
 * last heading: across a headline, a guess would move text between articles.
 *
 * In a narrow column, headlines and captions set across columns (wide lines) never join column
 * lines; a run of them that ends without a sentence end is a caption, as is a whole-line
 * quotation standing between them.
 */
import { joinLines } from './join.js';
import { markupHeading } from './lines.js';
import { PARAGRAPH_END, datelineLength, isClosingLine, isHeadingLike, isSubheading, orphanTailLength } from './zh-headings.js';
import type { PageLine, PageProfile } from './zh-lines.js';
import { opensQuotation, quoteDepth, unmatchedClosers } from './zh-quotes.js';

/** A heading or a paragraph of the page, in the section (article) it belongs to. */
export interface PageBlock {
  kind: 'heading' | 'paragraph';
  text: string;
  /** Zero-based section, numbered in the order sections start on the page. */
  section: number;
  /** A headline or caption run of a column page (no sentence end); split after `：`. */
  caption?: boolean;
}

/** A paragraph that has not ended a sentence yet. */
interface Flow {
  block: PageBlock;
  /** Open quotation depth at its end. */
  depth: number;
  /** It began at a `上接` marker. */
  piece: boolean;
  /** Its last line jumped to another page (`下转`). */
  jumps: boolean;
  wide: boolean;
  /** The heading region it broke off in. */
  region: number;
}

/** A sentence end, then closers: the line ends a paragraph (colons left out). */
const SENTENCE_END = /[。！？!?…][”’」』）》)"']*$/u;
/** A whole-line quotation (a pull quote among captions). */
const WHOLE_QUOTATION = /^“[^“”]+”$/u;
/**
 * Broken-off paragraphs kept waiting for their continuation; older ones are given up. A page has a
 * few (the seeds never more than 3 at once); the bound keeps a hostile text of many broken
 * paragraphs linear.
 */
const MAX_WAITING = 16;

/** Assembles blocks line by line; `finish()` returns them article by article. */
export class PageAssembler {
  private readonly blocks: PageBlock[] = [];
  private section = 0;
  private sections = 1;
  /** Sections that have a paragraph (not only headings). */
  private readonly withText = new Set<number>();
  /** A closing dateline or credit ended the current section. */
  private closed = false;
  /** Counts headings: evidence-free resumes stay within one region. */
  private region = 0;
  private open: Flow | undefined;
  private waiting: Flow[] = [];
  private heading: PageBlock | undefined;
  /** The last heading, when it was taken as a sub-heading of the article before it. */
  private label: PageBlock | undefined;

  constructor(private readonly profile: PageProfile) {}

  /** Adds one non-empty line; `blank` says whether blank lines came before it. */
  add(line: PageLine, blank: boolean): void {
    const markup = markupHeading(line.text);
    if (markup !== undefined) {
      this.park();
      this.heading = undefined;
      if (markup !== '') this.addHeading(markup);
      return;
    }
    if (line.continuedFrom) {
      if (this.open?.jumps) return this.extend(this.open, line);
      this.park();
      this.startSectionIfText();
      return this.start(line, true);
    }
    const quotes = quotesOf(line.text);
    const target = this.open === undefined ? this.evidence(line, quotes) : this.continuation(line, quotes, blank);
    if (target !== undefined) return this.resume(target, line);
    if (this.heading !== undefined && !blank && !line.indented && isHeadingLike(line.text, this.profile)) {
      this.heading.text = joinLines(this.heading.text, line.text);
      return;
    }
    this.start(line, false);
  }

  /** The blocks, each section's together (in the order sections start, then page order). */
  finish(): PageBlock[] {
    if (this.open !== undefined) this.endFlow(this.open, true);
    return this.blocks.map((b, i) => ({ b, i })).sort((x, y) => x.b.section - y.b.section || x.i - y.i).map(({ b }) => b);
  }

  /** The flow this line continues, given an open flow (parking the open one when the line goes elsewhere). */
  private continuation(line: PageLine, quotes: LineQuotes, blank: boolean): Flow | undefined {
    const open = this.open as Flow;
    if (open.wide !== line.wide) {
      this.endFlow(open, true);
      return undefined;
    }
    if (!blank) return open;
    const candidates = [open, ...[...this.waiting].reverse()].filter((f) => this.consistent(f, quotes));
    const closing = candidates.find((f) => closesOpenQuotation(f, quotes));
    if (closing !== undefined) return closing;
    const recent = candidates.find((f) => f !== open && f.region === this.region && !f.piece);
    if (candidates.includes(open) && !(open.piece && recent !== undefined)) return open;
    this.park();
    const other = recent ?? candidates.find((f) => f.region === this.region);
    if (other === undefined) this.startSectionIfText();
    return other;
  }

  /** With no open flow: a waiting flow the line evidently continues. */
  private evidence(line: PageLine, quotes: LineQuotes): Flow | undefined {
    const orphan = orphanTailLength(line.text) > 0;
    if (quotes.closers === 0 && !orphan) return undefined;
    const candidates = [...this.waiting].reverse().filter((f) => this.consistent(f, quotes));
    return candidates.find((f) => closesOpenQuotation(f, quotes)) ?? (orphan ? candidates.find((f) => f.region === this.region) : undefined);
  }

  /** Quotation marks allow `line` to continue `f` (see the module header). */
  private consistent(f: Flow, q: LineQuotes): boolean {
    if (q.closers > f.depth) return false;
    if (f.depth > 0 && q.opens) return false;
    return this.profile.column || !(f.depth > 0 && q.endsSentence && quoteDepth(q.text, f.depth) > 0);
  }

  private resume(f: Flow, line: PageLine): void {
    if (this.open !== undefined && this.open !== f) this.park();
    this.waiting = this.waiting.filter((w) => w !== f);
    this.open = f;
    this.section = f.block.section;
    this.closed = false;
    this.heading = undefined;
    this.extend(f, line);
  }

  private extend(f: Flow, line: PageLine): void {
    f.block.text = joinLines(f.block.text, line.text);
    f.depth = quoteDepth(line.text, f.depth);
    f.jumps = line.jumps;
    if (PARAGRAPH_END.test(line.text)) this.open = undefined;
  }

  /** Starts a heading or paragraph at `line` (`piece`: it follows a `上接` marker). */
  private start(line: PageLine, piece: boolean): void {
    this.heading = undefined;
    let text = line.text;
    const tail = piece ? 0 : orphanTailLength(text);
    if (tail > 0) {
      text = text.slice(tail).trim();
      this.startSectionIfText();
    }
    if (!line.wide && isHeadingLike(text, this.profile)) {
      this.heading = this.addHeading(text);
      return;
    }
    const caption = this.profile.column && (line.wide || WHOLE_QUOTATION.test(text));
    if (this.closed || (datelineLength(text) > 0 && this.withText.has(this.section)) || (line.wide && this.withText.has(this.section))) {
      this.newSection();
    }
    const block: PageBlock = { kind: 'paragraph', text, section: this.section };
    this.blocks.push(block);
    if (!caption) this.withText.add(this.section);
    if (!PARAGRAPH_END.test(text)) this.open = { block, depth: quoteDepth(text), piece, jumps: line.jumps, wide: line.wide, region: this.region };
  }

  /** A heading: it ends its article (closing line), labels a part of it, or starts the next one. */
  private addHeading(text: string): PageBlock {
    const hasText = this.withText.has(this.section);
    const label = this.label;
    this.label = undefined;
    const block: PageBlock = { kind: 'heading', text, section: this.section };
    if (isClosingLine(text) && (hasText || this.closed)) this.closed = true;
    else if (!this.closed && hasText && isSubheading(text)) this.label = block;
    else if (this.closed || hasText) {
      this.newSection();
      block.section = this.section;
      // A rubric right before the headline (政务要闻, then 市领导检查…) belongs to the new article.
      if (label !== undefined && this.blocks.at(-1) === label) label.section = this.section;
    }
    this.blocks.push(block);
    this.region++;
    return block;
  }

  private startSectionIfText(): void {
    if (this.closed || this.withText.has(this.section)) this.newSection();
  }

  private newSection(): void {
    this.section = this.sections++;
    this.closed = false;
  }

  /** The open flow, if any, waits for its continuation. */
  private park(): void {
    const open = this.open;
    this.open = undefined;
    if (open === undefined) return;
    open.region = this.region;
    this.waiting.push(open);
    if (this.waiting.length > MAX_WAITING) this.waiting.shift();
  }

  /** Ends a flow at a change of layout or at the end of the page: captions end here, text waits. */
  private endFlow(f: Flow, layout: boolean): void {
    if (layout && this.profile.column && (f.wide || WHOLE_QUOTATION.test(f.block.text))) {
      f.block.kind = 'heading';
      f.block.caption = true;
      this.open = undefined;
    } else {
      this.park();
    }
  }
}

/** What a line's quotation marks say (zh-quotes.ts), worked out once per line. */
interface LineQuotes {
  text: string;
  /** Closing marks without an opening mark before them in the line. */
  closers: number;
  /** The line begins with an opening mark. */
  opens: boolean;
  /** The line ends with a sentence end (and closers). */
  endsSentence: boolean;
}

function quotesOf(text: string): LineQuotes {
  return { text, closers: unmatchedClosers(text), opens: opensQuotation(text), endsSentence: SENTENCE_END.test(text) };
}

function closesOpenQuotation(f: Flow, q: LineQuotes): boolean {
  return q.closers > 0 && q.closers <= f.depth;
}
