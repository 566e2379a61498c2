// The trial-row format: one flat record per answered trial, its CSV and JSON forms, and
// reading a study's rows from the database.
export * from './trial-row';
export { toCsv, fromCsv } from './csv';
export { toJson, fromJson } from './json';
export { parseCsv, type CsvRecord } from './parse-csv';
export { TrialsFormatError } from './trials-format-error';
