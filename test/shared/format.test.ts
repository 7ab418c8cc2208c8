import { describe, expect, it } from 'vitest';
import { formatChance, formatUsd, significant, table } from '../../shared/format.js';

describe('money and numbers for people', () => {
  it('never prints exponent notation', () => {
    expect(formatUsd(5.22e-7)).toBe('$0.000000522');
    expect(formatUsd(0.000461)).toBe('$0.000461');
    expect(formatUsd(0.0126)).toBe('$0.0126');
    expect(formatUsd(1.5)).toBe('$1.50');
    expect(formatUsd(0)).toBe('$0');
    expect(significant(1000, 3)).toBe('1000');
    expect(significant(123.456, 3)).toBe('123');
    expect(significant(0.1, 3)).toBe('0.1');
  });

  it('aligns tables, numbers to the right', () => {
    expect(table(['model', 'cost'], [['a/b', '$1.00'], ['a/long-name', '$10.00']])).toBe(
      ['model          cost', '-----------  ------', 'a/b           $1.00', 'a/long-name  $10.00'].join('\n'),
    );
  });
});

describe('formatChance', () => {
  it('never prints a prediction as certain', () => {
    expect(formatChance(0.999)).toBe('>99%');
    expect(formatChance(0.994)).toBe('99%');
    expect(formatChance(0.5)).toBe('50%');
    expect(formatChance(0.004)).toBe('<1%');
    expect(formatChance(0)).toBe('<1%');
  });
});
