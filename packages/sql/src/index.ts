export { sql, type SqlOptions } from './sql.js';
export { SqlError, type SqlPosition } from './sql-error.js';
export { sqlFromPaths } from './from-paths.js';
