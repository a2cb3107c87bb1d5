import pg from 'pg';

/**
 * Creates the database DATABASE_URL names when the server has none by that name, so `pnpm cluster` keeps its
 * data apart from other work on the same PostgreSQL (connecting through the server's `postgres` database).
 */
export async function ensureDatabase(databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.slice(1));
  if (!name || name === 'postgres') return;
  url.pathname = '/postgres';
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (found.rowCount) return;
    await client.query(`create database "${name.replaceAll('"', '""')}"`);
    console.log(`chatbot cluster: created the database "${name}"`);
  } catch (error) {
    // Another start created it in the meantime: 42P04 duplicate_database, or 23505 on pg_database's unique index.
    const code = (error as { code?: string }).code;
    if (code !== '42P04' && code !== '23505') throw error;
  } finally {
    await client.end();
  }
}
