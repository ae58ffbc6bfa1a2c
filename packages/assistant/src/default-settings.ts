// Defaults for the assistant's settings, used when the business has not changed them.
import type { AssistantSettings } from "./types.ts";

export const DEFAULT_ASSISTANT_SETTINGS: AssistantSettings = {
  businessName: "our company",
  persona: "Friendly, concise and professional.",
  historyLength: 15,
  faqTokenBudget: 2500,
  faqHardCap: 50,
};
