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
 */
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import type {
  IsolationLevel,
  SqlDriverAdapter,
  SqlMigrationAwareDriverAdapterFactory,
  SqlQuery,
  Transaction,
} from '@prisma/driver-adapter-utils';

export class TransactionSafeSqlite implements SqlMigrationAwareDriverAdapterFactory {
  readonly provider = 'sqlite' as const;
  readonly adapterName: string;
  private readonly inner: PrismaBetterSqlite3;

  constructor(...args: ConstructorParameters<typeof PrismaBetterSqlite3>) {
    this.inner = new PrismaBetterSqlite3(...args);
    this.adapterName = this.inner.adapterName;
  }

  async connect(): Promise<SqlDriverAdapter> {
    return guardTransactions(await this.inner.connect());
  }

  async connectToShadowDb(): Promise<SqlDriverAdapter> {
    return guardTransactions(await this.inner.connectToShadowDb());
  }
}

export function guardTransactions(adapter: SqlDriverAdapter): SqlDriverAdapter {
  let open = 0;
  let idle: Promise<void> = Promise.resolve();
  let markIdle = () => {};
  const enter = () => {
    if (open++ === 0) idle = new Promise<void>((resolve) => (markIdle = resolve));
  };
  const leave = () => {
    if (--open === 0) markIdle();
  };
  const outside = async <T>(run: () => Promise<T>): Promise<T> => {
    while (open > 0) await idle;
    // No await between the check and the statement: it runs before any other BEGIN can.
    return run();
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
  };
}
