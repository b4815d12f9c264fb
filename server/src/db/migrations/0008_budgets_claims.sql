CREATE TABLE "budgets" (
	"id" serial PRIMARY KEY NOT NULL,
	"region_id" integer NOT NULL,
	"school_id" integer,
	"year" integer NOT NULL,
	"public_funds" numeric(14, 2),
	"share" numeric(4, 3),
	"amount" numeric(14, 2) NOT NULL,
	"note" text,
	"updated_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "claim_items" (
	"id" serial PRIMARY KEY NOT NULL,
	"region_id" integer NOT NULL,
	"claim_id" integer NOT NULL,
	"category" text NOT NULL,
	"amount" numeric(12, 2) NOT NULL,
	"note" text
);
--> statement-breakpoint
CREATE TABLE "expenses" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"region_id" integer NOT NULL,
	"school_id" integer,
	"project_id" integer,
	"claim_id" integer,
	"teacher_id" integer,
	"category" text NOT NULL,
	"amount" numeric(12, 2) NOT NULL,
	"spent_on" date NOT NULL,
	"note" text,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "money_settings" (
	"region_id" integer PRIMARY KEY NOT NULL,
	"training_share" numeric(4, 3) DEFAULT '0.100' NOT NULL,
	"require_report_back" boolean DEFAULT true NOT NULL,
	"updated_by" integer,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reimbursement_claims" (
	"id" serial PRIMARY KEY NOT NULL,
	"region_id" integer NOT NULL,
	"school_id" integer NOT NULL,
	"teacher_id" integer NOT NULL,
	"project_id" integer NOT NULL,
	"participation_id" integer NOT NULL,
	"status" text DEFAULT 'submitted' NOT NULL,
	"total" numeric(12, 2) NOT NULL,
	"note" text,
	"submitted_by" integer NOT NULL,
	"school_approved_by" integer,
	"school_approved_at" timestamp with time zone,
	"approved_by" integer,
	"approved_at" timestamp with time zone,
	"paid_by" integer,
	"paid_at" timestamp with time zone,
	"rejected_by" integer,
	"rejected_at" timestamp with time zone,
	"reject_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "budgets" ADD CONSTRAINT "budgets_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "budgets" ADD CONSTRAINT "budgets_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "claim_items" ADD CONSTRAINT "claim_items_claim_id_reimbursement_claims_id_fk" FOREIGN KEY ("claim_id") REFERENCES "public"."reimbursement_claims"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "expenses" ADD CONSTRAINT "expenses_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "expenses" ADD CONSTRAINT "expenses_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "expenses" ADD CONSTRAINT "expenses_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "expenses" ADD CONSTRAINT "expenses_claim_id_reimbursement_claims_id_fk" FOREIGN KEY ("claim_id") REFERENCES "public"."reimbursement_claims"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "expenses" ADD CONSTRAINT "expenses_teacher_id_teachers_id_fk" FOREIGN KEY ("teacher_id") REFERENCES "public"."teachers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "money_settings" ADD CONSTRAINT "money_settings_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reimbursement_claims" ADD CONSTRAINT "reimbursement_claims_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reimbursement_claims" ADD CONSTRAINT "reimbursement_claims_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reimbursement_claims" ADD CONSTRAINT "reimbursement_claims_teacher_id_teachers_id_fk" FOREIGN KEY ("teacher_id") REFERENCES "public"."teachers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reimbursement_claims" ADD CONSTRAINT "reimbursement_claims_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reimbursement_claims" ADD CONSTRAINT "reimbursement_claims_participation_id_participations_id_fk" FOREIGN KEY ("participation_id") REFERENCES "public"."participations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "budgets_school_year_uq" ON "budgets" USING btree ("region_id","year","school_id") WHERE school_id is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "budgets_county_year_uq" ON "budgets" USING btree ("region_id","year") WHERE school_id is null;--> statement-breakpoint
CREATE INDEX "claim_items_claim_idx" ON "claim_items" USING btree ("claim_id");--> statement-breakpoint
CREATE INDEX "expenses_region_spent_idx" ON "expenses" USING btree ("region_id","spent_on");--> statement-breakpoint
CREATE INDEX "expenses_school_spent_idx" ON "expenses" USING btree ("school_id","spent_on");--> statement-breakpoint
CREATE INDEX "expenses_project_idx" ON "expenses" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "expenses_claim_idx" ON "expenses" USING btree ("claim_id");--> statement-breakpoint
CREATE INDEX "reimbursement_claims_region_status_idx" ON "reimbursement_claims" USING btree ("region_id","status","created_at");--> statement-breakpoint
CREATE INDEX "reimbursement_claims_school_status_idx" ON "reimbursement_claims" USING btree ("school_id","status");--> statement-breakpoint
CREATE INDEX "reimbursement_claims_teacher_idx" ON "reimbursement_claims" USING btree ("teacher_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "reimbursement_claims_participation_uq" ON "reimbursement_claims" USING btree ("participation_id") WHERE status <> 'rejected';
