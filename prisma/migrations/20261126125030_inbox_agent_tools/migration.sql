-- AlterTable
ALTER TABLE "Session" ADD COLUMN     "browserIdHash" TEXT,
ADD COLUMN     "pageUrl" TEXT,
ADD COLUMN     "timeZone" TEXT;

-- CreateTable
CREATE TABLE "ConversationNote" (
    "id" UUID NOT NULL,
    "sessionId" UUID NOT NULL,
    "authorStaffId" UUID,
    "authorName" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "clientNoteId" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ConversationNote_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SavedReply" (
    "id" UUID NOT NULL,
    "shortcut" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "updatedByName" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "SavedReply_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ConversationNote_sessionId_createdAt_idx" ON "ConversationNote"("sessionId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "ConversationNote_sessionId_clientNoteId_key" ON "ConversationNote"("sessionId", "clientNoteId");

-- CreateIndex
CREATE UNIQUE INDEX "SavedReply_shortcut_key" ON "SavedReply"("shortcut");

-- CreateIndex
CREATE INDEX "Session_browserIdHash_createdAt_idx" ON "Session"("browserIdHash", "createdAt");

-- AddForeignKey
ALTER TABLE "ConversationNote" ADD CONSTRAINT "ConversationNote_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "Session"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConversationNote" ADD CONSTRAINT "ConversationNote_authorStaffId_fkey" FOREIGN KEY ("authorStaffId") REFERENCES "StaffUser"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- A new internal note tells every console showing the conversation to read it again (the same
-- "changed" event as owner and ticket changes); the customer's stream never carries "changed".
CREATE OR REPLACE FUNCTION support_notify_conversation_note() RETURNS trigger AS $$
BEGIN
  PERFORM support_notify_conversation_changed(NEW."sessionId");
  RETURN NULL;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER conversation_note_notify AFTER INSERT ON "ConversationNote"
  FOR EACH ROW EXECUTE FUNCTION support_notify_conversation_note();
