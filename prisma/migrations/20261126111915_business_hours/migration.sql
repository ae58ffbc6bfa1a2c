-- AlterTable ("timeZone" comes from the insights migration: one business time zone for both)
ALTER TABLE "Settings" ADD COLUMN     "holidays" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "weeklyHours" JSONB NOT NULL DEFAULT '[]';
