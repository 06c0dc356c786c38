// Users to assign events and tickets to: the user list when the caller may read it, else just the caller.
import { api, call } from '../../lib/api';
import { useSession } from '../../lib/session';
import { useLoad } from '../../lib/use-load';

export interface UserChoice {
  id: string;
  name: string;
}

export function useAssignableUsers(): UserChoice[] {
  const { me, can } = useSession();
  const readable = can('users.read');
  const users = useLoad(() => (readable ? call(api.GET('/api/users')) : Promise.resolve([])), [readable]);
  const mine: UserChoice = { id: me.id, name: `${me.displayName || me.username} (me)` };
  const others = (users.data ?? []).filter((u) => u.id !== me.id).map((u) => ({ id: u.id, name: u.displayName || u.username }));
  return [mine, ...others];
}

export function userName(users: UserChoice[], id: string | null | undefined): string {
  if (!id) return 'nobody';
  return users.find((u) => u.id === id)?.name ?? id;
}
