/**
 * A new string column's dictionary, built as its values are made (str.concat, dt.strftime):
 * each distinct string once, in first-seen order, known unique (kernels/unique-dictionary.ts:
 * group keys and equality compare codes, so one string must have one code).
 */
import { markUnique } from './unique-dictionary.js';

export class DictionaryBuilder {
  readonly dict: string[] = markUnique([]);
  private readonly codes = new Map<string, number>();

  /** The code of `s`, added if new. */
  code(s: string): number {
    let c = this.codes.get(s);
    if (c === undefined) {
      c = this.dict.length;
      this.dict.push(s);
      this.codes.set(s, c);
    }
    return c;
  }
}
