-- AlterTable
ALTER TABLE "Settings" ADD COLUMN     "timeZone" TEXT NOT NULL DEFAULT 'UTC';

-- CreateTable
CREATE TABLE "ModelPrice" (
    "model" TEXT NOT NULL,
    "promptPerMillion" DECIMAL(12,6) NOT NULL,
    "cachedPerMillion" DECIMAL(12,6) NOT NULL,
    "completionPerMillion" DECIMAL(12,6) NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ModelPrice_pkey" PRIMARY KEY ("model")
);

-- CreateTable
CREATE TABLE "UnansweredGroupClosed" (
    "id" UUID NOT NULL,
    "lexemes" TEXT[],
    "example" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "faqId" TEXT,
    "closedByName" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "UnansweredGroupClosed_pkey" PRIMARY KEY ("id")
);
-- Published list prices (USD per million tokens) of the models the bot is usually run with;
-- admins change them in the console's Insights page.
INSERT INTO "ModelPrice" ("model", "promptPerMillion", "cachedPerMillion", "completionPerMillion") VALUES
  ('gpt-4o-mini', 0.15, 0.075, 0.60),
  ('gpt-4o', 2.50, 1.25, 10.00),
  ('gpt-4.1-mini', 0.40, 0.10, 1.60),
  ('gpt-4.1-nano', 0.10, 0.025, 0.40),
  ('gpt-4.1', 2.00, 0.50, 8.00),
  ('gpt-5-mini', 0.25, 0.025, 2.00)
ON CONFLICT ("model") DO NOTHING;
