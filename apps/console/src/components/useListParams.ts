// A list page's filters, sort and page kept in the URL's query string, so a reload, Back or a
// shared link shows the same list. Values equal to their default are left out of the URL; changing
// anything but the page goes back to page 1. Changes replace the history entry (typing a search
// does not fill Back with every letter).
import { useSearchParams } from "wouter";

export function useListParams<K extends string>(defaults: Record<K, string>) {
  const [params, setParams] = useSearchParams();
  const values = Object.fromEntries(
    (Object.keys(defaults) as K[]).map((k) => [k, params.get(k) ?? defaults[k]]),
  ) as Record<K, string>;
  const set = (patch: Partial<Record<K, string | number>>) => {
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (!("page" in patch)) next.delete("page");
        for (const [key, value] of Object.entries(patch) as Array<[K, string | number]>) {
          if (String(value) === defaults[key]) next.delete(key);
          else next.set(key, String(value));
        }
        return next;
      },
      { replace: true },
    );
  };
  return { values, set };
}

/** `value` when it is one of `allowed`, else `fallback` (a hand-edited URL can hold anything). */
export function oneOf<T extends string>(value: string | null, allowed: readonly T[], fallback: T): T {
  return allowed.includes(value as T) ? (value as T) : fallback;
}
