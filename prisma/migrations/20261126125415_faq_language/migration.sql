-- AlterTable
ALTER TABLE "Settings" ADD COLUMN     "faqLanguage" TEXT NOT NULL DEFAULT 'english';
