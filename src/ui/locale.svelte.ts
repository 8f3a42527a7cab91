/** The chosen UI language, remembered in localStorage. */
import type { Locale } from '../worker/protocol';
import { translate, type MessageKey } from './i18n';
import { initialLocale, LOCALE_KEY as STORAGE_KEY } from './boot';

class LocaleState {
  current = $state<Locale>(initialLocale());

  set(locale: Locale) {
    this.current = locale;
    globalThis.localStorage?.setItem(STORAGE_KEY, locale);
    document.documentElement.lang = locale;
  }

  toggle() {
    this.set(this.current === 'en' ? 'zh-CN' : 'en');
  }

  /** Reactive lookup: components re-render when the locale changes. */
  t = (key: MessageKey): string => translate(this.current, key);
}

export const locale = new LocaleState();
