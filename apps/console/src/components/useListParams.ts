// A list page's filters, sort and page kept in the URL's query string, so a reload, Back or a
// shared link shows the same list. Values equal to their default are left out of the URL; changing
// anything but the page goes back to page 1.
import { navigate, usePath, useSearchParams } from "../router.tsx";

export function useListParams<K extends string>(defaults: Record<K, string>) {
  const path = usePath();
  const params = useSearchParams();
  const values = Object.fromEntries(
    (Object.keys(defaults) as K[]).map((k) => [k, params.get(k) ?? defaults[k]]),
  ) as Record<K, string>;
  const set = (patch: Partial<Record<K, string | number>>) => {
    const next = new URLSearchParams(params);
    if (!("page" in patch)) next.delete("page");
    for (const [key, value] of Object.entries(patch) as Array<[K, string | number]>) {
      if (String(value) === defaults[key]) next.delete(key);
      else next.set(key, String(value));
    }
    const query = next.toString();
    navigate(`${path}${query ? `?${query}` : ""}`, { replace: true, keepScroll: true });
  };
  return { values, set };
}

/** `value` when it is one of `allowed`, else `fallback` (a hand-edited URL can hold anything). */
export function oneOf<T extends string>(value: string | null, allowed: readonly T[], fallback: T): T {
  return allowed.includes(value as T) ? (value as T) : fallback;
}
