// The signed-in user as this tab knows it: the bearer token (session storage, so it ends with the
// tab and is never shared with other sites) and the principal's name once a response has told it.
// The API has no "who am I" call yet: the name is learnt from the first change this session makes
// (the report's last_editor, submitter or approver is then the caller) — see README.md.
import { reactive } from 'vue';

const TOKEN_KEY = 'nianbao.token';
const PRINCIPAL_KEY = 'nianbao.principal';

export const session = reactive({
  token: sessionStorage.getItem(TOKEN_KEY) ?? '',
  principal: sessionStorage.getItem(PRINCIPAL_KEY) ?? '',
});

export function signIn(token: string): void {
  session.token = token.trim();
  session.principal = '';
  sessionStorage.setItem(TOKEN_KEY, session.token);
  sessionStorage.removeItem(PRINCIPAL_KEY);
}

export function signOut(): void {
  session.token = '';
  session.principal = '';
  sessionStorage.removeItem(TOKEN_KEY);
  sessionStorage.removeItem(PRINCIPAL_KEY);
}

export function learnPrincipal(name: string): void {
  if (!name || session.principal === name) return;
  session.principal = name;
  sessionStorage.setItem(PRINCIPAL_KEY, name);
}
