/** A checked receipt as one sentence in the UI's language ("Valid: lab X completed on …, all N checks."). */
import type { Locale, ReceiptCheck } from '../../worker/protocol';
import type { MessageKey } from '../i18n';

export function receiptSentence(c: ReceiptCheck, locale: Locale, t: (key: MessageKey) => string): string {
  if (!c.ok) return `${t('receiptInvalid')} ${c.error ?? ''}`;
  const n = String(c.total ?? 0);
  const checks = c.passed === c.total ? t('receiptAllChecks').replace('{n}', n) : t('receiptSomeChecks').replace('{p}', String(c.passed ?? 0)).replace('{n}', n);
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short' }).format(c.time ?? 0);
  const sentence = t(c.kind === 'pack' ? 'receiptValidPack' : 'receiptValidLab')
    .replace('{title}', c.title ?? c.id ?? '')
    .replace('{date}', date)
    .replace('{checks}', checks);
  if (c.content === 'changed') return `${sentence} ${t('receiptChanged')}`;
  if (c.content === 'unknown') return `${sentence} ${t('receiptUnknown')}`;
  return sentence;
}
