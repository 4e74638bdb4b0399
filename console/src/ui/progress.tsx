/** Progress of a transfer: a labelled progress bar with bytes, or an indeterminate one while the server works. */
import type { Progress } from '../api/transfer.js';
import { useT } from '../i18n/i18n.js';

/** Renders `progress`; `working` after the upload, while the server reads and writes. */
export function TransferProgress({ label, progress, working }: { label: string; progress: Progress | null; working?: boolean }) {
  const { t, num } = useT();
  if (!progress && !working) return null;
  const mb = (n: number) => num(n / 1024 / 1024, 1);
  const text = working ? t('transfer.working')
    : progress?.total ? t('transfer.of', { done: mb(progress.loaded), total: mb(progress.total) }) : t('transfer.done', { done: mb(progress?.loaded ?? 0) });
  return (
    <div class="progress" role="status">
      <progress aria-label={label} max={working || !progress?.total ? undefined : progress.total} value={working || !progress?.total ? undefined : progress.loaded} />
      <span>{text}</span>
    </div>
  );
}
