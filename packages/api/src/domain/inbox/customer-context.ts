// What staff see about a customer beside the thread: where the chat started, their browser and
// local time zone, and the other conversations started in the same browser. The widget sends the page, the
// zone and a random browser id when a conversation starts; odd values are dropped, never refused.
import Bowser from "bowser";
import type { PrismaClient, Session } from "@support/db";
import { ticketReference } from "@support/schemas";
import { hashSecret } from "../../lib/tokens.ts";

/** An http(s) URL without its fragment (which never reaches a server and may hold app state), or null. */
export function normalizePageUrl(raw: string | undefined): string | null {
  if (!raw) return null;
  try {
    const url = new URL(raw);
    if (url.protocol !== "http:" && url.protocol !== "https:") return null;
    url.hash = "";
    url.username = "";
    url.password = "";
    return url.href.slice(0, 2000);
  } catch {
    return null;
  }
}

/** An IANA zone this server's Intl knows (so the console can show the time in it), or null. */
export function normalizeTimeZone(raw: string | undefined): string | null {
  if (!raw) return null;
  try {
    return new Intl.DateTimeFormat("en-US", { timeZone: raw }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

/** The widget's browser id is a random value, but stored hashed all the same: it only ever needs matching. */
export function browserIdHash(browserId: string | undefined): string | null {
  return browserId ? hashSecret(`browser:${browserId}`) : null;
}

/** "Chrome 131 on Windows 10" and the device kind, parsed with bowser; nulls when nothing is recognisable. */
export function describeUserAgent(userAgent: string | null): { browser: string | null; device: string | null } {
  if (!userAgent) return { browser: null, device: null };
  const parsed = Bowser.parse(userAgent);
  const name = parsed.browser.name ?? null;
  const major = parsed.browser.version?.split(".")[0];
  const os = parsed.os.name ? [parsed.os.name, parsed.os.versionName ?? null].filter(Boolean).join(" ") : null;
  const browser = name ? `${name}${major ? ` ${major}` : ""}` : null;
  const text = [browser, os].filter(Boolean).join(" on ");
  return { browser: text || null, device: parsed.platform.type ?? null };
}

const OTHERS_LIMIT = 10;

export async function loadCustomerContext(prisma: PrismaClient, session: Session) {
  const others = session.browserIdHash
    ? await prisma.session.findMany({
        where: { browserIdHash: session.browserIdHash, id: { not: session.id } },
        orderBy: { createdAt: "desc" },
        take: OTHERS_LIMIT,
        select: {
          id: true,
          createdAt: true,
          status: true,
          messages: { where: { role: "user" }, orderBy: { seq: "asc" }, take: 1, select: { content: true } },
          tickets: { orderBy: { createdAt: "desc" }, take: 1, select: { number: true } },
        },
      })
    : [];
  return {
    origin: session.origin,
    pageUrl: session.pageUrl,
    userAgent: session.userAgent,
    ...describeUserAgent(session.userAgent),
    timeZone: session.timeZone,
    startedAt: session.createdAt,
    browserKnown: session.browserIdHash !== null,
    otherConversations: others.map((e) => ({
      conversationId: e.id,
      startedAt: e.createdAt,
      status: e.status,
      firstMessage: e.messages[0]?.content.slice(0, 140) ?? null,
      ticketReference: e.tickets[0] ? ticketReference(e.tickets[0].number) : null,
    })),
  };
}
