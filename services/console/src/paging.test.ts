import { Code, ConnectError } from '@connectrpc/connect';
import { describe, expect, test } from 'vitest';

import { usePagedCall } from './paging';

describe('usePagedCall', () => {
  test('keeps each page token so that going back asks for the same page again', async () => {
    const asked: string[] = [];
    const pages: Record<string, { items: number[]; nextPageToken: string }> = {
      '': { items: [1, 2], nextPageToken: 't1' },
      t1: { items: [3], nextPageToken: '' },
    };
    const seen: number[][] = [];
    const paged = usePagedCall(async (token) => { asked.push(token); return pages[token]; },
      (r) => seen.push(r.items));
    await paged.load(0);
    await paged.load(1);
    await paged.load(0);
    expect(asked).toEqual(['', 't1', '']);
    expect(paged.tokens.value).toEqual(['', 't1']);
    expect(paged.page.value).toBe(0);
    expect(seen).toEqual([[1, 2], [3], [1, 2]]);
    expect(paged.loading.value).toBe(false);
  });

  test('a refusal leaves the page shown and says why in the server\'s words', async () => {
    let fail = false;
    const paged = usePagedCall(async () => {
      if (fail) throw new ConnectError('未知机关 unknown agency', Code.NotFound);
      return { nextPageToken: 'next' };
    });
    await paged.load(0);
    fail = true;
    await paged.load(1);
    expect(paged.page.value).toBe(0);
    expect(paged.response.value).toEqual({ nextPageToken: 'next' });
    expect(paged.error.value).toContain('未知机关 unknown agency');
    expect(paged.loading.value).toBe(false);
  });
});
