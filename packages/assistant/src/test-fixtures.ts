// Shared by this package's tests (not exported from the package index): a small shop's FAQs, so the
// turn and FAQ-only tests ask their questions of the same entries, and the fake OpenAI server's
// per-file lifecycle.
import { afterAll, beforeAll, beforeEach } from "vitest";
import { startFakeOpenAi, type FakeOpenAi } from "../../../tests/fakes/openai-server.ts";
import { createInMemoryFaqSource } from "./in-memory-faq-source.ts";
import type { FaqEntry } from "./types.ts";

/** Refunds first: the entry the tests' refund questions must select and cite. */
export const SHOP_FAQS: readonly FaqEntry[] = [
  {
    id: "refunds",
    question: "How do refunds work?",
    answer: "We refund within 14 days of receiving the item.",
    category: "billing",
  },
  {
    id: "shipping",
    question: "Do you ship internationally?",
    answer: "We ship to the EU, UK and US.",
    category: "shipping",
  },
  {
    id: "password",
    question: "How can I reset my password?",
    answer: "Use the 'Forgot password' link on the login page.",
    category: "account",
  },
  {
    id: "hours",
    question: "What are your opening hours?",
    answer: "Monday to Friday, 9:00 to 17:00 CET.",
    category: "general",
  },
];

export const shopFaqSource = createInMemoryFaqSource(SHOP_FAQS);

/**
 * The fake OpenAI-compatible server for this test file: started once, reset (behaviour and recorded
 * requests) before each test, closed at the end. Call it at the top level of the file.
 */
export function useFakeOpenAi(): () => FakeOpenAi {
  let fake: FakeOpenAi | undefined;
  beforeAll(async () => {
    fake = await startFakeOpenAi();
  });
  afterAll(async () => {
    await fake?.close();
  });
  beforeEach(() => {
    fake!.setBehavior({});
    fake!.requests.length = 0;
  });
  return () => fake!;
}
