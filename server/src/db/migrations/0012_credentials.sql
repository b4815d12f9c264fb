-- Credentials nobody can derive: one-time activation codes (account slips), login back-off per
-- account and address, a per-user budget for ID-number look-ups outside the caller's scope, and
-- teachers' birth dates kept only inside the encrypted ID number (the year stays for statistics).
CREATE TABLE "activation_codes" (
	"id" serial PRIMARY KEY NOT NULL,
	"region_id" integer NOT NULL REFERENCES "regions"("id"),
	"user_id" integer NOT NULL REFERENCES "users"("id") ON DELETE CASCADE,
	"code_hash" text NOT NULL,
	"issued_by" integer REFERENCES "users"("id") ON DELETE SET NULL,
	"issued_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE UNIQUE INDEX "activation_codes_live_uq" ON "activation_codes" USING btree ("user_id") WHERE used_at is null and revoked_at is null;
--> statement-breakpoint
CREATE INDEX "activation_codes_user_idx" ON "activation_codes" USING btree ("user_id","issued_at");
--> statement-breakpoint
CREATE TABLE "login_backoff" (
	"key" text PRIMARY KEY NOT NULL,
	"user_id" integer REFERENCES "users"("id") ON DELETE CASCADE,
	"failures" integer DEFAULT 0 NOT NULL,
	"last_failure_at" timestamp with time zone DEFAULT now() NOT NULL,
	"blocked_until" timestamp with time zone
);
--> statement-breakpoint
CREATE INDEX "login_backoff_user_idx" ON "login_backoff" USING btree ("user_id");
--> statement-breakpoint
CREATE INDEX "login_backoff_last_idx" ON "login_backoff" USING btree ("last_failure_at");
--> statement-breakpoint
CREATE TABLE "id_lookups" (
	"user_id" integer NOT NULL REFERENCES "users"("id") ON DELETE CASCADE,
	"id_hash" text NOT NULL,
	"foreign_hit" boolean DEFAULT false NOT NULL,
	"checked_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "id_lookups_pk" PRIMARY KEY ("user_id","id_hash")
);
--> statement-breakpoint
CREATE INDEX "id_lookups_time_idx" ON "id_lookups" USING btree ("checked_at");
--> statement-breakpoint
-- Accounts still waiting for a first login with the last six characters of the ID number keep that
-- way in until the county issues them activation codes; no account created from now on gets it.
ALTER TABLE "users" ADD COLUMN "legacy_id_password" boolean DEFAULT false NOT NULL;
--> statement-breakpoint
UPDATE "users" SET "legacy_id_password" = true
WHERE "role" = 'teacher' AND "teacher_id" IS NOT NULL AND "password_hash" IS NULL;
--> statement-breakpoint
ALTER TABLE "users" DROP COLUMN "failed_attempts";
--> statement-breakpoint
ALTER TABLE "users" DROP COLUMN "locked_until";
--> statement-breakpoint
ALTER TABLE "teachers" ADD COLUMN "birth_year" smallint;
--> statement-breakpoint
UPDATE "teachers" SET "birth_year" = extract(year from "birth_date")::smallint WHERE "birth_date" IS NOT NULL;
--> statement-breakpoint
ALTER TABLE "teachers" DROP COLUMN "birth_date";
--> statement-breakpoint
-- The mask keeps the last four characters only: with the birth date the old first-four-and-last-four
-- form left two unknown digits.
UPDATE "teachers" SET "id_masked" = repeat('*', greatest(length("id_masked") - 4, 0)) || right("id_masked", 4);
--> statement-breakpoint
-- The audit log held the same: birth dates and the old mask of teachers created by hand, and what
-- people typed as a login name (sometimes a password typed into the wrong box).
UPDATE "audit_log" SET "after" = jsonb_set("after", '{birthDate}', to_jsonb(left("after"->>'birthDate', 4)))
WHERE "entity" = 'teacher' AND jsonb_typeof("after") = 'object' AND "after"->>'birthDate' ~ '^[0-9]{4}-';
--> statement-breakpoint
UPDATE "audit_log" SET "before" = jsonb_set("before", '{birthDate}', to_jsonb(left("before"->>'birthDate', 4)))
WHERE "entity" = 'teacher' AND jsonb_typeof("before") = 'object' AND "before"->>'birthDate' ~ '^[0-9]{4}-';
--> statement-breakpoint
UPDATE "audit_log" SET "after" = jsonb_set("after", '{idNumber}', to_jsonb(regexp_replace("after"->>'idNumber', '^[0-9Xx]{4}\*', '*****')))
WHERE "entity" = 'teacher' AND jsonb_typeof("after") = 'object' AND "after"->>'idNumber' ~ '^[0-9Xx]{4}\*';
--> statement-breakpoint
UPDATE "audit_log" SET "before" = jsonb_set("before", '{idNumber}', to_jsonb(regexp_replace("before"->>'idNumber', '^[0-9Xx]{4}\*', '*****')))
WHERE "entity" = 'teacher' AND jsonb_typeof("before") = 'object' AND "before"->>'idNumber' ~ '^[0-9Xx]{4}\*';
--> statement-breakpoint
UPDATE "audit_log" SET "after" = jsonb_build_object('identifier', left("after"->>'identifier', 2) || '…')
WHERE "action" = 'auth.login_failed' AND jsonb_typeof("after") = 'object' AND "after" ? 'identifier';
