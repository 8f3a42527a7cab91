/**
 * Light or dark, and projector mode: chosen in the header, remembered in localStorage, applied as
 * `data-theme` / `data-projector` on <html> so every pane's CSS variables follow (global.css).
 * Until the student chooses, the system's `prefers-color-scheme` decides, and keeps deciding.
 */
export type ThemeName = 'light' | 'dark';

export const THEME_KEY = 'calico-lab.theme';
export const PROJECTOR_KEY = 'calico-lab.projector';

function stored(key: string): string | null {
  try {
    return globalThis.localStorage?.getItem(key) ?? null;
  } catch {
    return null; // storage refused (some private modes): the defaults apply
  }
}

function store(key: string, value: string): void {
  try {
    globalThis.localStorage?.setItem(key, value);
  } catch {
    /* not remembered, still applied */
  }
}

const systemDark = globalThis.matchMedia?.('(prefers-color-scheme: dark)');

class ThemeState {
  /** The student's choice; null follows the system. */
  chosen = $state<ThemeName | null>(((v) => (v === 'light' || v === 'dark' ? v : null))(stored(THEME_KEY)));
  system = $state<ThemeName>(systemDark?.matches ? 'dark' : 'light');
  projector = $state(stored(PROJECTOR_KEY) === 'on');

  constructor() {
    systemDark?.addEventListener('change', (e) => (this.system = e.matches ? 'dark' : 'light'));
    this.apply();
  }

  get current(): ThemeName {
    return this.chosen ?? this.system;
  }

  toggleTheme(): void {
    this.chosen = this.current === 'dark' ? 'light' : 'dark';
    store(THEME_KEY, this.chosen);
    this.apply();
  }

  toggleProjector(): void {
    this.projector = !this.projector;
    store(PROJECTOR_KEY, this.projector ? 'on' : 'off');
    this.apply();
  }

  /** Terminal font size: readable from the back of a room in projector mode. */
  get terminalFontSize(): number {
    return this.projector ? 17 : 13;
  }

  apply(): void {
    const root = globalThis.document?.documentElement;
    if (!root) return;
    root.dataset.theme = this.current;
    if (this.projector) root.dataset.projector = '';
    else delete root.dataset.projector;
  }
}

export const theme = new ThemeState();
