/**
 * The SQL differential suite: every query shape floe's SQL supports, run by floe and by DuckDB
 * (an independent engine) over the same seeded CSV files — with nulls in every column, keys that
 * match nothing, duplicate keys and a header-only file — must give the same rows. Results are
 * compared as sorted rows unless the query's ORDER BY fixes the order; floats to 1e-9 relative.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { shutdown } from '@floe/dataframe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from './sql.js';
import { writeTables } from './testing/gen-tables.js';

type Cell = number | string | boolean | null;

interface Case {
  name: string;
  query: string;
  /** The ORDER BY makes the row order total: compare in order. */
  ordered?: boolean;
}

const CASES: Case[] = [
  // select, expressions, aliases, star, exclude
  { name: 'select *', query: 'select * from {orders}' },
  { name: 'expressions and aliases', query: 'select id, amount * 2 as a2, qty + 1 as q1, -amount as neg, amount / 4 as quarter, qty % 3 as m, 1.5 + qty * 2 from {orders}' },
  { name: '* exclude', query: 'select * exclude (note, ts) from {orders}' },
  { name: 'table.* in a join', query: 'select c.*, o.amount from {orders} o join {customers} c on o.customer_id = c.id' },
  // where
  { name: 'where comparisons and logic', query: "select id from {orders} where (amount > 500 and qty <= 3) or not (status <> 'paid')" },
  // AND binds tighter than OR without parentheses (the parser read `a or b and c` as `(a or b) and c` in these clauses)
  { name: 'where: AND before OR', query: "select id from {orders} where amount > 900 or qty < 2 and status = 'paid' or not qty > 0 and amount < 100 or (qty = 3 or qty = 4) and amount > 800" },
  { name: 'having, case when, filter and join on: AND before OR', query: "select o.status, count(*) filter (where o.qty > 4 or o.qty < 1 and o.amount > 100) as f, sum(case when o.amount > 800 or o.amount < 100 and o.qty > 2 then 1 else 0 end) as c from {orders} o join {customers} c on o.customer_id = c.id and (o.qty > 4 or o.qty < 1 and o.amount > 100 or c.id is null) group by o.status having count(*) > 2 or sum(o.qty) > 10 and min(o.qty) > 100" },
  { name: 'number functions and decimal casts', query: 'select id, round(amount, 1) as r1, round(amount) as r0, round(amount, -2) as rm2, floor(amount) as fl, ceil(amount) as ce, ceiling(-amount) as ce2, trunc(-amount / 7) as tr, sign(amount - 500) as sg, abs(qty - 3) as ab, round(qty, -1) as rq, sqrt(abs(amount)) as sq, ln(abs(amount) + 1) as l, log10(abs(amount) + 1) as l10, log(abs(amount) + 1) as lg, log(2, abs(amount) + 1) as lb, log2(abs(qty) + 1) as l2, exp(qty) as e, cast(amount / 7 as decimal(10, 2)) as d2, cast(amount as numeric(8)) as d0 from {orders}' },
  // a table alias's column list renames its first columns in order (it was ignored)
  { name: 'column lists on table and subquery aliases', query: 'select s.qty, s.id, c.c2, c.c1 from (select id, qty from {orders}) s(qty, id) join {customers} c(c1, c2) on s.qty = c.c1 where s.id > 3' },
  // a SELECT alias in WHERE stands for its expression (DuckDB); a column of the name wins
  { name: 'select aliases in where', query: 'select id * 2 as k, qty as amount, amount as a from {orders} where k > 100 and amount > 10' },
  // TINYINT, SMALLINT, INTEGER and REAL are DuckDB's 8, 16, 32-bit integers and float32
  { name: 'count(distinct) of a column with NaN counts it once, as DuckDB', query: 'select status, count(distinct amount % (qty - qty)) as n, count(distinct case when qty > 3 then amount % 0 else qty end) as m, count(distinct qty) as q, count(distinct status) as s from {orders} group by status' },
  { name: 'modulo of floats and by zero', query: 'select id, amount % 7 as a, -amount % 3.5 as b, amount % (qty - qty) as z, qty % (qty - qty) as zi from {orders}' },
  { name: 'casts to narrow types', query: 'select id, cast(qty as tinyint) as t, cast(qty * 100 as smallint) as s, cast(id as integer) as i, cast(amount as real) as r, cast(amount as float) as f, cast(amount as double) as d from {orders}' },
  { name: 'where between and in', query: "select id, status from {orders} where qty between 0 and 4 and status in ('new', 'paid')" },
  { name: 'where not in a list', query: "select id from {orders} where status not in ('new', 'paid')" },
  { name: 'where like and ilike', query: "select id, note from {orders} where note like 'gift%' or note ilike '%RUSH%' or note like '%-c' or note like 'Gi%ap'" },
  { name: 'where not like', query: "select id from {orders} where note not like '%a%'" },
  { name: 'like with _ and several parts', query: "select id, note from {orders} where note like '_ift%' or note like '%a%p%' or note ilike 'G_%W%' or note like 'gi%p'" },
  { name: 'where is null / is not null', query: 'select id from {orders} where amount is null or (qty is not null and ts is null)' },
  { name: 'where date literal', query: "select id, ts from {orders} where ts >= date '2024-01-01'" },
  { name: 'where date string between', query: "select id from {orders} where ts between '2023-03-01' and '2023-06-30'" },
  // group by
  { name: 'group by name', query: 'select status, count(*) as n, sum(amount) as total, avg(qty) as q from {orders} group by status' },
  { name: 'group by position, having, order desc, limit', query: 'select customer_id, count(*) as n, sum(amount) as total from {orders} group by 1 having count(*) > 5 order by total desc, customer_id limit 7', ordered: true },
  { name: 'group by expression', query: 'select year(ts) as y, month(ts), count(*) from {orders} group by year(ts), month(ts)' },
  { name: 'group by alias', query: 'select year(ts) as y, sum(qty) as s from {orders} group by y order by y nulls first', ordered: true },
  { name: 'group by two keys with null keys', query: 'select status, qty > 5 as big, count(*), max(amount) from {orders} group by status, big' },
  { name: 'aggregates', query: 'select status, min(amount), max(amount), median(amount), quantile_cont(amount, 0.9), stddev(amount), variance(qty), count(distinct note), count(note) from {orders} group by status' },
  { name: 'corr', query: 'select status, corr(amount, qty) from {orders} group by status' },
  { name: 'aggregate expressions', query: 'select status, max(amount) - min(amount) as spread, sum(qty) / count(*) as per_row, count(*) * 2 from {orders} group by status' },
  { name: 'having and order by naming select aliases', query: 'select status, count(*) as n, sum(qty) as s from {orders} group by status having n > 50 and s > 0 order by n * 2 desc, status', ordered: true },
  { name: 'a constant among aggregates', query: "select status, 1 as one, 'x' as x, count(*) from {orders} group by status" },
  { name: 'having without select aggregate', query: 'select status from {orders} group by status having avg(amount) > 480' },
  { name: 'whole-table aggregate', query: 'select count(*), count(amount), sum(amount), avg(amount), min(ts), max(ts) from {orders}' },
  { name: 'whole-table aggregate over no rows', query: 'select count(*), sum(amount), avg(amount), min(amount) from {orders} where amount > 1e9' },
  { name: 'group by over no rows', query: 'select status, count(*) from {orders} where amount > 1e9 group by status' },
  { name: 'sum of an all-null group is null', query: 'select customer_id, sum(amount), sum(qty) from {orders} where amount is null group by customer_id' },
  // order by, limit, distinct
  { name: 'order by asc nulls first', query: 'select id, amount from {orders} order by amount nulls first, id', ordered: true },
  { name: 'order by desc nulls last, limit', query: 'select id, amount from {orders} order by amount desc nulls last, id limit 15', ordered: true },
  { name: 'order by an expression not selected', query: 'select id from {orders} order by qty * -1, id limit 20', ordered: true },
  { name: 'limit … offset after a sort (top-k)', query: 'select id, amount from {orders} order by amount desc nulls last, id limit 10 offset 5', ordered: true },
  { name: 'offset without a limit, and limit k, n', query: 'select customer_id, count(*) as n from {orders} group by 1 order by n desc, customer_id offset 3', ordered: true },
  { name: 'limit past the end with an offset', query: 'select id from {orders} order by id limit 100000 offset 2', ordered: true },
  { name: 'distinct', query: 'select distinct status, qty > 0 from {orders}' },
  { name: 'distinct with order by', query: 'select distinct status from {orders} order by status nulls last', ordered: true },
  // joins
  { name: 'inner join', query: 'select o.id, c.name, o.amount from {orders} o join {customers} c on o.customer_id = c.id' },
  { name: 'left join', query: 'select o.id, c.name, c.country from {orders} o left join {customers} c on o.customer_id = c.id' },
  { name: 'right join', query: 'select o.id, c.id as cid, c.name from {orders} o right join {customers} c on o.customer_id = c.id' },
  { name: 'full join', query: 'select o.id, o.customer_id, c.id as cid from {orders} o full join {customers} c on o.customer_id = c.id' },
  { name: 'join using', query: 'select id, name, country from {customers} join (select customer_id as id, count(*) as n from {orders} group by 1) t using (id)' },
  { name: 'join with a filter in on', query: "select o.id, c.name from {orders} o join {customers} c on o.customer_id = c.id and c.country = 'FR'" },
  { name: 'left join with a right-side condition', query: "select o.id, c.name from {orders} o left join {customers} c on o.customer_id = c.id and c.country = 'DE'" },
  { name: 'join then group (the issue example)', query: "select c.country, count(*) as n, sum(o.amount) as total from {orders} o join {customers} c on o.customer_id = c.id where o.ts >= date '2023-06-01' group by 1 having count(*) > 10 order by total desc limit 20", ordered: true },
  // semi / anti
  { name: 'exists', query: "select id from {orders} o where exists (select 1 from {customers} c where c.id = o.customer_id and c.country = 'US')" },
  { name: 'not exists', query: 'select id from {orders} o where not exists (select 1 from {customers} c where c.id = o.customer_id)' },
  { name: 'in (subquery)', query: "select id from {orders} where customer_id in (select id from {customers} where country in ('FR', 'JP')) and amount > 100" },
  { name: 'not in (subquery) without nulls (null keys drop out)', query: "select id from {orders} where customer_id not in (select id from {customers} where country in ('FR', 'JP') and id is not null)" },
  { name: 'not in (subquery) holding a null: no rows', query: 'select id from {orders} where customer_id not in (select customer_id from {orders} where amount > 100)' },
  { name: 'not in (an empty subquery): every row, null keys too', query: 'select id from {orders} where customer_id not in (select id from {customers} where 1 = 0)' },
  // set operations, subqueries, CTEs
  { name: 'union all', query: "select id, status from {orders} where status = 'new' union all select id, status from {orders} where qty > 10" },
  { name: 'union', query: 'select customer_id as k from {orders} union select id from {customers}' },
  { name: 'union all of integers and floats', query: 'select qty from {orders} where qty > 10 union all select amount from {orders} where amount < 50' },
  // a bare NULL takes the other parts' type (an int64 became float64, a date an error)
  { name: 'union all with a bare null', query: "select id, qty, status, ts, amount from {orders} where id < 6 union all select null, null, null, null, null from {orders} where id = 1 union all select id, null, status, null, 1 from {orders} where id = 2" },
  { name: 'union all with order by and limit', query: 'select id from {orders} where qty > 12 union all select id from {customers} order by id desc limit 9', ordered: true },
  { name: 'subquery in from', query: 'select s, count(*) from (select status as s, amount from {orders} where amount > 200) t group by s' },
  { name: 'with (two CTEs)', query: 'with big as (select * from {orders} where amount > 300), per as (select customer_id, count(*) as n from big group by customer_id) select n, count(*) from per group by n' },
  { name: 'scalar subquery', query: 'select id, amount from {orders} where amount > (select avg(amount) from {orders})' },
  // row functions
  { name: 'case when', query: "select id, case when amount > 700 then 'high' when amount > 300 then 'mid' when amount is null then null else 'low' end as band, case status when 'paid' then 1 when 'new' then 2 else 0 end as code from {orders}" },
  { name: 'cast', query: "select id, cast(amount as integer) as ai, cast(qty as double) / 2 as qd, cast(qty as varchar) as qs, cast('2024-02-03' as date) as d from {orders}" },
  { name: 'coalesce, nullif, abs', query: "select id, coalesce(status, note, 'none') as s, coalesce(amount, 0) as a, nullif(qty, 0) as q, abs(qty) as aq from {orders}" },
  { name: 'date functions', query: "select id, year(ts), month(ts), day(ts), extract(year from ts) as ey, extract(month from ts) as em, dayofweek(ts) as dw, isodow(ts) as idw, date_trunc('day', ts) as d from {orders}" },
  { name: 'date_trunc of dates, every unit', query: "select id, date_trunc('day', ts), date_trunc('week', ts), date_trunc('month', ts), date_trunc('quarter', ts), date_trunc('year', ts) from {orders}" },
  { name: 'date_trunc of timestamps (before 1970 too), every unit', query: "select id, seen_at, date_trunc('second', seen_at), date_trunc('minute', seen_at), date_trunc('hour', seen_at), date_trunc('day', seen_at), date_trunc('week', seen_at), date_trunc('month', seen_at), date_trunc('quarter', seen_at), date_trunc('year', seen_at) from {orders}" },
  { name: 'group by date_trunc', query: "select date_trunc('quarter', seen_at) as q, count(*), sum(qty) from {orders} group by 1" },
  { name: 'string functions', query: "select id, lower(note), upper(note), length(note), trim(note), substr(note, 2, 3), substring(note, 3), replace(note, ' ', '_'), split_part(note, '-', 2), starts_with(note, 'Gi') from {orders}" },
  { name: 'more string functions', query: "select id, ltrim(note), rtrim(note), ltrim(note, ' G'), rtrim(note, 'd '), left(note, 3), left(note, -2), right(note, 3), right(note, -2), right(note, 0), strpos(note, 'r'), strpos(note, ''), split_part(note, '-', 0), lower(null), coalesce(null, ts), coalesce(null, null, note) from {orders}" },
  { name: 'quarter, dayofyear, millisecond, microsecond', query: 'select id, quarter(ts), dayofyear(ts), quarter(seen_at), dayofyear(seen_at), millisecond(seen_at), microsecond(seen_at), extract(quarter from ts) from {orders}' },
  // DuckDB dialect: integer division, GROUP BY ALL / ORDER BY ALL, queries without FROM, escape strings
  { name: 'integer division (//): truncated, by zero null, of floats a division, ranked with * and /', query: 'select id, qty // 3 as a, -qty // 2 as b, amount // 4 as c, qty // (qty - qty) as z, 2 * qty // 3 as p, qty // 3 * 2 as q, 1 + qty // 2 as s from {orders}' },
  { name: 'group by all, order by all', query: 'select status, qty > 5 as big, count(*) as n, sum(amount) as total from {orders} group by all order by all', ordered: true },
  { name: 'order by all desc with a limit', query: 'select customer_id, count(*) as n from {orders} group by all order by all desc limit 10', ordered: true },
  { name: 'select without from', query: "select 1 + 1 as two, 'x' as s, 7 // 2 as d, -7 // 2 as e, 1.5 * 2 as f" },
  { name: 'an aggregate without from', query: 'select count(*) as n, sum(3) as s' },
  { name: "escape strings (E'…') and backslashes in plain strings", query: "select E'tab\\there' as e, 'c:\\new' as p, length('c:\\new') as l, 'x\\' as x, E'it\\'s' as q, E'\\x41\\101\\q' as h, E'a''b' as d" },
  { name: 'non-finite doubles cast from text', query: "select id, qty < 'inf'::double as a, amount > '-Infinity'::double as b, isnan(cast('NaN' as double)) as c from {orders} where id < 20" },
  { name: "string concatenation: || (null where a part is), concat() (nulls add nothing), of integers, booleans and dates too", query: "select id, status || '-' || note as s, concat(status, note, id) as c, note || null as n, 'q' || qty as q, status || ts as d, concat(null, status) as c1, status || (qty > 3) as b, concat(null) as e from {orders}" },
  { name: 'group by a concatenation', query: "select status || '/' || coalesce(note, '') as k, count(*) as n from {orders} group by 1" },
  { name: 'regexp_matches, regexp_full_match (options i and l), regexp_replace (first, or every match with g; \\1 and \\0 in the replacement), regexp_extract (groups, and \'\' where none matched)', query: "select id, note, regexp_matches(note, 'G.*T') as m, regexp_matches(note, 'g.*t', 'i') as mi, regexp_matches(note, '.', 'l') as ml, regexp_full_match(note, '[a-z]+-[a-z]') as f, regexp_replace(note, '[aeiou]', '*') as r1, regexp_replace(note, '([a-z])([a-z])', '\\2\\1$', 'g') as rg, regexp_replace(note, '^(.)', '<\\0>') as r0, regexp_extract(note, '[a-z]+') as e0, regexp_extract(note, '([a-z]+)-([a-z]+)', 2) as e2, regexp_extract(note, '(x)?([a-z])', 1) as eu from {orders}" },
  { name: 'strftime of dates and timestamps (before 1970 too), every specifier', query: "select id, strftime(ts, '%Y-%m-%d %H:%M:%S %j %-j %a %A %b %B %w %u %U %W %V %G %%') as d, strftime(seen_at, '%Y|%y|%-y|%m|%-m|%d|%-d|%H|%-H|%I|%-I|%p|%M|%-M|%S|%-S|%f|%g|%j|%z|%Z|%c|%x|%X') as t from {orders}" },
  { name: 'group by a strftime month', query: "select strftime(ts, '%Y-%m') as month, count(*) as n, sum(amount) as total from {orders} group by 1" },
  { name: 'date_diff of every part, between dates, timestamps and both (before 1970 too)', query: "select id, date_diff('year', ts, seen_at) as y, date_diff('quarter', seen_at, ts) as q, date_diff('month', ts, seen_at) as mo, date_diff('week', ts, date '2024-01-08') as w, datediff('day', seen_at, ts) as d, date_diff('hour', seen_at, ts) as h, date_diff('minute', ts, seen_at) as mi, date_diff('second', seen_at, timestamp '1970-01-01 00:00:00') as s, date_diff('millisecond', ts, seen_at) as ms, date_diff('microsecond', seen_at, ts) as us, date_diff('days', ts, ts) as z from {orders}" },
  { name: 'intervals, days added to dates, and the days between two dates', query: "select id, seen_at + interval 1 day as a, seen_at - interval '1 day 2 hours' as b, ts + interval 90 minute as c, interval 3 hour + seen_at as d, ts + 3 as e, ts - 2 as f, 5 + ts as g, ts - date '2023-06-01' as h, seen_at + interval '1.5' second as i from {orders} where ts > date '2024-10-01' - interval 40 day or seen_at < timestamp '1970-01-01' + interval 7 day" },
  { name: 'string_agg (file order, nulls left out, the default separator a comma), group_concat, and approx_count_distinct (exact)', query: "select status, string_agg(note, ' | ') as notes, group_concat(cast(qty as varchar)) as qtys, approx_count_distinct(note) as n from {orders} where id < 60 group by status" },
  { name: 'describe a table and a query', query: "describe {orders}" },
  { name: 'describe a query', query: "describe select id, amount * 2 as a, status || 'x' as s, ts, seen_at, qty > 1 as big, qty // 2 as d from {orders}" },
  { name: 'a FROM-first query', query: 'from {orders} where id < 5' },
  { name: 'lpad and rpad (a multi-character fill, a longer value cut), reverse and repeat, by code point', query: "select id, note, lpad(note, 12, '*') as a, rpad(note, 5, 'xy') as b, lpad(note, 3, '-') as c, rpad(note, 0, '.') as d, reverse(note) as r, repeat(status, 2) as p, repeat(status, 0) as z, lpad('é😀', 4, '*') as e from {orders}" },
  // what a review of the above found different from DuckDB (each was a crash or another answer)
  { name: 'bracketed || chains (they recursed without end)', query: "select id, (status || 'x') as a, (note || '-') || (status || '+') as b, ((note)) || status as c from {orders}" },
  { name: 'interval of an expression: interval (qty) day (it added nothing)', query: "select id, seen_at + interval (qty) day as a, ts - interval (qty * 2) hour as b from {orders}" },
  { name: '// of floats by zero is null, as of integers', query: 'select id, amount // 0 as a, amount // (qty - qty) as b, qty // 0.0 as c from {orders}' },
  { name: "regexp_replace with 'g': an empty match right after a match is none (RE2)", query: "select id, note, regexp_replace(note, 'x*', '-', 'g') as a, regexp_replace(note, 'a*', '-', 'g') as b, regexp_replace(note, '(r)?', '<\\1>', 'g') as c, regexp_replace(note, 'u*', '.') as d from {orders}" },
  // window functions (ordered by unique keys where ties would make the answer depend on the order)
  { name: 'ranking window functions', query: 'select id, status, row_number() over (partition by status order by amount desc nulls last, id) as rn, rank() over (partition by status order by qty) as r, dense_rank() over (partition by status order by qty desc) as dr, percent_rank() over (partition by customer_id order by qty) as pr, cume_dist() over (order by qty nulls first) as cd, ntile(7) over (order by id) as nt from {orders}' },
  { name: 'aggregates over whole partitions', query: 'select id, sum(amount) over (partition by status) as s, avg(qty) over (partition by customer_id) as a, count(*) over (partition by status) as n, count(amount) over (partition by status) as c, min(ts) over (partition by status) as mn, max(note) over (partition by customer_id) as mx, median(amount) over (partition by status) as md, stddev(qty) over (partition by status) as sd, sum(qty) over () as t from {orders}' },
  { name: 'running and sliding frames', query: 'select id, sum(amount) over (partition by status order by id) as cs, sum(qty) over (order by id rows between 3 preceding and 1 following) as ws, avg(amount) over (partition by customer_id order by id rows between 2 preceding and current row) as ma, min(qty) over (order by id rows between 5 preceding and current row) as mn, max(amount) over (partition by status order by id rows between current row and 4 following) as mx, count(amount) over (order by id rows between 2 following and unbounded following) as c, sum(qty) over (order by id rows 2 preceding) as s2 from {orders}' },
  { name: 'min and max of text and dates over frames', query: 'select id, min(note) over (order by id rows between 2 preceding and current row) as a, max(status) over (partition by customer_id order by id) as b, min(ts) over (order by id rows between 1 preceding and 1 following) as c, max(cast(qty as varchar)) over (order by id rows 1 preceding) as d from {orders}' },
  { name: 'RANGE frames with offsets: numbers, dates and timestamps, either direction', query: "select id, sum(amount) over (partition by status order by qty range between 2 preceding and current row) as a, count(*) over (order by ts range between interval 7 days preceding and current row) as b, avg(amount) over (order by seen_at range between interval '1 day' preceding and interval '12 hours' following) as c, max(amount) over (order by qty desc range between 1 preceding and 1 following) as d, min(qty) over (order by amount range between 100.5 preceding and current row) as e, count(amount) over (partition by customer_id order by ts range between current row and interval '30 days' following) as f from {orders}" },
  { name: 'RANGE frames: peers share the running value', query: 'select id, qty, sum(amount) over (order by qty) as s, count(*) over (partition by status order by qty range between unbounded preceding and current row) as n, sum(qty) over (partition by status order by ts range between unbounded preceding and unbounded following) as t, max(amount) over (order by qty desc) as m from {orders}' },
  { name: 'lag, lead, first_value, last_value, nth_value', query: "select id, lag(amount) over (partition by status order by id) as l1, lead(qty, 2, -1) over (order by id) as l2, lag(note, 3, 'none') over (partition by customer_id order by id) as l3, first_value(amount) over (partition by status order by id) as f, last_value(qty) over (partition by status order by id rows between unbounded preceding and unbounded following) as l, last_value(id) over (partition by status order by id) as lc, nth_value(id, 3) over (partition by status order by id) as n3 from {orders}" },
  { name: 'windows over a grouped aggregate', query: 'select status, sum(amount) as s, rank() over (order by sum(amount) desc) as r, sum(amount) / sum(sum(amount)) over () as share, count(*) - lag(count(*)) over (order by status) as d from {orders} group by status' },
  { name: 'top n per group through a named window', query: 'select * from (select id, customer_id, amount, row_number() over w as rn from {orders} window w as (partition by customer_id order by amount desc nulls last, id)) where rn <= 2' },
  { name: 'qualify: top rows a partition by alias, with a second window in the condition', query: 'select id, customer_id, amount, row_number() over (partition by customer_id order by amount desc nulls last, id) as rn from {orders} qualify rn <= 2 and sum(qty) over (partition by customer_id) > 10' },
  { name: 'qualify: the first row a partition (planned as a group head)', query: 'select customer_id, id, amount from {orders} qualify row_number() over (partition by customer_id order by amount desc nulls last, id) = 1' },
  { name: 'qualify over a grouped aggregate, then order by and limit', query: 'select status, count(*) as n from {orders} group by status qualify rank() over (order by count(*) desc) <= 3 order by n desc, status limit 2', ordered: true },
  { name: 'a window over no rows', query: 'select id, sum(amount) over (), row_number() over (order by id) from {orders} where amount > 1e9' },
  { name: 'a window over an empty file', query: 'select id, count(*) over (), row_number() over (order by id) from {empty}' },
  // combinations
  { name: 'order by an aggregate not selected', query: 'select status from {orders} group by status order by count(*) desc, status nulls first', ordered: true },
  { name: 'select * over a join (duplicate names)', query: 'select * from {orders} o join {customers} c on o.customer_id = c.id' },
  { name: 'left join, then where the right side is null', query: 'select o.id from {orders} o left join {customers} c on o.customer_id = c.id where c.id is null' },
  { name: 'a CTE used twice', query: 'with s as (select customer_id, sum(amount) as t from {orders} group by customer_id) select a.customer_id, a.t, b.t as t2 from s a join s b on a.customer_id = b.customer_id' },
  { name: 'three-way join', query: 'select o.id, c.name, c2.country from {orders} o join {customers} c on o.customer_id = c.id left join {customers} c2 on c.id = c2.id' },
  { name: 'min and max of strings and dates', query: 'select country, min(name), max(name), min(since), max(since) from {customers} group by country' },
  { name: 'string comparison', query: "select id from {customers} where name < 'cust2' and country >= 'FR'" },
  { name: 'exists with other conditions', query: "select id from {orders} o where amount < 300 and exists (select 1 from {customers} c where c.id = o.customer_id) and status = 'paid'" },
  { name: 'limit 0', query: 'select * from {orders} limit 0' },
  { name: 'group by an expression, order by the same expression', query: 'select qty % 4 as r, count(*) from {orders} group by qty % 4 order by qty % 4 nulls last', ordered: true },
  // empty input
  { name: 'empty file: count', query: 'select count(*) from {empty}' },
  { name: 'empty file: rows', query: 'select * from {empty}' },
];

let dir: string;
let paths: Record<string, string>;
let duck: DuckDBConnection;
let instance: DuckDBInstance;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'floe-sql-diff-'));
  paths = writeTables(dir, 20261130, 400);
  instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  duck = await instance.connect();
});

afterAll(async () => {
  duck?.closeSync();
  instance?.closeSync();
  await shutdown();
  rmSync(dir, { recursive: true, force: true });
});

const withPaths = (q: string): string => q.replace(/\{(\w+)\}/g, (_, name: string) => `'${paths[name]}'`);

describe('SQL: floe agrees with DuckDB', () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const text = withPaths(c.query);
      const expected = (await duck.runAndReadAll(text)).getRowsJson().map((r) => r.map(normalize));
      const t = await sql(text).compute();
      const actual = t.toRows().map((r) => Object.values(r).map(normalize));
      expect(actual.length, 'row count').toBe(expected.length);
      if (expected.length > 0) expect(actual[0].length, 'column count').toBe(expected[0].length);
      const [a, e] = c.ordered ? [actual, expected] : [sortRows(actual), sortRows(expected)];
      for (let i = 0; i < e.length; i++) {
        for (let k = 0; k < e[i].length; k++) {
          if (!same(a[i][k], e[i][k])) throw new Error(`row ${i}, column ${k}: floe ${JSON.stringify(a[i][k])}, DuckDB ${JSON.stringify(e[i][k])}\nfloe row: ${JSON.stringify(a[i])}\nDuckDB row: ${JSON.stringify(e[i])}`);
        }
      }
    });
  }
});

describe('substr agrees with DuckDB', () => {
  it('for every start from -7 to 7, with and without a length from -7 to 7, over strings of 1 to 6 characters and null', async () => {
    const file = join(dir, 'substr.csv');
    writeFileSync(file, 'id,s\n1,\n2,ab\n3,h\n4,he\n5,hello\n6,héllo!\n');
    const items: string[] = [];
    for (let start = -7; start <= 7; start++) {
      items.push(`substr(s, ${start})`);
      for (let len = -7; len <= 7; len++) items.push(`substr(s, ${start}, ${len})`);
    }
    const text = `select id, ${items.join(', ')} from '${file}' order by id`;
    const expected = (await duck.runAndReadAll(text)).getRowsJson().map((r) => r.map(normalize));
    const actual = (await sql(text).compute()).toRows().map((r) => Object.values(r).map(normalize));
    const differences = expected.flatMap((row, i) => row.flatMap((e, k) => (same(actual[i]?.[k] ?? null, e) ? [] : [`${items[k - 1]} of row ${row[0]}: floe ${JSON.stringify(actual[i]?.[k])}, DuckDB ${JSON.stringify(e)}`])));
    expect(actual.length).toBe(6);
    expect(differences).toEqual([]);
  });
});

describe('calendar parts of microsecond timestamps agree with DuckDB', () => {
  it('millisecond, microsecond, second, quarter and dayofyear, before 1970 and in leap years too', async () => {
    const file = join(dir, 'micros.csv');
    writeFileSync(file, 'id,t\n1,2021-08-03 11:59:44.123456\n2,1965-12-31 23:59:59.999999\n3,2024-12-31 00:00:00.000001\n4,1969-03-01 00:00:00.5\n5,\n');
    const text = `select id, millisecond(t), microsecond(t), second(t), quarter(t), dayofyear(t) from '${file}' order by id`;
    const expected = (await duck.runAndReadAll(text)).getRowsJson().map((r) => r.map(normalize));
    const actual = (await sql(text).compute()).toRows().map((r) => Object.values(r).map(normalize));
    expect(actual).toEqual(expected);
  });
});

/** One representation per value: numbers (DuckDB's big integers arrive as text), and dates as `YYYY-MM-DD HH:MM:SS`. */
function normalize(v: unknown): Cell {
  if (v === null || v === undefined) return null;
  // DuckDB writes a fraction without its trailing zeros (18.5)
  if (v instanceof Date) return v.toISOString().replace('T', ' ').replace(/Z$/, '').replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string') {
    if ((/^-?\d+(\.\d+)?$/.test(v) && v.length < 16) || (/^-?\d+$/.test(v) && Number.isSafeInteger(Number(v)))) return Number(v);
    // DuckDB's NaN and infinities of doubles arrive as text
    if (v === 'NaN' || v === 'Infinity' || v === '-Infinity' || v === 'inf' || v === '-inf') return Number(v.replace('inf', 'Infinity'));
    if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return `${v} 00:00:00`;
    return v;
  }
  if (typeof v === 'number' || typeof v === 'boolean') return v;
  return JSON.stringify(v);
}

function same(a: Cell, b: Cell): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a === b || (Number.isNaN(a) && Number.isNaN(b)) || Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
  return a === b;
}

function sortRows(rows: Cell[][]): Cell[][] {
  const key = (r: Cell[]): string => JSON.stringify(r.map((v) => (typeof v === 'number' ? Number(v.toPrecision(12)) : v)));
  return [...rows].sort((x, y) => (key(x) < key(y) ? -1 : key(x) > key(y) ? 1 : 0));
}
