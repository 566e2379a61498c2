/**
 * @prisma/adapter-better-sqlite3 (7.10) runs every query of a client on one connection.
 * An interactive transaction holds that connection from BEGIN to COMMIT/ROLLBACK, but
 * queries made outside the transaction meanwhile do not wait for it: they run on the same
 * connection, inside the open transaction, and vanish if it rolls back, after their callers
 * were told they were saved. A participant's answer acknowledged while a session start or
 * an import is in progress could be lost that way.
 *
 * This wrapper makes queries outside a transaction wait until no transaction is open or
 * being opened. better-sqlite3 runs each statement synchronously, so the check and the
 * statement cannot be separated by another transaction's BEGIN.
 *
 * The hot participant paths (direct-sqlite.ts) use the same connection directly, through
 * the same gate: `direct()` gives the connection and `outside`, which runs a synchronous
 * block once no Prisma transaction is open, and `grouped`, which commits the writes of one
 * turn of the event loop together (group commit).
 */
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { perTurn, settleEach } from './turn-batch';
import type Database from 'better-sqlite3';
import type {
  IsolationLevel,
  SqlDriverAdapter,
  SqlMigrationAwareDriverAdapterFactory,
  SqlQuery,
  Transaction,
} from '@prisma/driver-adapter-utils';

/** The adapter's one connection, and the gate that keeps direct use out of Prisma's transactions. */
export interface SharedSqlite {
  connection: Database.Database;
  /** Runs `run` (synchronous statements only) when no Prisma transaction is open or being opened. */
  outside: <T>(run: () => T) => Promise<Awaited<T>>;
  /**
   * Runs `work` (synchronous statements only) in a savepoint of one IMMEDIATE transaction that
   * also holds the other writes queued in this turn of the event loop, and resolves once that
   * transaction has committed: what a caller is told was saved, is. A `work` that throws rolls
   * back its own statements only, and its promise rejects with the error.
   */
  grouped: <T>(work: () => T) => Promise<T>;
}

export class TransactionSafeSqlite implements SqlMigrationAwareDriverAdapterFactory {
  readonly provider = 'sqlite' as const;
  readonly adapterName: string;
  private readonly inner: PrismaBetterSqlite3;
  private shared: SharedSqlite | null = null;

  constructor(...args: ConstructorParameters<typeof PrismaBetterSqlite3>) {
    this.inner = new PrismaBetterSqlite3(...args);
    this.adapterName = this.inner.adapterName;
  }

  async connect(): Promise<SqlDriverAdapter> {
    const adapter = await this.inner.connect();
    const guarded = guardTransactions(adapter);
    // The adapter keeps its better-sqlite3 handle in a public `client` field (7.10).
    const connection = (adapter as unknown as { client?: Database.Database }).client;
    if (connection) {
      configureConnection(connection);
      this.shared = { connection, outside: guarded.outside, grouped: groupCommit(connection, guarded.outside) };
    }
    return guarded;
  }

  /** The connection once Prisma has connected; null before, or if the adapter hides it. */
  direct(): SharedSqlite | null {
    return this.shared;
  }

  async connectToShadowDb(): Promise<SqlDriverAdapter> {
    return guardTransactions(await this.inner.connectToShadowDb());
  }
}

/**
 * WAL (set by the migrations) with synchronous = NORMAL: a commit is in the WAL file, in the
 * operating system's cache, before it returns, so an acknowledged answer survives the
 * server being killed (kill -9); only a power loss or kernel crash can lose the last
 * commits. SQLITE_SYNCHRONOUS=full syncs the disk at every commit instead (slower).
 */
export function configureConnection(connection: Database.Database): void {
  const mode = (process.env.SQLITE_SYNCHRONOUS ?? 'normal').toLowerCase();
  if (mode !== 'normal' && mode !== 'full') throw new Error(`SQLITE_SYNCHRONOUS must be "normal" or "full", got "${mode}"`);
  connection.pragma('journal_mode = WAL');
  connection.pragma(`synchronous = ${mode.toUpperCase()}`);
}

/**
 * Group commit: a commit writes the changed pages to the WAL file, and under load most of an
 * answer's write cost was its own commit (the pages of the Response table and its indexes,
 * written again for every answer). Writes queued in one turn of the event loop share one
 * transaction and one commit, each in its own savepoint (turn-batch.ts).
 */
function groupCommit(connection: Database.Database, outside: SharedSqlite['outside']): SharedSqlite['grouped'] {
  const commit = perTurn<() => unknown, unknown>((works) =>
    outside(() =>
      // Nested transactions are savepoints: a work that throws rolls back alone. If the commit
      // itself fails, perTurn rejects every work: none may be reported as saved.
      connection.transaction(() => settleEach(works, (work) => connection.transaction(work)())).immediate(),
    ),
  );
  return <T>(work: () => T) => commit(work) as Promise<T>;
}

export function guardTransactions(adapter: SqlDriverAdapter): SqlDriverAdapter & { outside: SharedSqlite['outside'] } {
  let open = 0;
  let idle: Promise<void> = Promise.resolve();
  let markIdle = () => {};
  const enter = () => {
    if (open++ === 0) idle = new Promise<void>((resolve) => (markIdle = resolve));
  };
  const leave = () => {
    if (--open === 0) markIdle();
  };
  const outside = async <T>(run: () => T): Promise<Awaited<T>> => {
    while (open > 0) await idle;
    // No await between the check and the statement: it runs before any other BEGIN can.
    return (await run()) as Awaited<T>;
  };

  const wrapTransaction = (tx: Transaction): Transaction => {
    let finished = false;
    const finish = () => {
      if (!finished) {
        finished = true;
        leave();
      }
    };
    return {
      provider: tx.provider,
      adapterName: tx.adapterName,
      get options() {
        return tx.options;
      },
      queryRaw: (q: SqlQuery) => tx.queryRaw(q),
      executeRaw: (q: SqlQuery) => tx.executeRaw(q),
      commit: async () => {
        try {
          await tx.commit();
        } finally {
          finish();
        }
      },
      rollback: async () => {
        try {
          await tx.rollback();
        } finally {
          finish();
        }
      },
      createSavepoint: tx.createSavepoint && ((name: string) => tx.createSavepoint!(name)),
      rollbackToSavepoint: tx.rollbackToSavepoint && ((name: string) => tx.rollbackToSavepoint!(name)),
      releaseSavepoint: tx.releaseSavepoint && ((name: string) => tx.releaseSavepoint!(name)),
    };
  };

  return {
    provider: adapter.provider,
    adapterName: adapter.adapterName,
    queryRaw: (q) => outside(() => adapter.queryRaw(q)),
    executeRaw: (q) => outside(() => adapter.executeRaw(q)),
    executeScript: (script) => outside(() => adapter.executeScript(script)),
    startTransaction: async (isolationLevel?: IsolationLevel) => {
      // Counted from the request on: the inner BEGIN runs as soon as its mutex is free.
      enter();
      try {
        return wrapTransaction(await adapter.startTransaction(isolationLevel));
      } catch (e) {
        leave();
        throw e;
      }
    },
    getConnectionInfo: adapter.getConnectionInfo && (() => adapter.getConnectionInfo!()),
    dispose: () => adapter.dispose(),
    outside,
  };
}
