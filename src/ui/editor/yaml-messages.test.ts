import { describe, expect, it } from 'vitest';
import { yamlMessageIn } from './yaml-messages';

describe('monaco-yaml diagnostics in the UI language', () => {
  it('translates yaml-language-server messages with their arguments in place', () => {
    expect(yamlMessageIn('zh-CN', 'Property ipipmode is not allowed.')).toBe('不允许属性 ipipmode。');
    expect(yamlMessageIn('zh-CN', 'Missing property "cidr".')).toBe('缺少属性 "cidr"。');
    expect(yamlMessageIn('zh-CN', 'Incorrect type. Expected "integer".')).toBe('类型错误，应为 "integer"。');
    expect(yamlMessageIn('zh-CN', 'Value is not accepted. Valid values: "Always", "CrossSubnet", "Never".')).toBe('不接受该值。有效值："Always", "CrossSubnet", "Never"。');
    expect(yamlMessageIn('zh-CN', 'Object is missing property a required by property b.')).toBe('对象缺少属性 a（属性 b 需要它）。');
    expect(yamlMessageIn('zh-CN', 'Value is below the minimum of 20.')).toBe('值小于最小值 20。');
  });

  it('translates the parser\'s syntax errors by their start and keeps the rest', () => {
    expect(yamlMessageIn('zh-CN', 'Implicit keys need to be on a single line')).toBe('隐式键必须写在同一行');
    expect(yamlMessageIn('zh-CN', 'Map keys must be unique at line 3, column 1')).toBe('映射的键必须唯一 at line 3, column 1');
  });

  it('leaves English alone, and unknown messages in English', () => {
    expect(yamlMessageIn('en', 'Property ipipmode is not allowed.')).toBe('Property ipipmode is not allowed.');
    expect(yamlMessageIn('zh-CN', 'Something new in a later version.')).toBe('Something new in a later version.');
  });
});
