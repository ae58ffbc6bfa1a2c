-- AlterTable
ALTER TABLE "Faq" ADD COLUMN     "alternatePhrasings" TEXT[] DEFAULT ARRAY[]::TEXT[];
