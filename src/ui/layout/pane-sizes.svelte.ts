/** Widths of the guide and topology panes; the terminal takes what is left. Remembered locally. */
const KEY = 'calico-lab.panes';
const MIN_SIDE = 220;
const MIN_TERMINAL = 360;

export class PaneSizes {
  guide = $state(340);
  topology = $state(350);

  constructor() {
    try {
      const saved = JSON.parse(globalThis.localStorage?.getItem(KEY) ?? 'null') as unknown;
      if (saved && typeof saved === 'object' && 'guide' in saved && 'topology' in saved) {
        this.guide = Number(saved.guide) || this.guide;
        this.topology = Number(saved.topology) || this.topology;
      }
    } catch {
      /* ignore a corrupt entry */
    }
  }

  /** Keeps every pane usable whatever the window width. */
  resize(which: 'guide' | 'topology', delta: number, total: number): void {
    const other = which === 'guide' ? this.topology : this.guide;
    const max = Math.max(MIN_SIDE, total - other - MIN_TERMINAL);
    this[which] = Math.min(max, Math.max(MIN_SIDE, this[which] + delta));
    globalThis.localStorage?.setItem(KEY, JSON.stringify({ guide: this.guide, topology: this.topology }));
  }
}
