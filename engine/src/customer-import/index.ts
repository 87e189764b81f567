// Importing the customers a user already has: a CSV file streamed row by row into identify calls.
export * from './shapes.ts';
export { importCustomers, ImportRefused, type ImportOptions } from './import.ts';
export { MappingRequest, resolveMapping, type Mapping, type MappedColumn } from './mapping.ts';
export { csvRecords, MAX_ROW_CHARS, type CsvRecord } from './rows.ts';
export { readCell, type CellValue } from './values.ts';
