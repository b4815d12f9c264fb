CREATE TABLE "credit_audit_tables" (
	"id" serial PRIMARY KEY NOT NULL,
	"region_id" integer NOT NULL,
	"school_id" integer NOT NULL,
	"school_year" integer NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"annual_minimum" numeric(7, 1),
	"rule_name" text,
	"snapshot" jsonb,
	"generated_by" integer,
	"generated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"submitted_by" integer,
	"submitted_at" timestamp with time zone,
	"reviewed_by" integer,
	"reviewed_at" timestamp with time zone,
	"return_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ethics_records" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"region_id" integer NOT NULL,
	"school_id" integer NOT NULL,
	"teacher_id" integer NOT NULL,
	"occurred_on" date NOT NULL,
	"kind" text NOT NULL,
	"veto" boolean DEFAULT false NOT NULL,
	"note" text,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "credit_audit_tables" ADD CONSTRAINT "credit_audit_tables_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_audit_tables" ADD CONSTRAINT "credit_audit_tables_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_audit_tables" ADD CONSTRAINT "credit_audit_tables_generated_by_users_id_fk" FOREIGN KEY ("generated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_audit_tables" ADD CONSTRAINT "credit_audit_tables_submitted_by_users_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_audit_tables" ADD CONSTRAINT "credit_audit_tables_reviewed_by_users_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ethics_records" ADD CONSTRAINT "ethics_records_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ethics_records" ADD CONSTRAINT "ethics_records_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ethics_records" ADD CONSTRAINT "ethics_records_teacher_id_teachers_id_fk" FOREIGN KEY ("teacher_id") REFERENCES "public"."teachers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ethics_records" ADD CONSTRAINT "ethics_records_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "credit_audit_tables_school_year_uq" ON "credit_audit_tables" USING btree ("school_id","school_year");--> statement-breakpoint
CREATE INDEX "credit_audit_tables_region_year_idx" ON "credit_audit_tables" USING btree ("region_id","school_year","status");--> statement-breakpoint
CREATE INDEX "ethics_records_teacher_idx" ON "ethics_records" USING btree ("teacher_id","occurred_on");--> statement-breakpoint
CREATE INDEX "ethics_records_region_kind_idx" ON "ethics_records" USING btree ("region_id","kind","occurred_on");
