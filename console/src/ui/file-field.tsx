/** A labelled file input that reports the chosen file. */
import { useT } from '../i18n/i18n.js';

/** `<input type=file>` with its label; `accept` lists extensions or media types. */
export function FileField({ label, accept, onFile, id }: { label: string; accept: string; onFile: (f: File | null) => void; id: string }) {
  const { t } = useT();
  return (
    <label for={id}>
      {label}
      <input id={id} type="file" accept={accept} onChange={(e) => onFile(e.currentTarget.files?.[0] ?? null)} />
      <span class="hint">{t('file.hint', { accept })}</span>
    </label>
  );
}

/** The extension of a file name, lower case, without the dot. */
export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot < 0 ? '' : name.slice(dot + 1).toLowerCase();
}
