// The business's settings as admins edit them in the console.
import { z } from "zod";
import { zText } from "./common.ts";

const ZOrigin = zText()
  .trim()
  .refine((v) => {
    try {
      const u = new URL(v);
      return (
        (u.protocol === "https:" || u.protocol === "http:") &&
        (u.pathname === "/" || u.pathname === "") &&
        !u.search &&
        !u.hash
      );
    } catch {
      return false;
    }
  }, "Enter a website origin such as https://shop.example.com (no path)")
  .transform((v) => new URL(v).origin);

const HOSTNAME = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

/** A domain as admins type it ("example.com", "https://help.example.com/faq"), kept as its host name. */
export const ZLinkDomain = z
  .string()
  .trim()
  .transform((v) => {
    try {
      return new URL(v.includes("://") ? v : `https://${v}`).hostname.toLowerCase();
    } catch {
      return "";
    }
  })
  .pipe(z.string().regex(HOSTNAME, "Enter a domain such as help.example.com"));

export const ZSettingsInput = z.object({
  businessName: zText().trim().min(1, "Enter the business name").max(100),
  persona: zText()
    .trim()
    .min(1, "Describe the bot's persona and tone")
    .max(2000, "Keep the persona under 2000 characters"),
  welcomeMessage: zText()
    .trim()
    .min(1, "Enter a welcome message")
    .max(500, "Keep the welcome message under 500 characters"),
  widgetColor: zText()
    .trim()
    .regex(/^#[0-9a-fA-F]{6}$/, "Use a colour like #2563eb"),
  widgetPosition: z.enum(["left", "right"]),
  allowedOrigins: z.array(ZOrigin).max(50),
  /** Left out: unchanged. Links in replies may point to these domains and their subdomains. */
  allowedLinkDomains: z.array(ZLinkDomain).max(50).optional(),
  historyLength: z.number().int().min(1, "Keep at least 1 message").max(50, "At most 50 messages"),
  faqTokenBudget: z.number().int().min(200, "At least 200 tokens").max(50_000, "At most 50,000 tokens"),
  dailyTokenCap: z.number().int().min(0).max(1_000_000_000),
  notificationEmails: z.array(zText().trim().toLowerCase().email("Enter valid email addresses")).max(20),
});
export type SettingsInput = z.input<typeof ZSettingsInput>;

export const ZSettings = ZSettingsInput.extend({
  widgetPosition: z.enum(["left", "right"]),
  allowedOrigins: z.array(z.string()),
  allowedLinkDomains: z.array(z.string()),
  notificationEmails: z.array(z.string()),
  updatedAt: z.date(),
});
export type SettingsView = z.infer<typeof ZSettings>;
