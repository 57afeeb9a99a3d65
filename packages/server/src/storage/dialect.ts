// The SQL dialects Vigil's store runs on.

export type Dialect = 'sqlite' | 'postgres';
