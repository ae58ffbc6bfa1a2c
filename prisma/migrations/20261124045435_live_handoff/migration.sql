-- AlterTable
ALTER TABLE "Message" ADD COLUMN     "seq" BIGSERIAL NOT NULL;

-- AlterTable
ALTER TABLE "Session" ADD COLUMN     "handoffAt" TIMESTAMPTZ(3),
ADD COLUMN     "staffReadSeq" BIGINT NOT NULL DEFAULT 0;

-- CreateIndex
CREATE UNIQUE INDEX "Message_seq_key" ON "Message"("seq");

-- CreateIndex
CREATE INDEX "Message_sessionId_seq_idx" ON "Message"("sessionId", "seq");

-- CreateIndex
CREATE INDEX "Session_status_handoffAt_idx" ON "Session"("status", "handoffAt");

-- Live events: every stored message and every conversation status change is announced on the
-- "support_events" channel, whichever code path or server instance wrote it. Listeners read the
-- rows themselves (payloads stay tiny, far below NOTIFY's 8 kB limit).
CREATE FUNCTION support_notify_message() RETURNS trigger AS $$
BEGIN
  PERFORM pg_notify('support_events', json_build_object('t', 'message', 's', NEW."sessionId", 'q', NEW."seq")::text);
  RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER message_notify AFTER INSERT ON "Message"
  FOR EACH ROW EXECUTE FUNCTION support_notify_message();

CREATE FUNCTION support_notify_session_status() RETURNS trigger AS $$
BEGIN
  IF NEW."status" IS DISTINCT FROM OLD."status" THEN
    PERFORM pg_notify('support_events', json_build_object('t', 'status', 's', NEW."id", 'status', NEW."status")::text);
  END IF;
  RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER session_status_notify AFTER UPDATE OF "status" ON "Session"
  FOR EACH ROW EXECUTE FUNCTION support_notify_session_status();
