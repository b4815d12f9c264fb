-- School-based development (校本研修): the county's settings, schools' yearly plans and summaries,
-- themed activities with their participants (check-in or the host's mark), spot checks (抽查),
-- 送教下乡 (outreach: stages held as activities), and the reading programme (读书活动).
CREATE TABLE "research_settings" (
	"region_id" integer PRIMARY KEY NOT NULL REFERENCES "regions"("id"),
	"showcases_per_year" integer DEFAULT 1 NOT NULL,
	"outreach_per_year" integer DEFAULT 1 NOT NULL,
	"late_after_days" integer DEFAULT 7 NOT NULL,
	"outreach_stages" jsonb NOT NULL,
	"updated_by" integer,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "research_plans" (
	"id" serial PRIMARY KEY NOT NULL,
	"region_id" integer NOT NULL REFERENCES "regions"("id"),
	"school_id" integer NOT NULL REFERENCES "schools"("id"),
	"school_year" integer NOT NULL,
	"kind" text NOT NULL,
	"theme" text NOT NULL,
	"goals" text,
	"body" text,
	"items" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"budget" numeric(12, 2),
	"status" text DEFAULT 'draft' NOT NULL,
	"review_comment" text,
	"submitted_at" timestamp with time zone,
	"reviewed_at" timestamp with time zone,
	"reviewed_by" integer REFERENCES "users"("id") ON DELETE SET NULL,
	"created_by" integer REFERENCES "users"("id") ON DELETE SET NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "research_plans_school_year_kind_uq" ON "research_plans" USING btree ("school_id","school_year","kind");
--> statement-breakpoint
CREATE INDEX "research_plans_region_year_idx" ON "research_plans" USING btree ("region_id","school_year","kind");
--> statement-breakpoint
CREATE TABLE "research_outreach" (
	"id" serial PRIMARY KEY NOT NULL,
	"region_id" integer NOT NULL REFERENCES "regions"("id"),
	"organiser_kind" text NOT NULL,
	"school_id" integer REFERENCES "schools"("id"),
	"organiser_name" text NOT NULL,
	"target_school_id" integer NOT NULL REFERENCES "schools"("id"),
	"title" text NOT NULL,
	"subject" text,
	"year" integer NOT NULL,
	"stages" jsonb NOT NULL,
	"created_by" integer REFERENCES "users"("id") ON DELETE SET NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "research_outreach_region_year_idx" ON "research_outreach" USING btree ("region_id","year");
--> statement-breakpoint
CREATE INDEX "research_outreach_school_idx" ON "research_outreach" USING btree ("school_id");
--> statement-breakpoint
CREATE INDEX "research_outreach_target_idx" ON "research_outreach" USING btree ("target_school_id");
--> statement-breakpoint
CREATE TABLE "research_activities" (
	"id" serial PRIMARY KEY NOT NULL,
	"region_id" integer NOT NULL REFERENCES "regions"("id"),
	"school_id" integer NOT NULL REFERENCES "schools"("id"),
	"title" text NOT NULL,
	"type" text NOT NULL,
	"place" text,
	"host" text,
	"description" text,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"hours" numeric(5, 1) NOT NULL,
	"school_ids" integer[] NOT NULL,
	"subjects" text[] DEFAULT '{}'::text[] NOT NULL,
	"stages" text[] DEFAULT '{}'::text[] NOT NULL,
	"consortium_id" integer REFERENCES "consortia"("id"),
	"outreach_id" integer REFERENCES "research_outreach"("id"),
	"stage_no" smallint,
	"qr_secret" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"recorded_late" boolean DEFAULT false NOT NULL,
	"closed_at" timestamp with time zone,
	"closed_by" integer REFERENCES "users"("id") ON DELETE SET NULL,
	"withdrawn_at" timestamp with time zone,
	"withdraw_reason" text,
	"confirmed_at" timestamp with time zone,
	"confirmed_by" integer REFERENCES "users"("id") ON DELETE SET NULL,
	"confirm_note" text,
	"created_by" integer REFERENCES "users"("id") ON DELETE SET NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "research_activities_region_ends_idx" ON "research_activities" USING btree ("region_id","ends_at");
--> statement-breakpoint
CREATE INDEX "research_activities_school_idx" ON "research_activities" USING btree ("school_id","ends_at");
--> statement-breakpoint
CREATE INDEX "research_activities_schools_gin" ON "research_activities" USING gin ("school_ids");
--> statement-breakpoint
CREATE INDEX "research_activities_consortium_idx" ON "research_activities" USING btree ("consortium_id") WHERE consortium_id is not null;
--> statement-breakpoint
CREATE UNIQUE INDEX "research_activities_stage_uq" ON "research_activities" USING btree ("outreach_id","stage_no") WHERE outreach_id is not null;
--> statement-breakpoint
CREATE TABLE "research_participants" (
	"activity_id" integer NOT NULL REFERENCES "research_activities"("id") ON DELETE CASCADE,
	"teacher_id" integer NOT NULL REFERENCES "teachers"("id"),
	"region_id" integer NOT NULL REFERENCES "regions"("id"),
	"school_id" integer NOT NULL REFERENCES "schools"("id"),
	"role" text DEFAULT 'participant' NOT NULL,
	"status" text NOT NULL,
	"method" text NOT NULL,
	"checked_at" timestamp with time zone DEFAULT now() NOT NULL,
	"marked_by" integer REFERENCES "users"("id") ON DELETE SET NULL,
	"reason" text,
	CONSTRAINT "research_participants_pk" PRIMARY KEY ("activity_id","teacher_id")
);
--> statement-breakpoint
CREATE INDEX "research_participants_teacher_idx" ON "research_participants" USING btree ("teacher_id");
--> statement-breakpoint
CREATE INDEX "research_participants_school_idx" ON "research_participants" USING btree ("region_id","school_id");
--> statement-breakpoint
CREATE TABLE "research_spot_checks" (
	"id" serial PRIMARY KEY NOT NULL,
	"region_id" integer NOT NULL REFERENCES "regions"("id"),
	"activity_id" integer NOT NULL REFERENCES "research_activities"("id") ON DELETE CASCADE,
	"verdict" text DEFAULT 'pending' NOT NULL,
	"reason" text,
	"sampled_by" integer REFERENCES "users"("id") ON DELETE SET NULL,
	"checked_by" integer REFERENCES "users"("id") ON DELETE SET NULL,
	"checker_role" text,
	"reversed_entries" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_at" timestamp with time zone
);
--> statement-breakpoint
CREATE INDEX "research_spot_checks_activity_idx" ON "research_spot_checks" USING btree ("activity_id");
--> statement-breakpoint
CREATE INDEX "research_spot_checks_region_idx" ON "research_spot_checks" USING btree ("region_id","verdict");
--> statement-breakpoint
CREATE UNIQUE INDEX "research_spot_checks_pending_uq" ON "research_spot_checks" USING btree ("activity_id") WHERE verdict = 'pending';
--> statement-breakpoint
CREATE TABLE "reading_books" (
	"id" serial PRIMARY KEY NOT NULL,
	"region_id" integer NOT NULL REFERENCES "regions"("id"),
	"year" integer NOT NULL,
	"title" text NOT NULL,
	"author" text,
	"note" text,
	"sort" integer DEFAULT 0 NOT NULL,
	"created_by" integer REFERENCES "users"("id") ON DELETE SET NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "reading_books_region_year_title_uq" ON "reading_books" USING btree ("region_id","year","title");
--> statement-breakpoint
CREATE TABLE "reading_logs" (
	"id" serial PRIMARY KEY NOT NULL,
	"region_id" integer NOT NULL REFERENCES "regions"("id"),
	"teacher_id" integer NOT NULL REFERENCES "teachers"("id"),
	"school_id" integer NOT NULL REFERENCES "schools"("id"),
	"year" integer NOT NULL,
	"book_id" integer REFERENCES "reading_books"("id") ON DELETE SET NULL,
	"title" text NOT NULL,
	"author" text,
	"finished_on" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "reading_logs_teacher_idx" ON "reading_logs" USING btree ("teacher_id","year");
--> statement-breakpoint
CREATE INDEX "reading_logs_region_year_idx" ON "reading_logs" USING btree ("region_id","year","school_id");
--> statement-breakpoint
CREATE TABLE "reading_notes" (
	"id" serial PRIMARY KEY NOT NULL,
	"region_id" integer NOT NULL REFERENCES "regions"("id"),
	"log_id" integer NOT NULL REFERENCES "reading_logs"("id") ON DELETE CASCADE,
	"teacher_id" integer NOT NULL REFERENCES "teachers"("id"),
	"school_id" integer NOT NULL REFERENCES "schools"("id"),
	"body" text NOT NULL,
	"rating" text,
	"review_comment" text,
	"reviewed_by" integer REFERENCES "users"("id") ON DELETE SET NULL,
	"reviewed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "reading_notes_log_idx" ON "reading_notes" USING btree ("log_id");
--> statement-breakpoint
CREATE INDEX "reading_notes_region_school_idx" ON "reading_notes" USING btree ("region_id","school_id","created_at");
--> statement-breakpoint
CREATE TABLE "reading_awards" (
	"id" serial PRIMARY KEY NOT NULL,
	"region_id" integer NOT NULL REFERENCES "regions"("id"),
	"year" integer NOT NULL,
	"kind" text NOT NULL,
	"teacher_id" integer REFERENCES "teachers"("id"),
	"school_id" integer NOT NULL REFERENCES "schools"("id"),
	"citation" text,
	"created_by" integer REFERENCES "users"("id") ON DELETE SET NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "reading_awards_reader_uq" ON "reading_awards" USING btree ("region_id","year","teacher_id") WHERE kind = 'reader';
--> statement-breakpoint
CREATE UNIQUE INDEX "reading_awards_school_uq" ON "reading_awards" USING btree ("region_id","year","school_id") WHERE kind = 'school';
