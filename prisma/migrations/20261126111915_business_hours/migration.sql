-- AlterTable
ALTER TABLE "Settings" ADD COLUMN     "holidays" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "timeZone" TEXT NOT NULL DEFAULT 'UTC',
ADD COLUMN     "weeklyHours" JSONB NOT NULL DEFAULT '[]';
