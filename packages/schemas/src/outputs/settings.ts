// Outputs of the settings procedures that are not also their inputs.
import { z } from "zod";
import { ZAvailability } from "../business-hours.ts";

/** What the widget needs to draw itself before a conversation exists (`widget.config`). Nothing secret. */
export const ZWidgetConfig = z.object({
  businessName: z.string(),
  welcomeMessage: z.string(),
  widgetColor: z.string(),
  widgetPosition: z.enum(["left", "right"]),
  faqOnly: z.boolean(),
  /** Links in replies are clickable only to these hosts and their subdomains; others show as text. */
  linkDomains: z.array(z.string()),
  /** People now (business hours), or when they are back. */
  availability: ZAvailability,
  /** Quick start: up to four questions the welcome screen offers (the admin's, else the most-asked FAQs). */
  suggestedQuestions: z.array(z.string()),
});
export type WidgetConfig = z.infer<typeof ZWidgetConfig>;
