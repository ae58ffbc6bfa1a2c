-- AlterTable
ALTER TABLE "Session" ADD COLUMN     "customerSeenSeq" BIGINT NOT NULL DEFAULT 0,
ADD COLUMN     "followUpMailedSeq" BIGINT NOT NULL DEFAULT 0,
ADD COLUMN     "followUpOptOutAt" TIMESTAMPTZ(3),
ADD COLUMN     "unsubscribeToken" TEXT;

-- CreateTable
CREATE TABLE "FollowUpEmail" (
    "sessionId" UUID NOT NULL,
    "dueAt" TIMESTAMPTZ(3) NOT NULL,
    "lastReplySeq" BIGINT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FollowUpEmail_pkey" PRIMARY KEY ("sessionId")
);

-- CreateTable
CREATE TABLE "ReopenLink" (
    "tokenHash" TEXT NOT NULL,
    "sessionId" UUID NOT NULL,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReopenLink_pkey" PRIMARY KEY ("tokenHash")
);

-- CreateIndex
CREATE INDEX "FollowUpEmail_dueAt_idx" ON "FollowUpEmail"("dueAt");

-- CreateIndex
CREATE INDEX "ReopenLink_sessionId_idx" ON "ReopenLink"("sessionId");

-- CreateIndex
CREATE INDEX "ReopenLink_expiresAt_idx" ON "ReopenLink"("expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "Session_unsubscribeToken_key" ON "Session"("unsubscribeToken");

-- AddForeignKey
ALTER TABLE "FollowUpEmail" ADD CONSTRAINT "FollowUpEmail_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "Session"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReopenLink" ADD CONSTRAINT "ReopenLink_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "Session"("id") ON DELETE CASCADE ON UPDATE CASCADE;
