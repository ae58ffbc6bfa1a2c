-- AlterTable
ALTER TABLE "Session" ADD COLUMN     "assigneeId" UUID;

-- CreateIndex
CREATE INDEX "Session_assigneeId_status_idx" ON "Session"("assigneeId", "status");

-- AddForeignKey
ALTER TABLE "Session" ADD CONSTRAINT "Session_assigneeId_fkey" FOREIGN KEY ("assigneeId") REFERENCES "StaffUser"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Existing conversations are owned by whoever their latest ticket is assigned to.
UPDATE "Session" s SET "assigneeId" = t."assigneeId"
FROM (SELECT DISTINCT ON ("sessionId") "sessionId", "assigneeId" FROM "Ticket" ORDER BY "sessionId", "createdAt" DESC) t
WHERE t."sessionId" = s.id AND t."assigneeId" IS NOT NULL;

-- A "changed" event tells every console showing the conversation to read it again: its owner, or
-- its ticket (status, assignee, notes) changed, whichever code path or instance wrote it.
CREATE OR REPLACE FUNCTION support_notify_conversation_changed(session_id uuid) RETURNS void AS $$
BEGIN
  PERFORM pg_notify('support_events', json_build_object('t', 'changed', 's', session_id)::text);
END
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION support_notify_session_assignee() RETURNS trigger AS $$
BEGIN
  IF NEW."assigneeId" IS DISTINCT FROM OLD."assigneeId" THEN
    PERFORM support_notify_conversation_changed(NEW."id");
  END IF;
  RETURN NULL;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER session_assignee_notify AFTER UPDATE OF "assigneeId" ON "Session"
  FOR EACH ROW EXECUTE FUNCTION support_notify_session_assignee();

CREATE OR REPLACE FUNCTION support_notify_ticket_changed() RETURNS trigger AS $$
BEGIN
  PERFORM support_notify_conversation_changed(NEW."sessionId");
  RETURN NULL;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER ticket_changed_notify AFTER INSERT OR UPDATE ON "Ticket"
  FOR EACH ROW EXECUTE FUNCTION support_notify_ticket_changed();

CREATE OR REPLACE FUNCTION support_notify_ticket_note() RETURNS trigger AS $$
BEGIN
  PERFORM support_notify_conversation_changed((SELECT "sessionId" FROM "Ticket" WHERE id = NEW."ticketId"));
  RETURN NULL;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER ticket_note_notify AFTER INSERT ON "TicketNote"
  FOR EACH ROW EXECUTE FUNCTION support_notify_ticket_note();
