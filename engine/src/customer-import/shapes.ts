import { z } from 'zod';

// The shapes of a customer import, shared by the engine, the API document and the editor (no Node here).

/** How a column's text becomes a trait value. */
export const TraitType = z.enum(['string', 'number', 'boolean', 'date']);
export type TraitType = z.infer<typeof TraitType>;

/** One column of the file and the trait it fills; `trait: "userId"` makes it the customer's id. */
export const ColumnMapping = z.object({
  column: z.string().min(1).max(200),
  trait: z.string().min(1).max(200),
  type: TraitType,
});
export type ColumnMapping = z.infer<typeof ColumnMapping>;

/** One line of the file that was not imported: where (line, column when one is to blame) and why. */
export const LineError = z.object({
  line: z.number().int().min(1),
  column: z.string().optional(),
  message: z.string(),
});
export type LineError = z.infer<typeof LineError>;

/** What an import did. */
export const ImportReport = z.object({
  /** Rows that changed a customer (a new customer, or a trait with a new value). */
  imported: z.number().int().min(0),
  /** Rows that changed nothing: the customer already had exactly these traits, or the row was imported before. */
  unchanged: z.number().int().min(0),
  /** Rows refused; each is in `errors` until the list is full. */
  failed: z.number().int().min(0),
  errors: z.array(LineError),
  /** Line errors left out of `errors` (it holds at most ERRORS_LISTED). */
  moreErrors: z.number().int().min(0),
  /** The mapping the rows were read with. */
  columns: z.array(ColumnMapping),
  /** Columns of the file that went into no trait. */
  ignoredColumns: z.array(z.string()),
  /** Whether the imported rows could start and advance journeys. */
  startedJourneys: z.boolean(),
  /** False when reading stopped early (a row too long to be one); lines after the last error were not read. */
  readToEnd: z.boolean(),
});
export type ImportReport = z.infer<typeof ImportReport>;

/** The most line errors one answer lists. */
export const ERRORS_LISTED = 1000;

/** The trait name that marks a column as the customer's id (it is not stored as a trait). */
export const USER_ID = 'userId';
