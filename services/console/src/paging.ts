// Token paging as the office views page (AIP-158): the token of each page seen so far, so that
// 上一页 goes back without the server keeping state, and a failed call's message in the user's
// language. One place for what OfficeFiling, OfficeCompare and OfficeRepetition each wrote.
import { ref, type Ref } from 'vue';

import { failure } from './failures';

export interface PagedCall<R> {
  response: Ref<R | undefined>;
  tokens: Ref<string[]>; // tokens[i] fetches page i ('' the first)
  page: Ref<number>;
  error: Ref<string>;
  loading: Ref<boolean>;
  load: (to: number) => Promise<void>;
}

// `call` fetches one page given its token; `loaded` runs after each page arrives.
export function usePagedCall<R extends { nextPageToken: string }>(
  call: (pageToken: string) => Promise<R>, loaded?: (response: R) => void): PagedCall<R> {
  const response = ref<R>() as Ref<R | undefined>;
  const tokens = ref<string[]>(['']);
  const page = ref(0);
  const error = ref('');
  const loading = ref(false);
  async function load(to: number) {
    loading.value = true;
    error.value = '';
    try {
      const answer = await call(tokens.value[to] ?? '');
      response.value = answer;
      page.value = to;
      if (answer.nextPageToken) tokens.value[to + 1] = answer.nextPageToken;
      loaded?.(answer);
    } catch (e) {
      error.value = failure(e).message;
    } finally {
      loading.value = false;
    }
  }
  return { response, tokens, page, error, loading, load };
}
