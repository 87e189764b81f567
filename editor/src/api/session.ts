// The admin token lives for the browser tab's session only (sessionStorage), never in localStorage.
const KEY = 'boomerang.adminToken';

/** The admin token this tab signed in with, if any. */
export const savedToken = (): string | null => sessionStorage.getItem(KEY);
/** Keeps the admin token for this tab's session. */
export const keepToken = (token: string): void => sessionStorage.setItem(KEY, token);
/** Forgets the admin token (sign out, or the server refused it). */
export const forgetToken = (): void => sessionStorage.removeItem(KEY);
