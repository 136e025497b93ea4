import { useState } from 'react';

/**
 * The first `limit` items until the user asks for all of them. `toggle` is what a `ShowAllButton` needs;
 * `truncates` says whether there is anything to show or hide.
 */
export function useShowAll<T>(items: T[], limit: number) {
  const [showingAll, setShowingAll] = useState(false);
  return {
    shown: showingAll ? items : items.slice(0, limit),
    truncates: items.length > limit,
    toggle: {
      total: items.length,
      showingAll,
      onToggle: () => setShowingAll(s => !s),
    },
  };
}
