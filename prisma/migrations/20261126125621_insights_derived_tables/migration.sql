-- CreateTable
CREATE TABLE "InsightsConversation" (
    "sessionId" UUID NOT NULL,
    "startedAt" TIMESTAMPTZ(3) NOT NULL,
    "replies" INTEGER NOT NULL,
    "thumbsUp" INTEGER NOT NULL,
    "thumbsDown" INTEGER NOT NULL,
    "lastReplyGaveUp" BOOLEAN NOT NULL,
    "handedOff" BOOLEAN NOT NULL,
    "firstHumanReplyMs" DOUBLE PRECISION,
    "cameBack" BOOLEAN NOT NULL,
    "rated1" INTEGER NOT NULL DEFAULT 0,
    "rated2" INTEGER NOT NULL DEFAULT 0,
    "rated3" INTEGER NOT NULL DEFAULT 0,
    "rated4" INTEGER NOT NULL DEFAULT 0,
    "rated5" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "InsightsConversation_pkey" PRIMARY KEY ("sessionId")
);

-- CreateTable
CREATE TABLE "InsightsUsageSlot" (
    "slot" TIMESTAMPTZ(3) NOT NULL,
    "model" TEXT NOT NULL,
    "replies" INTEGER NOT NULL,
    "promptTokens" BIGINT NOT NULL,
    "cachedTokens" BIGINT NOT NULL,
    "completionTokens" BIGINT NOT NULL,
    "capReplies" INTEGER NOT NULL,

    CONSTRAINT "InsightsUsageSlot_pkey" PRIMARY KEY ("slot","model")
);

-- CreateTable
CREATE TABLE "InsightsFaqSlot" (
    "slot" TIMESTAMPTZ(3) NOT NULL,
    "faqId" TEXT NOT NULL,
    "cited" INTEGER NOT NULL,
    "faqOnly" INTEGER NOT NULL,
    "thumbsUp" INTEGER NOT NULL,
    "thumbsDown" INTEGER NOT NULL,
    "handoffsAfter" INTEGER NOT NULL,

    CONSTRAINT "InsightsFaqSlot_pkey" PRIMARY KEY ("slot","faqId")
);

-- CreateTable
CREATE TABLE "InsightsUnansweredFlag" (
    "sessionId" UUID NOT NULL,
    "questionId" UUID NOT NULL,
    "reason" TEXT NOT NULL,
    "flaggedAt" TIMESTAMPTZ(3) NOT NULL,
    "askedAt" TIMESTAMPTZ(3) NOT NULL,
    "content" TEXT NOT NULL,
    "lexemes" TEXT[],

    CONSTRAINT "InsightsUnansweredFlag_pkey" PRIMARY KEY ("questionId","reason","flaggedAt")
);

-- CreateIndex
CREATE INDEX "InsightsUnansweredFlag_flaggedAt_idx" ON "InsightsUnansweredFlag"("flaggedAt");

-- CreateIndex
CREATE INDEX "InsightsUnansweredFlag_sessionId_idx" ON "InsightsUnansweredFlag"("sessionId");

-- CreateIndex
CREATE INDEX "InsightsConversation_startedAt_idx" ON "InsightsConversation"("startedAt");

-- ---------------------------------------------------------------------------------------------
-- Keeping the derived tables equal to their source rows. Each function below recomputes whole
-- rows from Message, Ticket and Session (never adds to a stored number), and triggers call them in
-- the transaction that changed a source row. Concurrent writers to one conversation or one slot
-- are serialised by an advisory lock taken before the recompute; in READ COMMITTED (what the
-- application uses) each statement after the lock sees what the previous holder committed.
-- Bulk changes (seeding, the backfill below) take one exclusive lock instead of thousands.
-- The definitions mirror the from-scratch SQL in packages/api/src/domain/insights/; the test
-- tests/insights/derived.test.ts checks they give the same figures.
-- ---------------------------------------------------------------------------------------------

CREATE FUNCTION insights_lock(kind int, keys int[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF cardinality(keys) > 64 THEN
    PERFORM pg_advisory_xact_lock(1852797000, 0);
  ELSE
    PERFORM pg_advisory_xact_lock_shared(1852797000, 0);
    PERFORM pg_advisory_xact_lock(1852797000 + kind, k) FROM (SELECT DISTINCT unnest(keys) AS k ORDER BY 1) x;
  END IF;
END $$;

-- The 15-minute UTC slot of an instant.
CREATE FUNCTION insights_slot(at timestamptz) RETURNS timestamptz LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT date_bin('15 minutes', at, timestamptz '2000-01-01 00:00:00+00')
$$;

CREATE FUNCTION insights_refresh_conversations(ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  ids := ARRAY(SELECT DISTINCT x FROM unnest(ids) x WHERE x IS NOT NULL);
  IF cardinality(ids) = 0 THEN RETURN; END IF;
  PERFORM insights_lock(1, ARRAY(SELECT hashtext(x::text) FROM unnest(ids) x));
  DELETE FROM "InsightsConversation" WHERE "sessionId" = ANY(ids);
  INSERT INTO "InsightsConversation" ("sessionId", "startedAt", replies, "thumbsUp", "thumbsDown", "lastReplyGaveUp",
    "handedOff", "firstHumanReplyMs", "cameBack", rated1, rated2, rated3, rated4, rated5)
  SELECT s.id, s."createdAt", a.replies, a.thumbs_up, a.thumbs_down, coalesce(a.last_reply_gave_up, false),
    (t.tickets > 0 OR s."handoffAt" IS NOT NULL OR a.has_agent),
    extract(epoch FROM a.first_agent_at - s."handoffAt")::float8 * 1000,
    EXISTS (
      -- A customer message after a pause of 30 minutes to 24 hours, sharing a word with an earlier one.
      SELECT 1 FROM (
        SELECT m.seq, m.role, m.content, m."createdAt",
          lag(m."createdAt") OVER (ORDER BY m.seq) AS prev_at
        FROM "Message" m WHERE m."sessionId" = s.id AND m.role <> 'system'
      ) r
      WHERE r.role = 'user'
        AND r."createdAt" - r.prev_at >= interval '30 minutes'
        AND r."createdAt" - r.prev_at <= interval '24 hours'
        AND EXISTS (
          SELECT 1 FROM "Message" e
          WHERE e."sessionId" = s.id AND e.role = 'user' AND e.seq < r.seq
            AND tsvector_to_array(to_tsvector('english', e.content)) && tsvector_to_array(to_tsvector('english', r.content))
        )
    ),
    t.r1, t.r2, t.r3, t.r4, t.r5
  FROM "Session" s
  CROSS JOIN LATERAL (
    SELECT
      bool_or(m.role = 'user') AS customer_wrote,
      bool_or(m.role = 'agent') AS has_agent,
      count(*) FILTER (WHERE m.role = 'assistant')::int AS replies,
      count(*) FILTER (WHERE m.role = 'assistant' AND m.feedback = 'up')::int AS thumbs_up,
      count(*) FILTER (WHERE m.role = 'assistant' AND m.feedback = 'down')::int AS thumbs_down,
      (array_agg(m."handoffSuggested" ORDER BY m.seq DESC) FILTER (WHERE m.role = 'assistant'))[1] AS last_reply_gave_up,
      min(m."createdAt") FILTER (WHERE m.role = 'agent' AND m."createdAt" >= s."handoffAt") AS first_agent_at
    FROM "Message" m WHERE m."sessionId" = s.id AND m.role <> 'system'
  ) a
  CROSS JOIN LATERAL (
    SELECT count(*) AS tickets,
      count(*) FILTER (WHERE t.rating = 1)::int AS r1, count(*) FILTER (WHERE t.rating = 2)::int AS r2,
      count(*) FILTER (WHERE t.rating = 3)::int AS r3, count(*) FILTER (WHERE t.rating = 4)::int AS r4,
      count(*) FILTER (WHERE t.rating = 5)::int AS r5
    FROM "Ticket" t WHERE t."sessionId" = s.id
  ) t
  WHERE s.id = ANY(ids) AND a.customer_wrote;
  DELETE FROM "InsightsUnansweredFlag" WHERE "sessionId" = ANY(ids);
  INSERT INTO "InsightsUnansweredFlag" ("sessionId", "questionId", reason, "flaggedAt", "askedAt", content, lexemes)
  SELECT u."sessionId", u.id, f.reason, f.at, u."createdAt", u.content, tsvector_to_array(to_tsvector('english', u.content))
  FROM (
    SELECT r."replyToId" AS question_id, r."createdAt" AS at,
      unnest(array_remove(ARRAY[
        CASE WHEN r.feedback = 'down' THEN 'thumbs_down' END,
        CASE WHEN r."handoffSuggested" THEN CASE WHEN r.mode = 'faq_only' THEN 'faq_only_miss' ELSE 'dont_know' END END
      ], NULL)) AS reason
    FROM "Message" r
    WHERE r."sessionId" = ANY(ids) AND r.role = 'assistant' AND (r."handoffSuggested" OR r.feedback = 'down') AND r."replyToId" IS NOT NULL
    UNION ALL
    SELECT (
      SELECT u.id FROM "Message" u
      WHERE u."sessionId" = t."sessionId" AND u.role = 'user' AND u."createdAt" <= t."createdAt"
        AND EXISTS (SELECT 1 FROM "Message" r WHERE r."replyToId" = u.id)
      ORDER BY u.seq DESC LIMIT 1), t."createdAt", 'handoff'
    FROM "Ticket" t WHERE t."sessionId" = ANY(ids)
  ) f JOIN "Message" u ON u.id = f.question_id
  ON CONFLICT DO NOTHING;
END $$;

CREATE FUNCTION insights_refresh_slots(slots timestamptz[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  slots := ARRAY(SELECT DISTINCT x FROM unnest(slots) x WHERE x IS NOT NULL);
  IF cardinality(slots) = 0 THEN RETURN; END IF;
  PERFORM insights_lock(2, ARRAY(SELECT (extract(epoch FROM x) / 900)::int FROM unnest(slots) x));
  DELETE FROM "InsightsUsageSlot" WHERE slot = ANY(slots);
  DELETE FROM "InsightsFaqSlot" WHERE slot = ANY(slots);
  INSERT INTO "InsightsUsageSlot" (slot, model, replies, "promptTokens", "cachedTokens", "completionTokens", "capReplies")
  SELECT sl, coalesce(r.model, ''),
    count(*) FILTER (WHERE r."promptTokens" IS NOT NULL OR r."completionTokens" IS NOT NULL)::int,
    coalesce(sum(r."promptTokens") FILTER (WHERE r."promptTokens" IS NOT NULL OR r."completionTokens" IS NOT NULL), 0),
    coalesce(sum(r."cachedTokens") FILTER (WHERE r."promptTokens" IS NOT NULL OR r."completionTokens" IS NOT NULL), 0),
    coalesce(sum(r."completionTokens") FILTER (WHERE r."promptTokens" IS NOT NULL OR r."completionTokens" IS NOT NULL), 0),
    count(*) FILTER (WHERE r."fallbackReason" = 'daily_token_cap')::int
  FROM unnest(slots) sl
  JOIN "Message" r ON r.role = 'assistant' AND r."createdAt" >= sl AND r."createdAt" < sl + interval '15 minutes'
  GROUP BY 1, 2;
  INSERT INTO "InsightsFaqSlot" (slot, "faqId", cited, "faqOnly", "thumbsUp", "thumbsDown", "handoffsAfter")
  SELECT u.sl, u.faq_id,
    count(*) FILTER (WHERE u.mode = 'llm')::int,
    count(*) FILTER (WHERE u.mode = 'faq_only')::int,
    count(*) FILTER (WHERE u.feedback = 'up')::int,
    count(*) FILTER (WHERE u.feedback = 'down')::int,
    count(*) FILTER (WHERE s."handoffAt" > u."createdAt"
      OR (SELECT max(t."createdAt") FROM "Ticket" t WHERE t."sessionId" = u."sessionId") > u."createdAt")::int
  FROM (
    SELECT sl, r.mode, r.feedback, r."createdAt", r."sessionId", unnest(r.sources) AS faq_id
    FROM unnest(slots) sl
    JOIN "Message" r ON r.role = 'assistant' AND r."createdAt" >= sl AND r."createdAt" < sl + interval '15 minutes'
    WHERE cardinality(r.sources) > 0
  ) u JOIN "Session" s ON s.id = u."sessionId"
  GROUP BY 1, 2;
END $$;

-- The slots of a conversation's bot replies that cite FAQs: their "hand-offs after" change when
-- the conversation is handed off.
CREATE FUNCTION insights_faq_slots_of(ids uuid[]) RETURNS timestamptz[] LANGUAGE sql STABLE AS $$
  SELECT ARRAY(SELECT DISTINCT insights_slot(m."createdAt") FROM "Message" m
    WHERE m."sessionId" = ANY(ids) AND m.role = 'assistant' AND cardinality(m.sources) > 0)
$$;

CREATE FUNCTION insights_message_rows_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM insights_refresh_conversations(ARRAY(SELECT DISTINCT "sessionId" FROM new_rows));
    PERFORM insights_refresh_slots(ARRAY(SELECT DISTINCT insights_slot("createdAt") FROM new_rows WHERE role = 'assistant'));
  ELSE -- DELETE
    PERFORM insights_refresh_conversations(ARRAY(SELECT DISTINCT "sessionId" FROM old_rows));
    PERFORM insights_refresh_slots(ARRAY(SELECT DISTINCT insights_slot("createdAt") FROM old_rows WHERE role = 'assistant'));
  END IF;
  RETURN NULL;
END $$;

CREATE FUNCTION insights_message_row_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM insights_refresh_conversations(ARRAY[OLD."sessionId", NEW."sessionId"]);
  PERFORM insights_refresh_slots(ARRAY(
    SELECT insights_slot(x."createdAt") FROM (VALUES (OLD.role, OLD."createdAt"), (NEW.role, NEW."createdAt")) x(role, "createdAt")
    WHERE x.role = 'assistant'));
  RETURN NULL;
END $$;

CREATE TRIGGER insights_message_insert AFTER INSERT ON "Message"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION insights_message_rows_changed();
CREATE TRIGGER insights_message_delete AFTER DELETE ON "Message"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION insights_message_rows_changed();
-- Only the columns the metrics read: turn leases and the like change often and don't matter here.
CREATE TRIGGER insights_message_update AFTER UPDATE OF "sessionId", role, content, seq, sources, mode, model, "promptTokens",
    "completionTokens", "cachedTokens", "fallbackReason", "handoffSuggested", feedback, "createdAt" ON "Message"
  FOR EACH ROW WHEN (
    OLD."sessionId" IS DISTINCT FROM NEW."sessionId" OR OLD.role IS DISTINCT FROM NEW.role OR OLD.content IS DISTINCT FROM NEW.content
    OR OLD.seq IS DISTINCT FROM NEW.seq OR OLD.sources IS DISTINCT FROM NEW.sources OR OLD.mode IS DISTINCT FROM NEW.mode
    OR OLD.model IS DISTINCT FROM NEW.model OR OLD."promptTokens" IS DISTINCT FROM NEW."promptTokens"
    OR OLD."completionTokens" IS DISTINCT FROM NEW."completionTokens" OR OLD."cachedTokens" IS DISTINCT FROM NEW."cachedTokens"
    OR OLD."fallbackReason" IS DISTINCT FROM NEW."fallbackReason" OR OLD."handoffSuggested" IS DISTINCT FROM NEW."handoffSuggested"
    OR OLD.feedback IS DISTINCT FROM NEW.feedback OR OLD."createdAt" IS DISTINCT FROM NEW."createdAt")
  EXECUTE FUNCTION insights_message_row_updated();

CREATE FUNCTION insights_ticket_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  ids uuid[];
BEGIN
  ids := CASE TG_OP WHEN 'INSERT' THEN ARRAY[NEW."sessionId"] WHEN 'DELETE' THEN ARRAY[OLD."sessionId"] ELSE ARRAY[OLD."sessionId", NEW."sessionId"] END;
  PERFORM insights_refresh_conversations(ids);
  PERFORM insights_refresh_slots(insights_faq_slots_of(ids));
  RETURN NULL;
END $$;

CREATE TRIGGER insights_ticket_insert_delete AFTER INSERT OR DELETE ON "Ticket"
  FOR EACH ROW EXECUTE FUNCTION insights_ticket_changed();
CREATE TRIGGER insights_ticket_update AFTER UPDATE OF "sessionId", "createdAt", rating ON "Ticket"
  FOR EACH ROW WHEN (OLD."sessionId" IS DISTINCT FROM NEW."sessionId" OR OLD."createdAt" IS DISTINCT FROM NEW."createdAt"
    OR OLD.rating IS DISTINCT FROM NEW.rating)
  EXECUTE FUNCTION insights_ticket_changed();

CREATE FUNCTION insights_session_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM insights_refresh_conversations(ARRAY[NEW.id]);
  PERFORM insights_refresh_slots(insights_faq_slots_of(ARRAY[NEW.id]));
  RETURN NULL;
END $$;

CREATE TRIGGER insights_session_update AFTER UPDATE OF "createdAt", "handoffAt" ON "Session"
  FOR EACH ROW WHEN (OLD."createdAt" IS DISTINCT FROM NEW."createdAt" OR OLD."handoffAt" IS DISTINCT FROM NEW."handoffAt")
  EXECUTE FUNCTION insights_session_changed();

-- The history stored so far.
SELECT insights_refresh_conversations(ARRAY(SELECT "sessionId" FROM "Message" WHERE role = 'user' UNION SELECT "sessionId" FROM "Ticket"));
SELECT insights_refresh_slots(ARRAY(SELECT DISTINCT insights_slot("createdAt") FROM "Message" WHERE role = 'assistant'));

