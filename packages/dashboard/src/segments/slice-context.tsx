// The page's slice filter, given to every chart below it beside the segment filter: `useSeries` and
// the drift cards read it, so a page with a slice picker filters all of its numbers by it.

import { createContext, useContext } from 'react';
import type { ReactNode } from 'react';

const NONE: readonly string[] = [];
const SliceFilterContext = createContext<readonly string[]>(NONE);

export function SliceFilterProvider({ slices, children }: { slices: readonly string[] | undefined; children: ReactNode }) {
  return <SliceFilterContext.Provider value={slices ?? NONE}>{children}</SliceFilterContext.Provider>;
}

/** The `feature:value` pairs the charts must filter by (none outside a provider). */
export function useSliceFilter(): readonly string[] {
  return useContext(SliceFilterContext);
}
