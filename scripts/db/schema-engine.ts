/**
 * Prisma's schema engine compiled to WebAssembly (@prisma/schema-engine-wasm, a dev
 * dependency), loaded by hand: the package expects a bundler to import its .wasm file.
 * We use it, offline, to write migration SQL exactly as `prisma migrate dev` would, and in
 * tests to check that a migrated database matches the schema. It talks to databases
 * through the same driver adapters as the app; the engine expects their results wrapped
 * as the Prisma client does (bindMigrationAwareSqlAdapterFactory).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { bindMigrationAwareSqlAdapterFactory, type SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';

type Glue = typeof import('@prisma/schema-engine-wasm');
export type SchemaEngine = Awaited<ReturnType<Glue['SchemaEngine']['new']>>;

let glue: Promise<Glue> | undefined;

async function loadGlue(): Promise<Glue> {
  const require = createRequire(import.meta.url);
  const dir = path.dirname(require.resolve('@prisma/schema-engine-wasm'));
  const bindings = (await import(path.join(dir, 'schema_engine_bg.js'))) as Glue & {
    __wbg_set_wasm(exports: WebAssembly.Exports): void;
  };
  const { instance } = await WebAssembly.instantiate(readFileSync(path.join(dir, 'schema_engine_bg.wasm')), {
    './schema_engine_bg.js': bindings as unknown as WebAssembly.ModuleImports,
  });
  bindings.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
  return bindings;
}

/** A schema engine over `factory` (a driver adapter factory), knowing `schema` as its datamodel. */
export async function openSchemaEngine(factory: SqlMigrationAwareDriverAdapterFactory, schema: string): Promise<SchemaEngine> {
  glue ??= loadGlue();
  const { SchemaEngine } = await glue;
  return SchemaEngine.new({ datamodels: [['schema.prisma', schema]] }, () => undefined, bindMigrationAwareSqlAdapterFactory(factory));
}

const noFilters = { externalTables: [], externalEnums: [] };

/** SQL that takes a database from the `from` datamodel (or nothing) to the `to` datamodel. */
export async function diffSchemas(engine: SchemaEngine, from: string | null, to: string): Promise<string> {
  const result = await engine.diff({
    from: from === null ? { tag: 'empty' } : { tag: 'schemaDatamodel', files: [{ path: 'schema.prisma', content: from }] },
    to: { tag: 'schemaDatamodel', files: [{ path: 'schema.prisma', content: to }] },
    script: true,
    exitCode: null,
    filters: noFilters,
  });
  return result.stdout ?? '';
}

/** SQL that would take the live database (the one behind the engine's adapter) to `schema`: empty when they match. */
export async function driftFromSchema(engine: SchemaEngine, schema: string): Promise<string> {
  const result = await engine.diff({
    // "schemaDatasource": the database the datasource points at, reached through the adapter.
    from: { tag: 'schemaDatasource', files: [{ path: 'schema.prisma', content: schema }], configDir: process.cwd() },
    to: { tag: 'schemaDatamodel', files: [{ path: 'schema.prisma', content: schema }] },
    script: true,
    exitCode: null,
    filters: noFilters,
  });
  return result.stdout ?? '';
}
