import { describe, expect, it } from 'vitest';
import { checkRun } from '../src/index.js';
import { validRun } from './builders.js';

describe('a correct hand-made run', () => {
  it('has no violations', () => {
    const { violations } = checkRun(validRun());
    expect(violations).toEqual([]);
  });

  it('says what it checked', () => {
    const { checked } = checkRun(validRun());
    expect(checked).toEqual({ assignments: 5, requests: 5, ambassadors: 3, unfilled: 3 });
  });
});
