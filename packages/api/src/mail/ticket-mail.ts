// The "new ticket" mail to staff: plain text and a simple HTML version of the same content.
import { ticketReference, type SnapshotMessage } from "@support/schemas";

export type TicketMailInput = {
  number: number;
  id: string;
  issueSummary: string;
  customerContact: string | null;
  createdAt: Date;
  snapshot: SnapshotMessage[];
  businessName: string;
  publicUrl: string;
};

export const MAIL_MESSAGES = 6;

const WHO: Record<SnapshotMessage["role"], string> = {
  user: "Customer",
  assistant: "Bot",
  agent: "Agent",
  system: "Notice",
};

export function ticketUrl(publicUrl: string, ticketId: string): string {
  return `${publicUrl.replace(/\/+$/, "")}/console/tickets/${ticketId}`;
}

function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

function time(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toISOString().replace("T", " ").slice(0, 16) + " UTC";
}

export function renderTicketMail(t: TicketMailInput): { subject: string; text: string; html: string } {
  const ref = ticketReference(t.number);
  const link = ticketUrl(t.publicUrl, t.id);
  const messages = t.snapshot.filter((m) => m.role !== "system").slice(-MAIL_MESSAGES);
  const who = (m: SnapshotMessage) => (m.role === "agent" && m.authorName ? m.authorName : WHO[m.role]);
  const subject = `New ticket ${ref}: ${oneLine(t.issueSummary, 70)}`;
  const text = [
    `A customer of ${t.businessName} asked for a person.`,
    "",
    `Ticket:  ${ref}`,
    `Issue:   ${t.issueSummary}`,
    `Contact: ${t.customerContact ?? "not given (reply in the chat from the console)"}`,
    `Created: ${time(t.createdAt.toISOString())}`,
    "",
    messages.length ? "Last messages:" : "No messages before the request.",
    ...messages.map((m) => `  ${who(m)} (${time(m.createdAt)}): ${oneLine(m.content, 500)}`),
    "",
    `Open the ticket: ${link}`,
    "",
  ].join("\n");
  const html = `<!doctype html><html><body style="font-family:system-ui,sans-serif;color:#111827;line-height:1.5">
<p>A customer of ${escapeHtml(t.businessName)} asked for a person.</p>
<table style="border-collapse:collapse">
<tr><td style="padding:2px 12px 2px 0;color:#6b7280">Ticket</td><td><strong>${escapeHtml(ref)}</strong></td></tr>
<tr><td style="padding:2px 12px 2px 0;color:#6b7280">Issue</td><td>${escapeHtml(t.issueSummary)}</td></tr>
<tr><td style="padding:2px 12px 2px 0;color:#6b7280">Contact</td><td>${t.customerContact ? escapeHtml(t.customerContact) : "not given"}</td></tr>
<tr><td style="padding:2px 12px 2px 0;color:#6b7280">Created</td><td>${escapeHtml(time(t.createdAt.toISOString()))}</td></tr>
</table>
${messages.length ? `<h3 style="margin:16px 0 4px">Last messages</h3>` : ""}
${messages.map((m) => `<p style="margin:4px 0"><strong>${escapeHtml(who(m))}</strong> <span style="color:#6b7280">${escapeHtml(time(m.createdAt))}</span><br>${escapeHtml(oneLine(m.content, 500))}</p>`).join("\n")}
<p style="margin-top:20px"><a href="${escapeHtml(link)}" style="background:#2563eb;color:#fff;padding:8px 14px;border-radius:6px;text-decoration:none">Open ticket ${escapeHtml(ref)}</a></p>
</body></html>`;
  return { subject, text, html };
}
