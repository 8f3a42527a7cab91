/** Terminal colours for the dark and light themes; ANSI colours keep enough contrast on each background. */
import type { ITheme } from '@xterm/xterm';
import type { ThemeName } from '../theme.svelte';

export const terminalTheme: ITheme = {
  background: '#101418',
  foreground: '#d8dee4',
  cursor: '#f5a623',
  selectionBackground: '#3a4a5a',
  black: '#1c2127',
  red: '#ef6b73',
  green: '#7fc97f',
  yellow: '#f5c26b',
  blue: '#6cb6ff',
  magenta: '#d2a8ff',
  cyan: '#56d4dd',
  white: '#d8dee4',
};

export const terminalThemeLight: ITheme = {
  background: '#fbfcfd',
  foreground: '#1f2933',
  cursor: '#b35900',
  cursorAccent: '#fbfcfd',
  selectionBackground: '#c7d7ea',
  black: '#1f2933',
  red: '#b3261e',
  green: '#1a7f37',
  yellow: '#7a5500',
  blue: '#0b5cad',
  magenta: '#8e3fae',
  cyan: '#0b7285',
  white: '#52606d',
  brightBlack: '#52606d',
  brightWhite: '#1f2933',
};

export function terminalThemeFor(name: ThemeName): ITheme {
  return name === 'light' ? terminalThemeLight : terminalTheme;
}
