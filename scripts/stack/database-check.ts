// The up-front check of `--database-url`: connects once with `pg` before anything starts, and turns each way it can
// fail (no such database, nothing listening, unknown host, refused login, no answer) into one sentence that says
// what to do. Never prints the URL itself, which may hold a password.
import pg from "pg";

const CONNECT_TIMEOUT_MS = 5_000;

/** `--database-url` names a database the stack cannot use; the message is meant for the person at the terminal. */
export class DatabaseCheckError extends Error {
  override name = "DatabaseCheckError";
}

/** Resolves once a connection to `url` succeeded; rejects with a DatabaseCheckError sentence otherwise. */
export async function checkDatabase(url: string): Promise<void> {
  const client = new pg.Client({
    connectionString: url,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
  });
  // Idle-connection errors after a failed connect must not become uncaught exceptions.
  client.on("error", () => {});
  const target = {
    host: client.host,
    port: client.port,
    database: client.database,
    user: client.user,
  };
  try {
    await client.connect();
    await client.query("SELECT 1");
  } catch (error) {
    throw new DatabaseCheckError(sentenceFor(error, target));
  } finally {
    await client.end().catch(() => {});
  }
}

interface Target {
  host: string;
  port: number;
  database: string | undefined;
  user: string | undefined;
}

function sentenceFor(error: unknown, { host, port, database, user }: Target): string {
  const where = `${host}:${port}`;
  const { code, message } = error as { code?: string; message?: string };
  switch (code) {
    case "3D000":
      return `--database-url: database "${database}" does not exist on ${where}; create it with \`createdb -h ${host} -p ${port}${user === undefined ? "" : ` -U ${user}`} ${database}\` or name an existing database in the URL`;
    case "ECONNREFUSED":
      return `--database-url: cannot connect to ${where}: connection refused; is PostgreSQL running there? Start it, or fix the host and port in the URL`;
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return `--database-url: cannot connect to ${where}: the host name ${host} is unknown; fix the host in the URL`;
    case "28P01":
    case "28000":
      return `--database-url: PostgreSQL at ${where} refused user "${user}" (${message ?? code}); fix the user or password in the URL`;
    default:
      if (/timeout/i.test(message ?? "")) {
        return `--database-url: cannot connect to ${where}: no answer within ${CONNECT_TIMEOUT_MS / 1000} s; is the host reachable and the port right?`;
      }
      return `--database-url: cannot use ${where}${database === undefined ? "" : `/${database}`}: ${message ?? String(error)}`;
  }
}
