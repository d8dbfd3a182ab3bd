import { describe, expect, it } from 'vitest';
import { neutralise, tableToCsv } from '../src/render/csv.js';

describe('CSV', () => {
  it('neutralises cells a spreadsheet would run as formulas, and nothing else', () => {
    expect(['=HYPERLINK("x")', '+1', '-cmd', '@SUM(A1)', '\tx', 'St Mary'].map(neutralise)).toEqual([
      `'=HYPERLINK("x")`,
      "'+1",
      "'-cmd",
      "'@SUM(A1)",
      "'\tx",
      'St Mary',
    ]);
    expect(neutralise(-3)).toBe(-3);
  });

  it('writes RFC 4180: a header of column keys, CRLF, quotes only where needed', () => {
    const csv = tableToCsv({
      id: 't',
      title: 'T',
      columns: [
        { key: 'name', label: 'Name', kind: 'text' },
        { key: 'n', label: 'N', kind: 'number' },
        { key: 'priority', label: 'Priority', kind: 'text' },
      ],
      rows: [
        ['Smith, "Jones" & Co', 2, true],
        ['=1+1', null, false],
      ],
    });
    expect(csv).toBe('name,n,priority\r\n"Smith, ""Jones"" & Co",2,true\r\n\'=1+1,,false\r\n');
  });
});
