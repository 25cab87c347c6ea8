import * as arrowLibrary from 'apache-arrow';
import { provideArrow } from './io/lazy-arrow.js';

// the calling thread has apache-arrow from the start (toArrow(), toBatches(), fromArrow() are synchronous); workers load it on demand
provideArrow(arrowLibrary);

export { readCsv, MIN_BLOCKSIZE, type ReadCsvOptions } from './api/read-csv.js';
export { readParquet, type ReadParquetOptions } from './api/read-parquet.js';
export { readIpc } from './api/read-ipc.js';
export { readNdjson, type ReadNdjsonOptions } from './api/read-ndjson.js';
export { fromRows, fromColumns, fromArrow, type FromMemoryOptions } from './api/from-memory.js';
export { DataFrame, concat, type JoinOptions, type SortOptions, type WriteCsvOptions, type WriteCsvResult } from './api/dataframe.js';
export { GroupBy, type GroupByOptions } from './api/group-by.js';
export { Expr, col, corr, lit, when, type ExprLike, type CastType, type ColumnsArg, type StrNamespace } from './api/expr.js';
export type { DescribeOptions } from './api/describe.js';
export type { FillStrategy, ExprNode } from './plan/expr-node.js';
export { exprToString, columnsOf } from './plan/expr-node.js';
export { closestName } from './plan/closest-name.js';
export { Table, TableColumn, type CellValue } from './table/table.js';
export type { DType, Field, Schema } from './types/dtype.js';
export type { ComputeOptions } from './physical/execute.js';
export type { ToBatchesOptions } from './api/to-batches.js';
export type { PersistedFrame } from './api/persist.js';
export type { PersistedStorage } from './io/persisted/persisted-source.js';
export { shutdown } from './physical/default-executor.js';
export { CsvError } from './io/csv/csv-error.js';
export { parseByteSize } from './io/csv/partitions.js';
export { PlanError } from './plan/resolve.js';
export { quotedNames } from './io/csv/header-names.js';
export { SpillDir } from './physical/spill-dir.js';
export { memoryBudget } from './physical/memory-budget.js';
export { listFiles } from './io/csv/list-files.js';
export { NO_DATA_ROWS } from './io/csv/infer-schema.js';
