CREATE TABLE "attendance" (
	"id" serial PRIMARY KEY NOT NULL,
	"region_id" integer NOT NULL,
	"session_id" integer NOT NULL,
	"participation_id" integer NOT NULL,
	"teacher_id" integer NOT NULL,
	"status" text NOT NULL,
	"method" text NOT NULL,
	"checked_at" timestamp with time zone DEFAULT now() NOT NULL,
	"marked_by" integer,
	"reason" text
);
--> statement-breakpoint
CREATE TABLE "certificates" (
	"id" serial PRIMARY KEY NOT NULL,
	"region_id" integer NOT NULL,
	"number" text NOT NULL,
	"participation_id" integer NOT NULL,
	"teacher_id" integer NOT NULL,
	"project_id" integer NOT NULL,
	"hours" numeric(6, 1) NOT NULL,
	"issuer" text NOT NULL,
	"issued_at" timestamp with time zone DEFAULT now() NOT NULL,
	"issued_by" integer,
	"revoked_at" timestamp with time zone,
	"revoked_by" integer,
	"revoke_reason" text
);
--> statement-breakpoint
CREATE TABLE "credit_ledger" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"region_id" integer NOT NULL,
	"teacher_id" integer NOT NULL,
	"source" text NOT NULL,
	"source_ref" text,
	"category" text,
	"level" text,
	"mode" text,
	"hours" numeric(7, 1) NOT NULL,
	"credits" numeric(7, 1),
	"occurred_on" date NOT NULL,
	"note" text,
	"evidence" text,
	"approved_by" integer,
	"reverses_id" integer,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "leave_requests" (
	"id" serial PRIMARY KEY NOT NULL,
	"region_id" integer NOT NULL,
	"participation_id" integer NOT NULL,
	"session_id" integer NOT NULL,
	"reason" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"reviewed_by" integer,
	"review_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"reviewed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"region_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"body" text,
	"link" text,
	"read_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "participations" (
	"id" serial PRIMARY KEY NOT NULL,
	"region_id" integer NOT NULL,
	"project_id" integer NOT NULL,
	"teacher_id" integer NOT NULL,
	"school_id" integer NOT NULL,
	"source" text NOT NULL,
	"status" text NOT NULL,
	"waitlisted_at" timestamp with time zone,
	"nominated_by" integer,
	"reviewed_by" integer,
	"reviewed_at" timestamp with time zone,
	"review_reason" text,
	"score" numeric(5, 1),
	"result" text,
	"assessed_by" integer,
	"assessed_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "project_quotas" (
	"project_id" integer NOT NULL,
	"school_id" integer NOT NULL,
	"region_id" integer NOT NULL,
	"quota" integer NOT NULL,
	CONSTRAINT "project_quotas_project_id_school_id_pk" PRIMARY KEY("project_id","school_id")
);
--> statement-breakpoint
CREATE TABLE "project_sessions" (
	"id" serial PRIMARY KEY NOT NULL,
	"region_id" integer NOT NULL,
	"project_id" integer NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"topic" text NOT NULL,
	"trainer_id" integer,
	"room" text,
	"qr_secret" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "project_trainers" (
	"project_id" integer NOT NULL,
	"trainer_id" integer NOT NULL,
	"role" text,
	CONSTRAINT "project_trainers_project_id_trainer_id_pk" PRIMARY KEY("project_id","trainer_id")
);
--> statement-breakpoint
CREATE TABLE "projects" (
	"id" serial PRIMARY KEY NOT NULL,
	"region_id" integer NOT NULL,
	"code" text,
	"name" text NOT NULL,
	"year" integer NOT NULL,
	"level" text NOT NULL,
	"category" text NOT NULL,
	"mode" text NOT NULL,
	"organiser_type" text NOT NULL,
	"organiser" text,
	"school_id" integer,
	"start_date" date NOT NULL,
	"end_date" date NOT NULL,
	"place" text,
	"hours" numeric(6, 1) NOT NULL,
	"capacity" integer,
	"enrol_mode" text DEFAULT 'nomination' NOT NULL,
	"enrol_deadline" timestamp with time zone,
	"eligibility" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"completion_rule" jsonb DEFAULT '{"minAttendanceRate":0.8,"requirePass":true}'::jsonb NOT NULL,
	"budget" numeric(12, 2),
	"description" text,
	"status" text DEFAULT 'draft' NOT NULL,
	"upper_quota" integer,
	"source" text,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "trainers" (
	"id" serial PRIMARY KEY NOT NULL,
	"region_id" integer NOT NULL,
	"kind" text NOT NULL,
	"teacher_id" integer,
	"user_id" integer,
	"name" text NOT NULL,
	"organisation" text,
	"title" text,
	"expertise" text,
	"phone" text,
	"intro" text,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "training_categories" (
	"id" serial PRIMARY KEY NOT NULL,
	"region_id" integer NOT NULL,
	"name" text NOT NULL,
	"sort" integer DEFAULT 0 NOT NULL,
	"archived" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "attendance" ADD CONSTRAINT "attendance_session_id_project_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."project_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attendance" ADD CONSTRAINT "attendance_participation_id_participations_id_fk" FOREIGN KEY ("participation_id") REFERENCES "public"."participations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificates" ADD CONSTRAINT "certificates_participation_id_participations_id_fk" FOREIGN KEY ("participation_id") REFERENCES "public"."participations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_ledger" ADD CONSTRAINT "credit_ledger_teacher_id_teachers_id_fk" FOREIGN KEY ("teacher_id") REFERENCES "public"."teachers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "leave_requests" ADD CONSTRAINT "leave_requests_participation_id_participations_id_fk" FOREIGN KEY ("participation_id") REFERENCES "public"."participations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "leave_requests" ADD CONSTRAINT "leave_requests_session_id_project_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."project_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "participations" ADD CONSTRAINT "participations_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "participations" ADD CONSTRAINT "participations_teacher_id_teachers_id_fk" FOREIGN KEY ("teacher_id") REFERENCES "public"."teachers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "participations" ADD CONSTRAINT "participations_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_quotas" ADD CONSTRAINT "project_quotas_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_quotas" ADD CONSTRAINT "project_quotas_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_sessions" ADD CONSTRAINT "project_sessions_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_sessions" ADD CONSTRAINT "project_sessions_trainer_id_trainers_id_fk" FOREIGN KEY ("trainer_id") REFERENCES "public"."trainers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_trainers" ADD CONSTRAINT "project_trainers_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_trainers" ADD CONSTRAINT "project_trainers_trainer_id_trainers_id_fk" FOREIGN KEY ("trainer_id") REFERENCES "public"."trainers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "projects" ADD CONSTRAINT "projects_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "projects" ADD CONSTRAINT "projects_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "projects" ADD CONSTRAINT "projects_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trainers" ADD CONSTRAINT "trainers_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trainers" ADD CONSTRAINT "trainers_teacher_id_teachers_id_fk" FOREIGN KEY ("teacher_id") REFERENCES "public"."teachers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trainers" ADD CONSTRAINT "trainers_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_categories" ADD CONSTRAINT "training_categories_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "attendance_session_participation_uq" ON "attendance" USING btree ("session_id","participation_id");--> statement-breakpoint
CREATE INDEX "attendance_participation_idx" ON "attendance" USING btree ("participation_id");--> statement-breakpoint
CREATE UNIQUE INDEX "certificates_number_uq" ON "certificates" USING btree ("number");--> statement-breakpoint
CREATE UNIQUE INDEX "certificates_participation_uq" ON "certificates" USING btree ("participation_id");--> statement-breakpoint
CREATE INDEX "certificates_teacher_idx" ON "certificates" USING btree ("teacher_id");--> statement-breakpoint
CREATE INDEX "certificates_project_idx" ON "certificates" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "credit_ledger_teacher_idx" ON "credit_ledger" USING btree ("teacher_id","occurred_on");--> statement-breakpoint
CREATE INDEX "credit_ledger_region_date_idx" ON "credit_ledger" USING btree ("region_id","occurred_on");--> statement-breakpoint
CREATE UNIQUE INDEX "credit_ledger_source_uq" ON "credit_ledger" USING btree ("source","source_ref","teacher_id") WHERE source_ref is not null and reverses_id is null;--> statement-breakpoint
CREATE INDEX "leave_requests_participation_idx" ON "leave_requests" USING btree ("participation_id");--> statement-breakpoint
CREATE INDEX "leave_requests_session_idx" ON "leave_requests" USING btree ("session_id","status");--> statement-breakpoint
CREATE INDEX "notifications_user_idx" ON "notifications" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "participations_project_teacher_uq" ON "participations" USING btree ("project_id","teacher_id");--> statement-breakpoint
CREATE INDEX "participations_teacher_idx" ON "participations" USING btree ("teacher_id");--> statement-breakpoint
CREATE INDEX "participations_project_status_idx" ON "participations" USING btree ("project_id","status");--> statement-breakpoint
CREATE INDEX "participations_region_school_idx" ON "participations" USING btree ("region_id","school_id");--> statement-breakpoint
CREATE INDEX "project_quotas_school_idx" ON "project_quotas" USING btree ("school_id");--> statement-breakpoint
CREATE INDEX "project_sessions_project_idx" ON "project_sessions" USING btree ("project_id","starts_at");--> statement-breakpoint
CREATE INDEX "project_trainers_trainer_idx" ON "project_trainers" USING btree ("trainer_id");--> statement-breakpoint
CREATE INDEX "projects_region_year_idx" ON "projects" USING btree ("region_id","year","level");--> statement-breakpoint
CREATE INDEX "projects_region_status_idx" ON "projects" USING btree ("region_id","status");--> statement-breakpoint
CREATE INDEX "projects_region_dates_idx" ON "projects" USING btree ("region_id","start_date");--> statement-breakpoint
CREATE INDEX "projects_school_idx" ON "projects" USING btree ("school_id");--> statement-breakpoint
CREATE UNIQUE INDEX "projects_region_code_uq" ON "projects" USING btree ("region_id","code") WHERE code is not null;--> statement-breakpoint
CREATE INDEX "trainers_region_idx" ON "trainers" USING btree ("region_id","active");--> statement-breakpoint
CREATE UNIQUE INDEX "trainers_region_teacher_uq" ON "trainers" USING btree ("region_id","teacher_id");--> statement-breakpoint
CREATE INDEX "trainers_user_idx" ON "trainers" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "training_categories_region_name_uq" ON "training_categories" USING btree ("region_id","name");