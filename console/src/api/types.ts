/**
 * Names for the contract's schemas, all derived from `schema.d.ts`, which `npm run api-types`
 * generates from openapi.yaml (git-ignored, rebuilt by the build and the type check), so the
 * console cannot drift from the contract.
 */
import type { components, operations, paths } from './schema.js';

type Schemas = components['schemas'];

export type { paths, operations };
export type Problem = Schemas['Problem'];
export type Role = Schemas['Role'];
export type CurrentKey = Schemas['CurrentKey'];
export type Key = Schemas['Key'];
export type CreatedKey = Schemas['CreatedKey'];
export type GlossaryEntry = Schemas['GlossaryEntry'];
export type EntryInput = Schemas['EntryInput'];
export type EntryPage = Schemas['EntryPage'];
export type Term = Schemas['Term'];
export type TermStatus = Schemas['TermStatus'];
export type HistoryRecord = Schemas['HistoryRecord'];
export type ImportReport = Schemas['ImportReport'];
export type RecognizedTerm = Schemas['RecognizedTerm'];
export type Match = Schemas['Match'];
export type LookupResult = Schemas['LookupResult'];
export type DocumentSummary = Schemas['DocumentSummary'];
export type DocumentDetail = Schemas['DocumentDetail'];
export type Segment = Schemas['Segment'];
export type AnalysisReport = Schemas['AnalysisReport'];
export type AnalysisBand = Schemas['AnalysisBand'];
export type XliffImportReport = Schemas['XliffImportReport'];
export type TmxImportReport = Schemas['TmxImportReport'];
export type QaIssue = Schemas['QaIssue'];
export type Memory = Schemas['Memory'];
export type Glossary = Schemas['Glossary'];
export type MemoryInput = Schemas['MemoryInput'];
export type CollectionPatch = Schemas['CollectionPatch'];
export type Scope = Schemas['Scope'];
export type ProjectSettings = Schemas['ProjectSettings'];
export type ProjectSettingsInput = Schemas['ProjectSettingsInput'];
export type Unit = Schemas['Unit'];
export type UnitInput = Schemas['UnitInput'];
export type UnitFilter = Schemas['UnitFilter'];
export type UnitTransferResult = Schemas['UnitTransferResult'];

/** Query parameters of an operation. */
export type QueryOf<Op extends keyof operations> = operations[Op] extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;

/** The JSON body of an operation's success (200 or 201). */
export type SuccessOf<Op extends keyof operations> = operations[Op]['responses'] extends infer R
  ? R extends { 200: { content: { 'application/json': infer B } } } ? B
    : R extends { 201: { content: { 'application/json': infer B } } } ? B : never
  : never;

/** Concordance hits, as the contract declares them. */
export type ConcordanceResult = SuccessOf<'concordance'>;
/** Language pairs in the TM. */
export type TmStats = SuccessOf<'getTmStats'>;
/** A page of TM units by filter. */
export type UnitPage = SuccessOf<'listUnits'>;
/** The answers of a replace in targets: the preview (with `token`) or what was applied (`changed`). */
export type ReplaceAnswer = SuccessOf<'replaceInTargets'>;
/** The preview of a replace: every change, the units left alone, and the token that applies exactly these. */
export type ReplacePreview = Extract<ReplaceAnswer, { token: string }>;
/** The answers of a delete by filter: the preview (`count`, `token`) or `deleted`. */
export type DeleteAnswer = SuccessOf<'deleteUnitsByFilter'>;
