/**
 * A document's project settings (issue 10): the memories its lookups, analysis and export read,
 * in priority order with penalties; the memory its confirmed translations go to; the glossaries
 * its terms come from; and, once read, the same shown on the document. Chosen when the document is created; nothing ticked
 * leaves the API's defaults (every memory the caller reaches, writing to `default`).
 */
import type { Glossary, Memory, ProjectSettings, ProjectSettingsInput } from '../../api/types.js';
import { useT } from '../../i18n/i18n.js';
import { type CollectionChoice, chosenIds, chosenMemories, memoriesParam } from '../../lib/collection-choices.js';
import { CollectionPicker } from '../../ui/collection-picker.js';
import { MemorySelect, defaultWriteMemory } from '../../ui/memory-select.js';

/** What the user chose, before it is sent. */
export interface SettingsChoice {
  memories: CollectionChoice[];
  writeMemory: string;
  glossaries: CollectionChoice[];
}

/** The settings as JSON (`settings` of a document created from text). */
export function settingsBody(choice: SettingsChoice, memories: readonly Memory[] | null): ProjectSettingsInput {
  const read = chosenMemories(choice.memories);
  const glossaries = chosenIds(choice.glossaries);
  return { ...(read ? { memories: read } : {}), writeMemory: choice.writeMemory || defaultWriteMemory(memories), ...(glossaries ? { glossaries } : {}) };
}

/** The settings as query parameters (a document created from an XLIFF file). */
export function settingsQuery(choice: SettingsChoice, memories: readonly Memory[] | null): { memories?: string; memory: string; glossaries?: string } {
  const body = settingsBody(choice, memories);
  return { memories: memoriesParam(body.memories), memory: body.writeMemory ?? defaultWriteMemory(memories), glossaries: body.glossaries?.join(',') };
}

/** The fields of the settings. */
export function ProjectSettingsFields({ memories, glossaries, choice, onChange }: {
  memories: readonly Memory[] | null;
  glossaries: readonly Glossary[] | null;
  choice: SettingsChoice;
  onChange: (c: SettingsChoice) => void;
}) {
  const { t } = useT();
  return (
    <section class="panel" aria-labelledby="project-settings-title">
      <h2 id="project-settings-title">{t('settings.title')}</h2>
      <p class="hint">{t('settings.intro')}</p>
      <div class="two-columns">
        <CollectionPicker legend={t('picker.memories')} hint={t('picker.memoriesHint')} items={memories} choices={choice.memories}
          onChange={(c) => onChange({ ...choice, memories: c })} penalties ordered idPrefix="settings-memories" />
        <div class="stack">
          <MemorySelect label={t('settings.writeMemory')} memories={memories} value={choice.writeMemory} onChange={(writeMemory) => onChange({ ...choice, writeMemory })} />
          <CollectionPicker legend={t('picker.glossaries')} hint={t('picker.glossariesHint')} items={glossaries} choices={choice.glossaries}
            onChange={(c) => onChange({ ...choice, glossaries: c })} ordered idPrefix="settings-glossaries" />
        </div>
      </div>
    </section>
  );
}

/** The settings of a document, as text. */
export function SettingsSummary({ settings }: { settings: ProjectSettings | undefined }) {
  const { t } = useT();
  if (!settings) return null;
  const reads = settings.memories?.map((m) => (m.penalty ? t('settings.withPenalty', { id: m.id, points: m.penalty }) : m.id)).join(', ');
  return (
    <dl class="settings" aria-label={t('settings.title')}>
      <dt>{t('settings.reads')}</dt><dd>{reads ?? t('settings.everyMemory')}</dd>
      <dt>{t('settings.writeMemory')}</dt><dd><code>{settings.writeMemory}</code></dd>
      <dt>{t('settings.glossaries')}</dt><dd>{settings.glossaries?.join(', ') ?? t('settings.everyGlossary')}</dd>
    </dl>
  );
}
