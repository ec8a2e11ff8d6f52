/** An item id typed by a user: a unique prefix is enough; an ambiguous one lists the candidates. */
import { isUserError } from '../core/errors.js';
import { resolveItemId } from '../search/resolve-id.js';
import type { Store } from '../store/store.js';

/**
 * The id `typed` names, or null when no item starts with it; an ambiguous prefix throws the
 * `ambiguous` UserError of resolveItemId (one resolver for every command).
 * @example itemIdFrom(store, 'em-14e5') // 'em-14e5e38b684d9b0f818b411b'
 */
export function itemIdFrom(store: Store, typed: string): string | null {
  try {
    return resolveItemId(store, typed);
  } catch (err) {
    if (isUserError(err, 'not-found')) return null;
    throw err;
  }
}
