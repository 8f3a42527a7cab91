/**
 * yaml-language-server (inside monaco-yaml 5.5.1) reports problems in English only: its messages
 * go through @vscode/l10n in its own worker, which has no bundle for another language. The page
 * translates the markers instead, message by message, from the templates below (the English ones
 * are yaml-language-server 1.23's and the `yaml` parser's, read from node_modules/monaco-yaml/
 * yaml.worker.js and node_modules/yaml/dist/compose). `{0}`, `{1}` are its placeholders; a message
 * no template matches stays in English.
 */
import type { Locale } from '../../worker/protocol';

/** yaml-language-server's whole messages: [English template, 简体中文]. */
const SCHEMA_MESSAGES: [string, string][] = [
  ['Missing property "{0}".', '缺少属性 "{0}"。'],
  ['Incorrect type. Expected "{0}".', '类型错误，应为 "{0}"。'],
  ['Incorrect type. Expected one of {0}.', '类型错误，应为以下之一：{0}。'],
  ['Value must be {0}.', '值必须是 {0}。'],
  ['Property {0} is not allowed.', '不允许属性 {0}。'],
  ['Value is not accepted. Valid values: {0}.', '不接受该值。有效值：{0}。'],
  ['Matches a schema that is not allowed.', '匹配了不允许的模式。'],
  ['Matches multiple schemas when only one must validate.', '匹配了多个模式，但只能匹配一个。'],
  ['String does not match the pattern of "{0}".', '字符串不符合模式 "{0}"。'],
  ['Invalid pattern: "{0}"', '无效的模式："{0}"'],
  ['String is shorter than the minimum length of {0}.', '字符串短于最小长度 {0}。'],
  ['String is longer than the maximum length of {0}.', '字符串超过最大长度 {0}。'],
  ['Value is below the minimum of {0}.', '值小于最小值 {0}。'],
  ['Value is above the maximum of {0}.', '值大于最大值 {0}。'],
  ['Value is below the exclusive minimum of {0}.', '值必须大于 {0}。'],
  ['Value is above the exclusive maximum of {0}.', '值必须小于 {0}。'],
  ['Value is not divisible by {0}.', '值不能被 {0} 整除。'],
  ['Array has too few items. Expected {0} or more.', '数组元素太少，至少应有 {0} 个。'],
  ['Array has too many items. Expected {0} or fewer.', '数组元素太多，最多应有 {0} 个。'],
  ['Array has too many items according to schema. Expected {0} or fewer.', '按模式数组元素太多，最多应有 {0} 个。'],
  ['Array has duplicate items.', '数组有重复元素。'],
  ['Array does not contain required item.', '数组缺少必需的元素。'],
  ['Object has more properties than limit of {0}.', '对象的属性超过上限 {0}。'],
  ['Object has fewer properties than the required number of {0}', '对象的属性少于要求的 {0} 个'],
  ['Object is missing property {0} required by property {1}.', '对象缺少属性 {0}（属性 {1} 需要它）。'],
  ['String does not match IPv4 format.', '字符串不是 IPv4 格式。'],
  ['String does not match IPv6 format.', '字符串不是 IPv6 格式。'],
  ['String is not a RFC3339 date-time.', '字符串不是 RFC3339 日期时间。'],
  ['URI expected.', '应为 URI。'],
  ['Unresolved alias "{0}"', '未解析的别名 "{0}"'],
  ['Unused anchor "{0}"', '未使用的锚点 "{0}"'],
  ['Flow style mapping is forbidden', '不允许流式映射'],
  ['Flow style sequence is forbidden', '不允许流式序列'],
];

/** The `yaml` parser's syntax errors: translated by their start, whatever follows is kept. */
const SYNTAX_PREFIXES: [string, string][] = [
  ['Implicit keys need to be on a single line', '隐式键必须写在同一行'],
  ['Implicit map keys need to be followed by map values', '隐式映射键后面必须跟映射值'],
  ['Nested mappings are not allowed in compact mappings', '紧凑映射中不允许嵌套映射'],
  ['A block sequence may not be used as an implicit map key', '块序列不能用作隐式映射键'],
  ['All mapping items must start at the same column', '所有映射项必须从同一列开始'],
  ['All sequence items must start at the same column', '所有序列项必须从同一列开始'],
  ['Map keys must be unique', '映射的键必须唯一'],
  ['Tabs are not allowed as indentation', '不允许用制表符缩进'],
  ['Sequence item without - indicator', '序列项缺少 - 标记'],
  ['Missing closing "quote', '缺少右引号'],
  ['Comments must be separated from other tokens by white space characters', '注释必须用空白与其他内容分开'],
  ['Plain value cannot start with', '普通标量不能以此开头：'],
  ['Unexpected', '意外的内容：'],
];

function templateRegex(template: string): RegExp {
  const parts = template.split(/(\{\d\})/);
  return new RegExp('^' + parts.map((p) => (/^\{\d\}$/.test(p) ? '([\\s\\S]*?)' : p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('') + '$');
}

const COMPILED = SCHEMA_MESSAGES.map(([en, zh]) => ({ re: templateRegex(en), order: [...en.matchAll(/\{(\d)\}/g)].map((m) => Number(m[1])), zh }));

/** A diagnostic of monaco-yaml in the UI's language (English messages pass through). */
export function yamlMessageIn(locale: Locale, message: string): string {
  if (locale !== 'zh-CN') return message;
  for (const t of COMPILED) {
    const m = t.re.exec(message);
    if (!m) continue;
    const args: string[] = [];
    t.order.forEach((n, i) => (args[n] = m[i + 1]));
    return t.zh.replace(/\{(\d)\}/g, (_, n: string) => args[Number(n)] ?? '');
  }
  for (const [en, zh] of SYNTAX_PREFIXES) {
    if (message.startsWith(en)) {
      const rest = message.slice(en.length);
      return en === 'Unexpected' || en === 'Plain value cannot start with' ? zh + rest.trimStart() : zh + rest;
    }
  }
  return message;
}
