/** The type an expression has over a frame (planning only: no data is read). */
import { Expr, type DataFrame, type DType, type ExprNode } from '@floe/dataframe';

export function typeIn(frame: DataFrame, e: ExprNode): DType {
  return frame.select(new Expr(e).alias('__type')).schema[0].dtype;
}
