-- AlterTable
ALTER TABLE "Faq" ADD COLUMN     "embedding" REAL[],
ADD COLUMN     "embeddingKey" TEXT;
