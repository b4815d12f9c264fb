CREATE TABLE "credit_applications" (
	"id" serial PRIMARY KEY NOT NULL,
	"region_id" integer NOT NULL,
	"teacher_id" integer NOT NULL,
	"school_id" integer NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"occurred_on" date NOT NULL,
	"level" text,
	"quantity" numeric(7, 1),
	"claimed_hours" numeric(7, 1) NOT NULL,
	"granted_hours" numeric(7, 1),
	"description" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"school_reviewed_by" integer,
	"school_reviewed_at" timestamp with time zone,
	"decided_by" integer,
	"decided_at" timestamp with time zone,
	"return_reason" text,
	"returned_by" text,
	"ledger_id" bigint,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "credit_applications" ADD CONSTRAINT "credit_applications_teacher_id_teachers_id_fk" FOREIGN KEY ("teacher_id") REFERENCES "public"."teachers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_applications" ADD CONSTRAINT "credit_applications_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "credit_applications_region_status_idx" ON "credit_applications" USING btree ("region_id","status","submitted_at");--> statement-breakpoint
CREATE INDEX "credit_applications_school_status_idx" ON "credit_applications" USING btree ("school_id","status","submitted_at");--> statement-breakpoint
CREATE INDEX "credit_applications_teacher_idx" ON "credit_applications" USING btree ("teacher_id","submitted_at");--> statement-breakpoint
CREATE INDEX "credit_applications_region_kind_idx" ON "credit_applications" USING btree ("region_id","kind");
