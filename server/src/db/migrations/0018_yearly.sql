-- The yearly loop: surveys (needs, competency self-assessment, every project's satisfaction survey
-- from the county's template), the year-end school evaluation (年度考评) and the saved year-end summary.
CREATE TABLE "surveys" (
	"id" serial PRIMARY KEY NOT NULL,
	"region_id" integer NOT NULL REFERENCES "regions"("id"),
	"kind" text NOT NULL,
	"is_template" boolean DEFAULT false NOT NULL,
	"title" text NOT NULL,
	"intro" text,
	"anonymous" boolean DEFAULT false NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"year" integer NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"audience" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"sections" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"settings" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"closes_on" date,
	"created_by" integer REFERENCES "users"("id"),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_at" timestamp with time zone,
	"closed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE INDEX "surveys_region_idx" ON "surveys" USING btree ("region_id","kind","year");
--> statement-breakpoint
-- One satisfaction template in use per county.
CREATE UNIQUE INDEX "surveys_template_uq" ON "surveys" USING btree ("region_id") WHERE is_template and status = 'published';
--> statement-breakpoint
-- Who was asked (needs and competency surveys: the audience when it was published).
CREATE TABLE "survey_invitations" (
	"survey_id" integer NOT NULL REFERENCES "surveys"("id") ON DELETE cascade,
	"teacher_id" integer NOT NULL REFERENCES "teachers"("id"),
	"region_id" integer NOT NULL,
	"school_id" integer NOT NULL REFERENCES "schools"("id"),
	CONSTRAINT "survey_invitations_pk" PRIMARY KEY("survey_id","teacher_id")
);
--> statement-breakpoint
CREATE INDEX "survey_invitations_teacher_idx" ON "survey_invitations" USING btree ("teacher_id");
--> statement-breakpoint
CREATE INDEX "survey_invitations_school_idx" ON "survey_invitations" USING btree ("survey_id","school_id");
--> statement-breakpoint
-- Who answered (never what): one per survey and teacher, or per project and teacher for satisfaction.
CREATE TABLE "survey_submissions" (
	"id" serial PRIMARY KEY NOT NULL,
	"region_id" integer NOT NULL,
	"survey_id" integer NOT NULL REFERENCES "surveys"("id") ON DELETE cascade,
	"project_id" integer REFERENCES "projects"("id") ON DELETE cascade,
	"teacher_id" integer NOT NULL REFERENCES "teachers"("id"),
	"school_id" integer NOT NULL REFERENCES "schools"("id"),
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "survey_submissions_survey_uq" ON "survey_submissions" USING btree ("survey_id","teacher_id") WHERE project_id is null;
--> statement-breakpoint
CREATE UNIQUE INDEX "survey_submissions_project_uq" ON "survey_submissions" USING btree ("project_id","teacher_id") WHERE project_id is not null;
--> statement-breakpoint
CREATE INDEX "survey_submissions_school_idx" ON "survey_submissions" USING btree ("survey_id","school_id");
--> statement-breakpoint
CREATE INDEX "survey_submissions_teacher_idx" ON "survey_submissions" USING btree ("teacher_id");
--> statement-breakpoint
-- What was answered. An anonymous survey's answers carry no teacher, only the groups the results
-- are cut by (school, stage, subject, rural/urban), and the day.
CREATE TABLE "survey_responses" (
	"id" serial PRIMARY KEY NOT NULL,
	"region_id" integer NOT NULL,
	"survey_id" integer NOT NULL REFERENCES "surveys"("id") ON DELETE cascade,
	"project_id" integer REFERENCES "projects"("id") ON DELETE cascade,
	"teacher_id" integer REFERENCES "teachers"("id"),
	"school_id" integer NOT NULL REFERENCES "schools"("id"),
	"stage" text,
	"subject" text,
	"urban_rural" text,
	"answers" jsonb NOT NULL,
	"scores" jsonb,
	"submitted_on" date NOT NULL
);
--> statement-breakpoint
CREATE INDEX "survey_responses_survey_idx" ON "survey_responses" USING btree ("survey_id","project_id");
--> statement-breakpoint
CREATE INDEX "survey_responses_project_idx" ON "survey_responses" USING btree ("project_id");
--> statement-breakpoint
CREATE TABLE "evaluations" (
	"id" serial PRIMARY KEY NOT NULL,
	"region_id" integer NOT NULL REFERENCES "regions"("id"),
	"year" integer NOT NULL,
	"name" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"groups" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"indicators" jsonb NOT NULL,
	"bands" jsonb NOT NULL,
	"excellent_quota" numeric(5, 2),
	"computed_at" timestamp with time zone,
	"computed_by" integer,
	"published_at" timestamp with time zone,
	"published_by" integer,
	"created_by" integer REFERENCES "users"("id"),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "evaluations_region_year_idx" ON "evaluations" USING btree ("region_id","year");
--> statement-breakpoint
CREATE TABLE "evaluation_results" (
	"evaluation_id" integer NOT NULL REFERENCES "evaluations"("id") ON DELETE cascade,
	"school_id" integer NOT NULL REFERENCES "schools"("id"),
	"region_id" integer NOT NULL,
	"group_name" text NOT NULL,
	"indicator_values" jsonb NOT NULL,
	"computed_score" numeric(5, 2) NOT NULL,
	"score" numeric(5, 2) NOT NULL,
	"grade" text NOT NULL,
	"rank" integer NOT NULL,
	"group_size" integer NOT NULL,
	"vetoed" boolean DEFAULT false NOT NULL,
	"veto_note" text,
	"adjusted_score" numeric(5, 2),
	"adjusted_grade" text,
	"adjust_reason" text,
	"adjusted_by" integer,
	"adjusted_at" timestamp with time zone,
	CONSTRAINT "evaluation_results_pk" PRIMARY KEY("evaluation_id","school_id")
);
--> statement-breakpoint
CREATE INDEX "evaluation_results_school_idx" ON "evaluation_results" USING btree ("school_id");
--> statement-breakpoint
CREATE TABLE "evaluation_manual_scores" (
	"evaluation_id" integer NOT NULL REFERENCES "evaluations"("id") ON DELETE cascade,
	"school_id" integer NOT NULL REFERENCES "schools"("id"),
	"region_id" integer NOT NULL,
	"item" text NOT NULL,
	"score" numeric(5, 2) NOT NULL,
	"evidence" text NOT NULL,
	"scored_by" integer,
	"scored_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "evaluation_manual_scores_pk" PRIMARY KEY("evaluation_id","school_id","item")
);
--> statement-breakpoint
CREATE TABLE "year_summaries" (
	"id" serial PRIMARY KEY NOT NULL,
	"region_id" integer NOT NULL REFERENCES "regions"("id"),
	"school_id" integer REFERENCES "schools"("id"),
	"year" integer NOT NULL,
	"text" text NOT NULL,
	"updated_by" integer,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "year_summaries_county_uq" ON "year_summaries" USING btree ("region_id","year") WHERE school_id is null;
--> statement-breakpoint
CREATE UNIQUE INDEX "year_summaries_school_uq" ON "year_summaries" USING btree ("region_id","school_id","year") WHERE school_id is not null;
