-- AlterTable
ALTER TABLE "Settings" ADD COLUMN     "allowedLinkDomains" TEXT[] DEFAULT ARRAY[]::TEXT[];
