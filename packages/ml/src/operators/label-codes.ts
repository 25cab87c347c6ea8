/**
 * Class labels as 0 … k−1, for the libraries that assume them (ml-logistic-regression predicted
 * labels it never saw for labels 5, 7, 9; ml-cart failed on −1 and fractional labels), and the
 * codes they predict back as the labels. Labels are sorted, so codes follow their order.
 */
export class LabelCodes {
  readonly classes: number[];
  private readonly codeOf: Map<number, number>;

  constructor(y: readonly number[]) {
    this.classes = [...new Set(y)].sort((a, b) => a - b);
    this.codeOf = new Map(this.classes.map((c, i) => [c, i]));
  }

  encode(y: readonly number[]): number[] {
    return y.map((v) => this.codeOf.get(v)!);
  }

  decode(codes: readonly number[]): number[] {
    return codes.map((c) => this.classes[c]);
  }
}
