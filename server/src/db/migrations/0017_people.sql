-- People development: training providers (承训机构) and their accounts and commissioned projects;
-- 青蓝工程 mentoring (rounds with two-way choice, pairs, activity logs, checks and reviews);
-- famous-teacher studios (名师工作室); three-tier training teams and trainer specialities and
-- satisfaction; honours (荣誉); personal development plans (个人专业发展规划).
CREATE TABLE "training_providers" (
	"id" serial PRIMARY KEY NOT NULL,
	"region_id" integer NOT NULL REFERENCES "regions"("id"),
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"contact" text,
	"phone" text,
	"address" text,
	"note" text,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "training_providers_region_name_uq" ON "training_providers" USING btree ("region_id","name");
--> statement-breakpoint
-- A provider's account sees only the projects commissioned from it (projects.provider_id).
ALTER TABLE "users" ADD COLUMN "provider_id" integer REFERENCES "training_providers"("id");
--> statement-breakpoint
CREATE INDEX "users_provider_idx" ON "users" USING btree ("provider_id") WHERE provider_id is not null;
--> statement-breakpoint
ALTER TABLE "projects" ADD COLUMN "provider_id" integer REFERENCES "training_providers"("id");
--> statement-breakpoint
CREATE INDEX "projects_provider_idx" ON "projects" USING btree ("provider_id") WHERE provider_id is not null;
--> statement-breakpoint
-- Trainers: the subjects and stages they teach, to find one by subject and stage.
ALTER TABLE "trainers" ADD COLUMN "subjects" text[] DEFAULT '{}'::text[] NOT NULL;
--> statement-breakpoint
ALTER TABLE "trainers" ADD COLUMN "stages" text[] DEFAULT '{}'::text[] NOT NULL;
--> statement-breakpoint
-- A trainer's satisfaction per year, written by the surveys module (recordTrainerSatisfaction).
CREATE TABLE "trainer_satisfaction" (
	"region_id" integer NOT NULL REFERENCES "regions"("id"),
	"trainer_id" integer NOT NULL REFERENCES "trainers"("id"),
	"year" smallint NOT NULL,
	"source" text NOT NULL,
	"score" numeric(5, 2) NOT NULL,
	"responses" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "trainer_satisfaction_pk" PRIMARY KEY("trainer_id","year","source")
);
--> statement-breakpoint
CREATE TABLE "training_teams" (
	"id" serial PRIMARY KEY NOT NULL,
	"region_id" integer NOT NULL REFERENCES "regions"("id"),
	"tier" text NOT NULL,
	"name" text NOT NULL,
	"consortium_id" integer REFERENCES "consortia"("id"),
	"school_id" integer REFERENCES "schools"("id"),
	"note" text,
	"active" boolean DEFAULT true NOT NULL,
	"created_by" integer REFERENCES "users"("id"),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "training_teams_tier_ck" CHECK (
		(tier = 'county' and consortium_id is null and school_id is null)
		or (tier = 'consortium' and consortium_id is not null and school_id is null)
		or (tier = 'school' and school_id is not null and consortium_id is null))
);
--> statement-breakpoint
CREATE INDEX "training_teams_region_idx" ON "training_teams" USING btree ("region_id","tier");
--> statement-breakpoint
CREATE UNIQUE INDEX "training_teams_name_uq" ON "training_teams" USING btree ("region_id","name");
--> statement-breakpoint
CREATE TABLE "training_team_members" (
	"id" serial PRIMARY KEY NOT NULL,
	"region_id" integer NOT NULL REFERENCES "regions"("id"),
	"team_id" integer NOT NULL REFERENCES "training_teams"("id") ON DELETE CASCADE,
	"trainer_id" integer NOT NULL REFERENCES "trainers"("id"),
	"role" text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "training_team_members_uq" ON "training_team_members" USING btree ("team_id","trainer_id");
--> statement-breakpoint
CREATE INDEX "training_team_members_trainer_idx" ON "training_team_members" USING btree ("trainer_id");
--> statement-breakpoint
-- Honours (荣誉): entered by schools (pending), verified by the county; one per teacher, year and title.
CREATE TABLE "honours" (
	"id" serial PRIMARY KEY NOT NULL,
	"region_id" integer NOT NULL REFERENCES "regions"("id"),
	"teacher_id" integer NOT NULL REFERENCES "teachers"("id"),
	"school_id" integer NOT NULL REFERENCES "schools"("id"),
	"level" text NOT NULL,
	"title" text NOT NULL,
	"year" smallint NOT NULL,
	"awarding_body" text NOT NULL,
	"awarded_on" date,
	"status" text DEFAULT 'pending' NOT NULL,
	"reject_reason" text,
	"source" text DEFAULT 'manual' NOT NULL,
	"created_by" integer REFERENCES "users"("id"),
	"verified_by" integer REFERENCES "users"("id"),
	"verified_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "honours_teacher_year_title_uq" ON "honours" USING btree ("teacher_id","year","title");
--> statement-breakpoint
CREATE INDEX "honours_region_year_idx" ON "honours" USING btree ("region_id","year","level");
--> statement-breakpoint
CREATE INDEX "honours_school_year_idx" ON "honours" USING btree ("school_id","year");
--> statement-breakpoint
CREATE INDEX "honours_region_status_idx" ON "honours" USING btree ("region_id","status");
--> statement-breakpoint
-- 青蓝工程: the county's pairing rules (mentor load, who counts as a new or young teacher).
CREATE TABLE "mentoring_settings" (
	"region_id" integer PRIMARY KEY NOT NULL REFERENCES "regions"("id"),
	"mentor_max_mentees" smallint DEFAULT 2 NOT NULL,
	"mentee_max_years" smallint DEFAULT 3 NOT NULL,
	"mentee_max_age" smallint DEFAULT 35 NOT NULL,
	"updated_by" integer,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
-- A pairing round of a school or a consortium: mentors offer, mentees choose, the school confirms.
CREATE TABLE "mentoring_rounds" (
	"id" serial PRIMARY KEY NOT NULL,
	"region_id" integer NOT NULL REFERENCES "regions"("id"),
	"year" smallint NOT NULL,
	"school_id" integer REFERENCES "schools"("id"),
	"consortium_id" integer REFERENCES "consortia"("id"),
	"title" text NOT NULL,
	"closes_on" date NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"note" text,
	"created_by" integer REFERENCES "users"("id"),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "mentoring_rounds_owner_ck" CHECK ((school_id is null) <> (consortium_id is null))
);
--> statement-breakpoint
CREATE INDEX "mentoring_rounds_region_year_idx" ON "mentoring_rounds" USING btree ("region_id","year");
--> statement-breakpoint
CREATE INDEX "mentoring_rounds_school_idx" ON "mentoring_rounds" USING btree ("school_id");
--> statement-breakpoint
CREATE INDEX "mentoring_rounds_consortium_idx" ON "mentoring_rounds" USING btree ("consortium_id");
--> statement-breakpoint
CREATE TABLE "mentoring_offers" (
	"id" serial PRIMARY KEY NOT NULL,
	"region_id" integer NOT NULL REFERENCES "regions"("id"),
	"round_id" integer NOT NULL REFERENCES "mentoring_rounds"("id") ON DELETE CASCADE,
	"mentor_id" integer NOT NULL REFERENCES "teachers"("id"),
	"capacity" smallint DEFAULT 1 NOT NULL,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "mentoring_offers_uq" ON "mentoring_offers" USING btree ("round_id","mentor_id");
--> statement-breakpoint
CREATE TABLE "mentoring_choices" (
	"id" serial PRIMARY KEY NOT NULL,
	"region_id" integer NOT NULL REFERENCES "regions"("id"),
	"round_id" integer NOT NULL REFERENCES "mentoring_rounds"("id") ON DELETE CASCADE,
	"offer_id" integer NOT NULL REFERENCES "mentoring_offers"("id") ON DELETE CASCADE,
	"mentee_id" integer NOT NULL REFERENCES "teachers"("id"),
	"status" text DEFAULT 'pending' NOT NULL,
	"note" text,
	"decided_by" integer REFERENCES "users"("id"),
	"decided_at" timestamp with time zone,
	"decline_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "mentoring_choices_live_uq" ON "mentoring_choices" USING btree ("round_id","mentee_id") WHERE status in ('pending', 'accepted');
--> statement-breakpoint
CREATE INDEX "mentoring_choices_offer_idx" ON "mentoring_choices" USING btree ("offer_id");
--> statement-breakpoint
CREATE TABLE "mentoring_pairs" (
	"id" serial PRIMARY KEY NOT NULL,
	"region_id" integer NOT NULL REFERENCES "regions"("id"),
	"school_id" integer NOT NULL REFERENCES "schools"("id"),
	"mentor_id" integer NOT NULL REFERENCES "teachers"("id"),
	"mentee_id" integer NOT NULL REFERENCES "teachers"("id"),
	"year" smallint NOT NULL,
	"term_years" smallint DEFAULT 1 NOT NULL,
	"round_id" integer REFERENCES "mentoring_rounds"("id"),
	"choice_id" integer REFERENCES "mentoring_choices"("id"),
	"goals" text,
	"status" text DEFAULT 'active' NOT NULL,
	"override_reason" text,
	"end_reason" text,
	"excellent_year" smallint,
	"excellent_note" text,
	"created_by" integer REFERENCES "users"("id"),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "mentoring_pairs_not_self_ck" CHECK (mentor_id <> mentee_id),
	CONSTRAINT "mentoring_pairs_term_ck" CHECK (term_years between 1 and 3)
);
--> statement-breakpoint
CREATE UNIQUE INDEX "mentoring_pairs_mentee_year_uq" ON "mentoring_pairs" USING btree ("mentee_id","year") WHERE status <> 'dissolved';
--> statement-breakpoint
CREATE INDEX "mentoring_pairs_region_year_idx" ON "mentoring_pairs" USING btree ("region_id","year");
--> statement-breakpoint
CREATE INDEX "mentoring_pairs_school_year_idx" ON "mentoring_pairs" USING btree ("school_id","year");
--> statement-breakpoint
CREATE INDEX "mentoring_pairs_mentor_idx" ON "mentoring_pairs" USING btree ("mentor_id","year");
--> statement-breakpoint
CREATE TABLE "mentoring_logs" (
	"id" serial PRIMARY KEY NOT NULL,
	"region_id" integer NOT NULL REFERENCES "regions"("id"),
	"pair_id" integer NOT NULL REFERENCES "mentoring_pairs"("id") ON DELETE CASCADE,
	"kind" text NOT NULL,
	"occurred_on" date NOT NULL,
	"hours" numeric(4, 1) NOT NULL,
	"content" text NOT NULL,
	"author_teacher_id" integer REFERENCES "teachers"("id"),
	"author_user_id" integer NOT NULL REFERENCES "users"("id"),
	"author_role" text NOT NULL,
	"activity_ref" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "mentoring_logs_pair_idx" ON "mentoring_logs" USING btree ("pair_id","occurred_on");
--> statement-breakpoint
CREATE INDEX "mentoring_logs_region_date_idx" ON "mentoring_logs" USING btree ("region_id","occurred_on");
--> statement-breakpoint
-- The school's monthly check (period YYYY-MM), the mid-term and year-end reviews (period YYYY).
CREATE TABLE "mentoring_reviews" (
	"id" serial PRIMARY KEY NOT NULL,
	"region_id" integer NOT NULL REFERENCES "regions"("id"),
	"pair_id" integer NOT NULL REFERENCES "mentoring_pairs"("id") ON DELETE CASCADE,
	"kind" text NOT NULL,
	"period" text NOT NULL,
	"result" text NOT NULL,
	"comment" text,
	"reviewer_id" integer NOT NULL REFERENCES "users"("id"),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "mentoring_reviews_uq" ON "mentoring_reviews" USING btree ("pair_id","kind","period");
--> statement-breakpoint
-- 名师工作室: a host teacher, members from several schools, a term, activities, outputs, yearly reviews.
CREATE TABLE "studios" (
	"id" serial PRIMARY KEY NOT NULL,
	"region_id" integer NOT NULL REFERENCES "regions"("id"),
	"name" text NOT NULL,
	"host_id" integer NOT NULL REFERENCES "teachers"("id"),
	"subject" text,
	"stage" text,
	"start_year" smallint NOT NULL,
	"end_year" smallint NOT NULL,
	"goals" text,
	"status" text DEFAULT 'active' NOT NULL,
	"created_by" integer REFERENCES "users"("id"),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "studios_term_ck" CHECK (end_year >= start_year)
);
--> statement-breakpoint
CREATE UNIQUE INDEX "studios_region_name_uq" ON "studios" USING btree ("region_id","name");
--> statement-breakpoint
CREATE INDEX "studios_host_idx" ON "studios" USING btree ("host_id");
--> statement-breakpoint
CREATE TABLE "studio_members" (
	"id" serial PRIMARY KEY NOT NULL,
	"region_id" integer NOT NULL REFERENCES "regions"("id"),
	"studio_id" integer NOT NULL REFERENCES "studios"("id") ON DELETE CASCADE,
	"teacher_id" integer NOT NULL REFERENCES "teachers"("id"),
	"joined_year" smallint NOT NULL,
	"left_year" smallint
);
--> statement-breakpoint
CREATE UNIQUE INDEX "studio_members_uq" ON "studio_members" USING btree ("studio_id","teacher_id");
--> statement-breakpoint
CREATE INDEX "studio_members_teacher_idx" ON "studio_members" USING btree ("teacher_id");
--> statement-breakpoint
CREATE TABLE "studio_activities" (
	"id" serial PRIMARY KEY NOT NULL,
	"region_id" integer NOT NULL REFERENCES "regions"("id"),
	"studio_id" integer NOT NULL REFERENCES "studios"("id") ON DELETE CASCADE,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"held_on" date NOT NULL,
	"place" text,
	"hours" numeric(4, 1),
	"summary" text,
	"activity_ref" integer,
	"created_by" integer REFERENCES "users"("id"),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "studio_activities_studio_idx" ON "studio_activities" USING btree ("studio_id","held_on");
--> statement-breakpoint
CREATE TABLE "studio_outputs" (
	"id" serial PRIMARY KEY NOT NULL,
	"region_id" integer NOT NULL REFERENCES "regions"("id"),
	"studio_id" integer NOT NULL REFERENCES "studios"("id") ON DELETE CASCADE,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"year" smallint NOT NULL,
	"teacher_id" integer REFERENCES "teachers"("id"),
	"note" text,
	"created_by" integer REFERENCES "users"("id"),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "studio_outputs_studio_idx" ON "studio_outputs" USING btree ("studio_id","year");
--> statement-breakpoint
CREATE TABLE "studio_reviews" (
	"id" serial PRIMARY KEY NOT NULL,
	"region_id" integer NOT NULL REFERENCES "regions"("id"),
	"studio_id" integer NOT NULL REFERENCES "studios"("id") ON DELETE CASCADE,
	"year" smallint NOT NULL,
	"result" text NOT NULL,
	"comment" text,
	"reviewer_id" integer NOT NULL REFERENCES "users"("id"),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "studio_reviews_uq" ON "studio_reviews" USING btree ("studio_id","year");
--> statement-breakpoint
-- 个人专业发展规划: a five-year and yearly plans per teacher, approved by the school; the year-end
-- summary is written on the yearly plan.
CREATE TABLE "development_plans" (
	"id" serial PRIMARY KEY NOT NULL,
	"region_id" integer NOT NULL REFERENCES "regions"("id"),
	"teacher_id" integer NOT NULL REFERENCES "teachers"("id"),
	"school_id" integer NOT NULL REFERENCES "schools"("id"),
	"kind" text NOT NULL,
	"start_year" smallint NOT NULL,
	"end_year" smallint NOT NULL,
	"goals" text NOT NULL,
	"items" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"hours_target" numeric(6, 1),
	"status" text DEFAULT 'draft' NOT NULL,
	"return_reason" text,
	"submitted_at" timestamp with time zone,
	"decided_at" timestamp with time zone,
	"decided_by" integer REFERENCES "users"("id"),
	"summary" text,
	"summary_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "development_plans_span_ck" CHECK (end_year >= start_year)
);
--> statement-breakpoint
CREATE UNIQUE INDEX "development_plans_uq" ON "development_plans" USING btree ("teacher_id","kind","start_year");
--> statement-breakpoint
CREATE INDEX "development_plans_school_idx" ON "development_plans" USING btree ("school_id","start_year","status");
--> statement-breakpoint
CREATE INDEX "development_plans_region_idx" ON "development_plans" USING btree ("region_id","start_year");
