import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

/** The little SQL surface the store needs; PGlite (embedded) and pg (PostgreSQL server) both provide it. */
export interface SqlClient {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Runs `fn` in one transaction; it is rolled back if `fn` throws. */
  transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Embedded PostgreSQL (WASM): no setup; `dataDir` undefined keeps everything in memory. */
export async function createPgliteClient(dataDir?: string): Promise<SqlClient> {
  // PGlite creates only the last folder of the path; a fresh clone has no .data/ yet.
  if (dataDir) await mkdir(dataDir, { recursive: true });
  const db = dataDir ? new PGlite(dataDir) : new PGlite();
  await db.waitReady;
  const over = (q: Pick<PGlite, 'query'>): SqlClient => ({
    async query<T>(sql: string, params: unknown[] = []) {
      return (await q.query<T>(sql, params)).rows;
    },
    transaction: (fn) => db.transaction((tx) => fn(over(tx as unknown as Pick<PGlite, 'query'>))),
    close: () => db.close(),
  });
  return over(db);
}

/** A PostgreSQL server through a pg pool; `schema` isolates a tenant or a test run (created if missing). */
export async function createPgClient(connectionString: string, options: { schema?: string } = {}): Promise<SqlClient> {
  const { schema } = options;
  if (schema !== undefined && !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`bad schema name "${schema}"`);
  if (schema) {
    const setup = new pg.Client({ connectionString });
    await setup.connect();
    try {
      await setup.query(`create schema if not exists ${schema}`);
    } finally {
      await setup.end();
    }
  }
  // A bounded connect wait: during a database outage requests fail fast with STORE_UNAVAILABLE instead of hanging.
  const pool = new pg.Pool({ connectionString, max: 10, connectionTimeoutMillis: 3000, ...(schema ? { options: `-c search_path=${schema}` } : {}) });
  // An idle client losing its server connection must not crash the process; the next query reports it.
  pool.on('error', () => undefined);
  return poolClient(pool);
}

function poolClient(pool: pg.Pool): SqlClient {
  return {
    async query<T>(sql: string, params: unknown[] = []) {
      return (await pool.query(sql, params)).rows as T[];
    },
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('begin');
        const result = await fn({
          query: async <T>(sql: string, params: unknown[] = []) => (await client.query(sql, params)).rows as T[],
          transaction: (inner) => inner(this as SqlClient),
          close: async () => undefined,
        });
        await client.query('commit');
        return result;
      } catch (error) {
        await client.query('rollback').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

