/** Entry name → dist file (relative to packages/) of the CLI's bundle. */
export declare const ENTRIES: Readonly<Record<string, string>>;
