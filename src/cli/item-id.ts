/** An item id typed by a user: a unique prefix is enough; an ambiguous one lists the candidates. */
import { idsWithPrefix, resolveId } from '../search/item.js';
import type { Store } from '../store/store.js';
import { UserError } from './errors.js';

/** How many candidates an ambiguous prefix names. */
const SHOWN_CANDIDATES = 5;

/**
 * @example itemIdFrom(store, 'em-14e5') // 'em-14e5e38b684d9b0f818b411b'
 */
export function itemIdFrom(store: Store, typed: string): string | null {
  const id = resolveId(store, typed);
  if (id) return id;
  const many = idsWithPrefix(store, typed, SHOWN_CANDIDATES);
  if (many.length > 1)
    throw new UserError(
      `id prefix "${typed}" is ambiguous: ${many.join(', ')}${many.length >= SHOWN_CANDIDATES ? ', …' : ''}; type more characters`,
    );
  return null;
}
