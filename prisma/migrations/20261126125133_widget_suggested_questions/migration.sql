-- AlterTable
ALTER TABLE "Settings" ADD COLUMN     "suggestedQuestions" TEXT[] DEFAULT ARRAY[]::TEXT[];
