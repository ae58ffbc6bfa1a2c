-- AlterTable
ALTER TABLE "Session" ADD COLUMN     "erasedAt" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "Settings" ADD COLUMN     "retentionDays" INTEGER;

-- CreateIndex
CREATE INDEX "Session_status_erasedAt_lastSeenAt_idx" ON "Session"("status", "erasedAt", "lastSeenAt");
