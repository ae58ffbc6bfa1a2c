-- AlterTable
ALTER TABLE "Message" ADD COLUMN     "handoffSuggested" BOOLEAN NOT NULL DEFAULT false;
