// The page's segment filter, given to every chart below it: `useSeries` and the drift cards read
// it, so a page that shows a segment picker filters all of its numbers, and other pages none.

import { createContext, useContext } from 'react';
import type { ReactNode } from 'react';

const NONE: readonly string[] = [];
const SegmentFilterContext = createContext<readonly string[]>(NONE);

export function SegmentFilterProvider({ segments, children }: { segments: readonly string[] | undefined; children: ReactNode }) {
  return <SegmentFilterContext.Provider value={segments ?? NONE}>{children}</SegmentFilterContext.Provider>;
}

/** The `key:value` pairs the charts must filter by (none outside a provider). */
export function useSegmentFilter(): readonly string[] {
  return useContext(SegmentFilterContext);
}
