// The signed-in user as this tab knows it: the bearer token (session storage, so it ends with the
// tab and is never shared with other sites) and who the server says it belongs to (GetCaller at
// sign-in: principal, name, roles per agency; see caller.ts).
import { reactive } from 'vue';

import type { CallerInfo } from './caller';

const TOKEN_KEY = 'nianbao.token';
const CALLER_KEY = 'nianbao.caller';

function storedCaller(): CallerInfo | undefined {
  try {
    return JSON.parse(sessionStorage.getItem(CALLER_KEY) ?? '') as CallerInfo;
  } catch {
    return undefined;
  }
}

export const session = reactive<{ token: string; caller: CallerInfo | undefined }>({
  token: sessionStorage.getItem(TOKEN_KEY) ?? '',
  caller: storedCaller(),
});

// Keeps the token for the calls that follow; the caller once GetCaller has answered for it.
export function signIn(token: string): void {
  session.token = token.trim();
  session.caller = undefined;
  sessionStorage.setItem(TOKEN_KEY, session.token);
  sessionStorage.removeItem(CALLER_KEY);
}

export function setCaller(caller: CallerInfo): void {
  session.caller = caller;
  sessionStorage.setItem(CALLER_KEY, JSON.stringify(caller));
}

export function signOut(): void {
  session.token = '';
  session.caller = undefined;
  sessionStorage.removeItem(TOKEN_KEY);
  sessionStorage.removeItem(CALLER_KEY);
}
