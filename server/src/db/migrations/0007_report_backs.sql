CREATE TABLE "report_back_settings" (
	"region_id" integer PRIMARY KEY NOT NULL,
	"levels" text[] DEFAULT '{国培,省培,市州培}'::text[] NOT NULL,
	"modes" text[] DEFAULT '{外出交流,跟岗影子}'::text[] NOT NULL,
	"due_days" integer DEFAULT 14 NOT NULL,
	"updated_by" integer,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "report_backs" (
	"id" serial PRIMARY KEY NOT NULL,
	"region_id" integer NOT NULL,
	"school_id" integer NOT NULL,
	"teacher_id" integer NOT NULL,
	"project_id" integer NOT NULL,
	"participation_id" integer NOT NULL,
	"due_on" date NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"form" text,
	"held_on" date,
	"audience" integer,
	"summary" text,
	"submitted_at" timestamp with time zone,
	"verified_at" timestamp with time zone,
	"verified_by" integer,
	"return_reason" text,
	"reminded_on" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reflections" (
	"id" serial PRIMARY KEY NOT NULL,
	"region_id" integer NOT NULL,
	"school_id" integer NOT NULL,
	"teacher_id" integer NOT NULL,
	"project_id" integer NOT NULL,
	"participation_id" integer NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"status" text DEFAULT 'submitted' NOT NULL,
	"featured" boolean DEFAULT false NOT NULL,
	"review_comment" text,
	"reviewed_by" integer,
	"reviewed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "report_back_settings" ADD CONSTRAINT "report_back_settings_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_backs" ADD CONSTRAINT "report_backs_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_backs" ADD CONSTRAINT "report_backs_teacher_id_teachers_id_fk" FOREIGN KEY ("teacher_id") REFERENCES "public"."teachers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_backs" ADD CONSTRAINT "report_backs_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_backs" ADD CONSTRAINT "report_backs_participation_id_participations_id_fk" FOREIGN KEY ("participation_id") REFERENCES "public"."participations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reflections" ADD CONSTRAINT "reflections_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reflections" ADD CONSTRAINT "reflections_teacher_id_teachers_id_fk" FOREIGN KEY ("teacher_id") REFERENCES "public"."teachers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reflections" ADD CONSTRAINT "reflections_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reflections" ADD CONSTRAINT "reflections_participation_id_participations_id_fk" FOREIGN KEY ("participation_id") REFERENCES "public"."participations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "report_backs_participation_uq" ON "report_backs" USING btree ("participation_id");--> statement-breakpoint
CREATE INDEX "report_backs_region_school_idx" ON "report_backs" USING btree ("region_id","school_id","due_on");--> statement-breakpoint
CREATE INDEX "report_backs_region_due_idx" ON "report_backs" USING btree ("region_id","due_on","status");--> statement-breakpoint
CREATE INDEX "report_backs_teacher_idx" ON "report_backs" USING btree ("teacher_id","due_on");--> statement-breakpoint
CREATE INDEX "report_backs_project_idx" ON "report_backs" USING btree ("project_id");--> statement-breakpoint
CREATE UNIQUE INDEX "reflections_participation_uq" ON "reflections" USING btree ("participation_id");--> statement-breakpoint
CREATE INDEX "reflections_region_school_idx" ON "reflections" USING btree ("region_id","school_id","created_at");--> statement-breakpoint
CREATE INDEX "reflections_project_idx" ON "reflections" USING btree ("project_id","created_at");--> statement-breakpoint
CREATE INDEX "reflections_teacher_idx" ON "reflections" USING btree ("teacher_id");
