/** Terminal colours: a dark theme matching the page chrome. */
import type { ITheme } from '@xterm/xterm';

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
