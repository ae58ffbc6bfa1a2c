// The follow-up email to a customer: the staff replies they have not seen, a link back to the
// conversation in the widget, and an unsubscribe link. Plain text and simple HTML, same content.
import type { FollowUpMail } from "../domain/follow-up/follow-up.ts";
import { escapeHtml } from "./ticket-mail.ts";

export function renderFollowUpMail(m: FollowUpMail): {
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
} {
  const from = (r: FollowUpMail["replies"][number]) => r.authorName ?? m.businessName;
  const subject = `${from(m.replies[0]!)} from ${m.businessName} replied to your message`;
  const text = [
    `You have ${m.replies.length === 1 ? "a reply" : `${m.replies.length} replies`} from ${m.businessName}:`,
    "",
    ...m.replies.flatMap((r) => [`${from(r)}:`, r.content, ""]),
    `Continue the conversation: ${m.reopenUrl}`,
    "",
    `You got this email because you left your address in our chat. Stop these emails: ${m.unsubscribeUrl}`,
  ].join("\n");
  const html = `<!doctype html><html><body style="font-family:system-ui,sans-serif;color:#111827">
<p>You have ${m.replies.length === 1 ? "a reply" : `${m.replies.length} replies`} from ${escapeHtml(m.businessName)}:</p>
${m.replies.map((r) => `<p><strong>${escapeHtml(from(r))}:</strong><br>${escapeHtml(r.content).replace(/\n/g, "<br>")}</p>`).join("\n")}
<p><a href="${escapeHtml(m.reopenUrl)}">Continue the conversation</a></p>
<p style="color:#6b7280;font-size:12px">You got this email because you left your address in our chat. <a href="${escapeHtml(m.unsubscribeUrl)}">Stop these emails</a>.</p>
</body></html>`;
  // RFC 8058 one-click unsubscribe for mail clients that offer it.
  return {
    subject,
    text,
    html,
    headers: { "List-Unsubscribe": `<${m.unsubscribeUrl}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" },
  };
}
