// What the widget tells a customer about people (from widget.config, see domain/business-hours):
// outside business hours when the team is back and that the answer comes by email; inside them the
// typical reply time. One wording, used by the hand-off step and while the customer waits.

import type { RouterOutputs } from "@support/client";

/** From the widget config: people now, or when they are back. */
export type Availability = RouterOutputs["widget"]["config"]["availability"];

/** "Tuesday at 09:00" in the customer's own time zone. */
function when(iso: string): string {
  return new Intl.DateTimeFormat(undefined, { weekday: "long", hour: "2-digit", minute: "2-digit" })
    .format(new Date(iso))
    .replace(/,? /, " at ");
}

export function availabilityNote(a: Availability | null): string | null {
  if (!a) return null;
  if (!a.open)
    return a.backAt
      ? `We're away right now and back ${when(a.backAt)}; we'll answer you by email.`
      : "We're away right now; we'll answer you by email.";
  if (a.typicalReplyMinutes === null) return null;
  return a.typicalReplyMinutes < 60
    ? `We typically reply within ${a.typicalReplyMinutes} min.`
    : `We typically reply within ${Math.round(a.typicalReplyMinutes / 60)} h.`;
}
