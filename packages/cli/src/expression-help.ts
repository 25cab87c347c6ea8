/** The expression language, explained once for every command's --help. */
export const EXPRESSION_HELP = `
Expressions (--where, --by, --agg) are parsed, never evaluated as code:
  columns     X0  _a  "with space"  \`with space\`      (quote names that are keywords or have spaces)
  values      12  3.5  'text'  'it''s'  true  false   dates as '2010-06-01' or '2010-06-01 12:00:00'
  operators   + - * / %   = != < <= > >=   and or not   X is null   X is not null   ( )
  calendar    year(D) month(D) day(D) hour(D) minute(D) second(D) weekday(D) (Monday = 0) date(D)
              strftime(D, '%Y-%m') (text; %Y %m %d %H %M %S %j %a %b %U %V …, as DuckDB);
              a column used in one is read as timestamps (no --parse-dates needed)
  numbers     round(X) round(X, 2) round(X, -1) (half away from zero, as SQL) floor(X) ceil(X)
              trunc(X) abs(X) sign(X) sqrt(X) exp(X) ln(X) log10(X)
  aggregates  (--agg) sum(X) mean(X) min(X) max(X) count(X) count(*) var(X) std(X) nunique(X)
              median(X) quantile(X, 0.9) (exact, linear interpolation) first(X) last(X) (first/last
              non-null value in file order) corr(X, Y) (Pearson, rows where both are present)`;
