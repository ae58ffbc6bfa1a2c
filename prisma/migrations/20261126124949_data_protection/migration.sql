-- AlterTable
ALTER TABLE "Session" ADD COLUMN     "erasedAt" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "Settings" ADD COLUMN     "retentionDays" INTEGER;
