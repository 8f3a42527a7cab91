/** Every UI string in both languages, in one table. Lab text comes from the lab engine instead. */
import type { Locale } from '../worker/protocol';

const table = {
  productName: { en: 'Calico Lab', 'zh-CN': 'Calico 实验室' },
  tagline: { en: 'Project Calico networking sandbox', 'zh-CN': 'Project Calico 网络实验沙盒' },
  language: { en: 'Language', 'zh-CN': '语言' },
  switchTo: { en: '中文', 'zh-CN': 'English' },
  guide: { en: 'Lab guide', 'zh-CN': '实验指南' },
  terminal: { en: 'Terminal', 'zh-CN': '终端' },
  topology: { en: 'Topology', 'zh-CN': '拓扑' },
  loading: { en: 'Starting the cluster…', 'zh-CN': '正在启动集群…' },
  startFailed: { en: 'The simulator failed to start:', 'zh-CN': '模拟器启动失败：' },
  noLab: {
    en: 'Sandbox mode: no lab is loaded. Use the terminal freely.',
    'zh-CN': '沙盒模式：未加载实验。可以自由使用终端。',
  },
  step: { en: 'Step', 'zh-CN': '步骤' },
  checks: { en: 'Checks', 'zh-CN': '检查项' },
  whyNotYet: { en: 'Why not yet:', 'zh-CN': '尚未通过的原因：' },
  showHint: { en: 'Show a hint', 'zh-CN': '显示提示' },
  nextHint: { en: 'Next hint', 'zh-CN': '下一条提示' },
  noMoreHints: { en: 'No more hints', 'zh-CN': '没有更多提示了' },
  showSolution: { en: 'Show solution', 'zh-CN': '显示答案' },
  hideSolution: { en: 'Hide solution', 'zh-CN': '隐藏答案' },
  confirmSolution: {
    en: 'Show the solution? Trying first teaches more.',
    'zh-CN': '确定要显示答案吗？先自己尝试会学到更多。',
  },
  clickToRun: { en: 'Click to run in the terminal', 'zh-CN': '点击在终端中运行' },
  stepDone: { en: 'done', 'zh-CN': '已完成' },
  bgpSessions: { en: 'BGP sessions', 'zh-CN': 'BGP 会话' },
  established: { en: 'established', 'zh-CN': '已建立' },
  simTime: { en: 'Simulated time', 'zh-CN': '模拟时间' },
  ready: { en: 'Ready', 'zh-CN': '就绪' },
  notReady: { en: 'NotReady', 'zh-CN': '未就绪' },
  poweredOff: { en: 'powered off', 'zh-CN': '已关机' },
  legendEstablished: { en: 'Established', 'zh-CN': '已建立' },
  legendConnecting: { en: 'Connecting', 'zh-CN': '连接中' },
  legendDown: { en: 'Down', 'zh-CN': '断开' },
  openTerminalHint: {
    en: 'Click a node to open its terminal',
    'zh-CN': '点击节点打开其终端',
  },
  editorTitle: { en: 'Editor', 'zh-CN': '编辑器' },
  save: { en: 'Save', 'zh-CN': '保存' },
  close: { en: 'Close', 'zh-CN': '关闭' },
  saved: { en: 'Saved', 'zh-CN': '已保存' },
  saveFailed: { en: 'Could not save this path', 'zh-CN': '无法保存到此路径' },
  noName: { en: '[No Name]', 'zh-CN': '[未命名]' },
  unsaved: { en: 'Unsaved changes', 'zh-CN': '有未保存的修改' },
  editorLoading: { en: 'Loading the editor…', 'zh-CN': '正在加载编辑器…' },
  discardChanges: {
    en: 'Close without saving your changes?',
    'zh-CN': '不保存修改就关闭吗？',
  },
  closeTab: { en: 'Close tab', 'zh-CN': '关闭标签页' },
  newTab: { en: 'New terminal', 'zh-CN': '新终端' },
  pause: { en: 'Pause', 'zh-CN': '暂停' },
  resume: { en: 'Resume', 'zh-CN': '继续' },
  speed: { en: 'Clock speed (click to change)', 'zh-CN': '时钟速度（点击切换）' },
  labPicker: { en: 'Lab', 'zh-CN': '实验' },
  sandbox: { en: 'Sandbox (no lab)', 'zh-CN': '沙盒（无实验）' },
  reset: { en: 'Reset', 'zh-CN': '重置' },
  confirmReset: {
    en: 'Start over? The cluster returns to its initial state and terminals are closed.',
    'zh-CN': '确定重新开始吗？集群将恢复到初始状态，终端会被关闭。',
  },
  cancel: { en: 'Cancel', 'zh-CN': '取消' },
  resizeHandle: { en: 'Drag to resize', 'zh-CN': '拖动以调整大小' },
} satisfies Record<string, Record<Locale, string>>;

export type MessageKey = keyof typeof table;

export function translate(locale: Locale, key: MessageKey): string {
  return table[key][locale];
}
