-- Each FAQ's prompt-entry token count (o200k), so a customer turn budgets its FAQs by adding
-- stored numbers instead of loading a tokenizer. Existing rows start NULL; the server counts and
-- stores them at start and on first use. If the entry format (formatFaqEntry) ever changes, a
-- migration must set every count back to NULL so they are recounted.
-- AlterTable
ALTER TABLE "Faq" ADD COLUMN     "promptTokens" INTEGER;
