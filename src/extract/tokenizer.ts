/**
 * htmlparser2's tokenizer with native fast-forwarding.
 *
 * The stock tokenizer calls one state function per character. In text, in quoted
 * attribute values and in script/style/comment contents almost every character is a
 * no-op, so this subclass jumps straight to the next character that matters with
 * `String#indexOf` (native, vectorised). The states, callbacks and the tree they build
 * are unchanged: tests/unit/extract/tokenizer.test.ts parses random and real markup
 * both ways and compares the trees node by node. On the news dev pages parsing takes about
 * 0.6 of the time (`npm run bench:extract`).
 *
 * It reaches into the tokenizer's private fields, so htmlparser2 is pinned to an exact
 * version in package.json; the tree-equality tests catch an upgrade that moves them.
 */
import { Tokenizer } from 'htmlparser2';

const LT = 0x3c;
const AMP = 0x26;
const DOUBLE_QUOTE = 0x22;

/** The tokenizer members this subclass uses; `private` in htmlparser2's typings. */
interface TokenizerInternals {
  buffer: string;
  index: number;
  offset: number;
  fastForwardTo(c: number): boolean;
  stateText(c: number): void;
  handleInAttributeValue(c: number, quote: number): void;
}

const BaseTokenizer = Tokenizer as unknown as new (...args: ConstructorParameters<typeof Tokenizer>) => TokenizerInternals;

class FastForwardTokenizer extends BaseTokenizer {
  /**
   * Position of the next `&` at or after `ampSearchedFrom` in `ampBuffer`. Entities are
   * rare, so the search result is kept until the tokenizer passes it; searching afresh
   * at every text run would rescan to the end of the page each time.
   */
  private nextAmp = -1;
  private ampSearchedFrom = -1;
  private ampBuffer: string | null = null;

  private findAmp(from: number): number {
    if (this.ampBuffer !== this.buffer || from < this.ampSearchedFrom || from > this.nextAmp) {
      const found = this.buffer.indexOf('&', from);
      this.nextAmp = found < 0 ? Infinity : found;
      this.ampSearchedFrom = from;
      this.ampBuffer = this.buffer;
    }
    return this.nextAmp;
  }

  /**
   * Moves to just before `stop` (a buffer position): the parse loop increments the
   * index after each state call, so the next call sees the character at `stop`.
   */
  private skipTo(stop: number): void {
    this.index = stop - 1 + this.offset;
  }

  override fastForwardTo(c: number): boolean {
    const found = this.buffer.indexOf(String.fromCharCode(c), this.index + 1 - this.offset);
    if (found >= 0) {
      this.index = found + this.offset;
      return true;
    }
    this.index = this.buffer.length + this.offset - 1;
    return false;
  }

  /** In text only `<` and `&` do anything. */
  override stateText(c: number): void {
    if (c === LT || c === AMP) {
      super.stateText(c);
      return;
    }
    const from = this.index + 1 - this.offset;
    let lt = this.buffer.indexOf('<', from);
    if (lt < 0) lt = this.buffer.length;
    const amp = this.findAmp(from);
    this.skipTo(amp < lt ? amp : lt);
  }

  /** In a quoted attribute value only the closing quote and `&` do anything. */
  override handleInAttributeValue(c: number, quote: number): void {
    if (c === quote || c === AMP) {
      super.handleInAttributeValue(c, quote);
      return;
    }
    const from = this.index + 1 - this.offset;
    let end = this.buffer.indexOf(quote === DOUBLE_QUOTE ? '"' : "'", from);
    if (end < 0) end = this.buffer.length;
    const amp = this.findAmp(from);
    this.skipTo(amp < end ? amp : end);
  }
}

/** For htmlparser2's `Parser` option `Tokenizer`. */
export const FastTokenizer = FastForwardTokenizer as unknown as typeof Tokenizer;
