import { invalid } from '../../errors';

/** Rejects passwords that are too short or the same as the user name. */
export function checkPassword(password: string, username: string, minLength: number, field = 'password'): void {
  if (password.length < minLength) throw invalid(field, `must be at least ${minLength} characters long`);
  if (password.toLowerCase() === username.toLowerCase()) throw invalid(field, 'must not be the user name');
}

export const USERNAME_PATTERN = '^[a-zA-Z0-9][a-zA-Z0-9._@-]{1,63}$';
