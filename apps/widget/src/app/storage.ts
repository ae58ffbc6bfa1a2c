// Everything the widget keeps lives in the iframe's own localStorage (never the host page's, never
// a URL). Storage can be blocked (privacy settings): then we keep it in memory for this page view.
const SESSION_KEY = "support-widget:session";
const DRAFT_KEY = "support-widget:unsent";
const BROWSER_KEY = "support-widget:browser";

const memory = new Map<string, string>();

function read(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return memory.get(key) ?? null;
  }
}

function write(key: string, value: string | null): void {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, value);
  } catch {
    if (value === null) memory.delete(key);
    else memory.set(key, value);
  }
}

// The server refuses anything not shaped like its tokens with a 400 (not "expired"), so a damaged
// stored value is dropped here and the widget simply starts a new conversation.
const SESSION_TOKEN = /^[A-Za-z0-9_-]{43}$/;

export const sessionStore = {
  get: () => {
    const token = read(SESSION_KEY);
    return token && SESSION_TOKEN.test(token) ? token : null;
  },
  set: (token: string) => write(SESSION_KEY, token),
  clear: () => write(SESSION_KEY, null),
};

/** A random id for this browser, so staff see its earlier conversations; created on first use. */
export function browserId(): string {
  const stored = read(BROWSER_KEY);
  if (stored && /^[A-Za-z0-9_-]{16,64}$/.test(stored)) return stored;
  // getRandomValues works on plain-http pages too (randomUUID needs a secure context).
  const id = Array.from(crypto.getRandomValues(new Uint8Array(16)), (x) => x.toString(16).padStart(2, "0")).join("");
  write(BROWSER_KEY, id);
  return id;
}

/** A message the customer tried to send but that has not reached the server yet. */
export type UnsentMessage = { clientMessageId: string; text: string };

export const unsentStore = {
  get(): UnsentMessage | null {
    const raw = read(DRAFT_KEY);
    if (!raw) return null;
    try {
      const v = JSON.parse(raw) as Partial<UnsentMessage>;
      return typeof v.clientMessageId === "string" && typeof v.text === "string"
        ? { clientMessageId: v.clientMessageId, text: v.text }
        : null;
    } catch {
      return null;
    }
  },
  set: (m: UnsentMessage | null) => write(DRAFT_KEY, m ? JSON.stringify(m) : null),
};
