// Types of built-is-fresh.js, for the tests that import it.
export declare function builtIsFresh(packageDir: URL, seen?: Set<string>): boolean;
