-- AlterTable
ALTER TABLE "DailyUsage" ADD COLUMN     "reservedTokens" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "Message" ADD COLUMN     "turnLeaseUntil" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "Session" ADD COLUMN     "handoffDeclinedAt" TIMESTAMPTZ(3),
ADD COLUMN     "joinedAt" TIMESTAMPTZ(3),
ADD COLUMN     "joinedByName" TEXT;

-- The live "status" event also announces a member of staff joining a hand-off (the status stays
-- "handoff"; joinedByName goes from null to a name), so the widget can stop saying "waiting".
CREATE OR REPLACE FUNCTION support_notify_session_status() RETURNS trigger AS $$
BEGIN
  IF NEW."status" IS DISTINCT FROM OLD."status" OR NEW."joinedByName" IS DISTINCT FROM OLD."joinedByName" THEN
    PERFORM pg_notify('support_events',
      json_build_object('t', 'status', 's', NEW."id", 'status', NEW."status", 'joined', NEW."joinedByName")::text);
  END IF;
  RETURN NULL;
END
$$ LANGUAGE plpgsql;

DROP TRIGGER session_status_notify ON "Session";
CREATE TRIGGER session_status_notify AFTER UPDATE OF "status", "joinedByName" ON "Session"
  FOR EACH ROW EXECUTE FUNCTION support_notify_session_status();
