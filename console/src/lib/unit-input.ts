/**
 * The body of `PUT /api/v1/tm/units/{id}` for an edited unit. The route replaces every field
 * (openapi.yaml `UnitInput`), so an edit of the texts and the note must send the rest of the
 * unit as it was: its memory (a PUT may not move it), pair, context, origin and inline codes;
 * leaving them out would erase them.
 */
import type { Unit, UnitInput } from '../api/types.js';

/** What the unit editor changes. */
export interface UnitEdit {
  source: string;
  target: string;
  /** Empty: no note. */
  note: string;
}

/** The unit with `edit` applied, as a full `UnitInput`. */
export function unitInput(unit: Unit, edit: UnitEdit): UnitInput {
  const input: UnitInput = {
    memory: unit.memory, sourceLang: unit.sourceLang, targetLang: unit.targetLang,
    source: edit.source, target: edit.target, context: unit.context, origin: unit.origin,
    note: edit.note.trim() === '' ? null : edit.note,
  };
  if (unit.sourceCodes?.length) input.sourceCodes = unit.sourceCodes;
  if (unit.targetCodes?.length) input.targetCodes = unit.targetCodes;
  return input;
}
