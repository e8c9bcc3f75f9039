import { describe, expect, test } from 'vitest';

import { FRESH_MS, reportOpener } from './reportOpen';

function counted() {
  const reads: string[] = [];
  const read = (name: string) => {
    reads.push(name);
    return name.endsWith('missing') ? Promise.reject(new Error('not found')) : Promise.resolve(`${name}#${reads.length}`);
  };
  return { reads, read };
}

describe('reportOpener', () => {
  test('the page takes the answer the router started: one GetReport, not two', async () => {
    const { reads, read } = counted();
    const opener = reportOpener(read);
    opener.start('agencies/a/reports/2024');
    expect(await opener.take('agencies/a/reports/2024')).toBe('agencies/a/reports/2024#1');
    expect(reads).toEqual(['agencies/a/reports/2024']);
  });

  test('an answer is taken once: the next load reads afresh', async () => {
    const { reads, read } = counted();
    const opener = reportOpener(read);
    opener.start('agencies/a/reports/2024');
    await opener.take('agencies/a/reports/2024');
    expect(await opener.take('agencies/a/reports/2024')).toBe('agencies/a/reports/2024#2');
    expect(reads).toHaveLength(2);
  });

  test('another report, or an answer left too long, is read afresh', async () => {
    const { reads, read } = counted();
    let clock = 0;
    const opener = reportOpener(read, () => clock);
    opener.start('agencies/a/reports/2023');
    expect(await opener.take('agencies/a/reports/2024')).toBe('agencies/a/reports/2024#2');
    opener.start('agencies/a/reports/2024');
    clock += FRESH_MS + 1;
    expect(await opener.take('agencies/a/reports/2024')).toBe('agencies/a/reports/2024#4');
    expect(reads).toHaveLength(4);
  });

  test('a failed read is the page\'s to show when it takes it', async () => {
    const { read } = counted();
    const opener = reportOpener(read);
    opener.start('agencies/a/reports/missing');
    await expect(opener.take('agencies/a/reports/missing')).rejects.toThrow('not found');
  });
});
