import { createContext, type ReactNode, useContext, useEffect, useMemo, useState } from 'react';
import { api } from './api/client.ts';

/** Where the shopper is: a covered city, and optionally a pincode (the NL engine resolves it to a city). */
export interface ShopperLocation {
  city: string;
  pincode: string;
}

const STORAGE_KEY = 'qcd.location';
const EMPTY: ShopperLocation = { city: '', pincode: '' };

function remembered(): ShopperLocation {
  try {
    const saved = JSON.parse(
      window.localStorage.getItem(STORAGE_KEY) ?? 'null',
    ) as Partial<ShopperLocation> | null;
    return { city: saved?.city ?? '', pincode: saved?.pincode ?? '' };
  } catch {
    return EMPTY;
  }
}

interface LocationState {
  location: ShopperLocation;
  setLocation(location: ShopperLocation): void;
  /** Cities some platform delivers to, from GET /platforms. */
  cities: string[];
  platforms: { slug: string; name: string }[];
}

const LocationContext = createContext<LocationState>({
  location: EMPTY,
  setLocation: () => {},
  cities: [],
  platforms: [],
});

export function LocationProvider({ children }: { children: ReactNode }) {
  const [location, setLocationState] = useState(remembered);
  const [catalog, setCatalog] = useState<Pick<LocationState, 'cities' | 'platforms'>>({
    cities: [],
    platforms: [],
  });
  useEffect(() => {
    const controller = new AbortController();
    api('GET /api/v1/platforms', { signal: controller.signal }).then(
      ({ platforms }) =>
        setCatalog({
          cities: [...new Set(platforms.flatMap((p) => p.coverage.cities ?? []))].sort(),
          platforms: platforms.map((p) => ({ slug: p.platform_slug, name: p.platform })),
        }),
      // The pickers fall back to free text; pages show their own errors.
      () => {},
    );
    return () => controller.abort();
  }, []);
  const value = useMemo<LocationState>(
    () => ({
      location,
      setLocation(next) {
        setLocationState(next);
        window.localStorage.setItem(STORAGE_KEY, JSON.stringify(next));
      },
      ...catalog,
    }),
    [location, catalog],
  );
  return <LocationContext.Provider value={value}>{children}</LocationContext.Provider>;
}

export const useShopperLocation = () => useContext(LocationContext);
