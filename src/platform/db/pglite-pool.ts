import type { PGlite } from '@electric-sql/pglite';

/**
 * A pool-shaped adapter so Kysely's PostgresDialect can drive PGlite (see recipes.md).
 * PGlite is a single connection, so a lease is exclusive: a transaction's statements can
 * never interleave with another request's. Code inside a transaction must use the
 * transaction handle, never the outer `db`, or it waits for itself.
 */
export class PGlitePool {
  #queue: (() => void)[] = [];
  #busy = false;

  constructor(private readonly pg: PGlite) {}

  async connect() {
    if (this.#busy) await new Promise<void>((resolve) => this.#queue.push(resolve));
    this.#busy = true;
    let released = false;
    return {
      query: async (sql: string, parameters: readonly unknown[]) => {
        // Parameterless statements may hold several commands (migrations): use the simple protocol.
        const result =
          parameters.length === 0
            ? ((await this.pg.exec(sql)).at(-1) ?? { rows: [], affectedRows: 0 })
            : await this.pg.query(sql, parameters as unknown[]);
        return {
          rows: result.rows,
          rowCount: result.affectedRows ?? result.rows.length,
          command: commandOf(sql),
        };
      },
      release: () => {
        if (released) return;
        released = true;
        const next = this.#queue.shift();
        if (next) next();
        else this.#busy = false;
      },
    };
  }

  async end() {
    await this.pg.close();
  }
}

function commandOf(sql: string) {
  return (/^\s*(\w+)/.exec(sql)?.[1] ?? 'SELECT').toUpperCase();
}
