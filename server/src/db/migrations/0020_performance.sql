-- Issue 16 (performance). Credit totals per teacher and cycle, kept in the same transaction as every
-- ledger write (modules/credits/ledger-write.ts), so the who-is-behind list is one query; a trigram
-- index for name search.
ALTER TABLE "credit_rule_sets" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
CREATE TABLE "credit_totals" (
	"teacher_id" integer NOT NULL,
	"cycle_start" integer NOT NULL,
	"region_id" integer NOT NULL,
	"rules_version" integer NOT NULL,
	"earned" numeric(9, 1) NOT NULL,
	"counted" numeric(9, 1) NOT NULL,
	"year_counted" numeric(9, 1)[] NOT NULL,
	"complete" boolean NOT NULL,
	CONSTRAINT "credit_totals_pk" PRIMARY KEY ("teacher_id", "cycle_start")
);
--> statement-breakpoint
-- The evaluation's detail (by category, the cycle's gaps) apart, so the rows every list reads stay narrow.
CREATE TABLE "credit_totals_detail" (
	"teacher_id" integer NOT NULL,
	"cycle_start" integer NOT NULL,
	"by_category" jsonb NOT NULL,
	"gaps" jsonb NOT NULL,
	CONSTRAINT "credit_totals_detail_pk" PRIMARY KEY ("teacher_id", "cycle_start")
);
--> statement-breakpoint
CREATE TABLE "credit_totals_state" (
	"region_id" integer PRIMARY KEY NOT NULL,
	"rules_version" integer NOT NULL,
	"built_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "credit_totals_stale" (
	"teacher_id" integer PRIMARY KEY NOT NULL,
	"region_id" integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE "credit_totals" ADD CONSTRAINT "credit_totals_teacher_id_teachers_id_fk" FOREIGN KEY ("teacher_id") REFERENCES "public"."teachers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_totals_detail" ADD CONSTRAINT "credit_totals_detail_totals_fk" FOREIGN KEY ("teacher_id","cycle_start") REFERENCES "public"."credit_totals"("teacher_id","cycle_start") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_totals_state" ADD CONSTRAINT "credit_totals_state_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_totals_stale" ADD CONSTRAINT "credit_totals_stale_teacher_id_teachers_id_fk" FOREIGN KEY ("teacher_id") REFERENCES "public"."teachers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "credit_totals_region_idx" ON "credit_totals" USING btree ("region_id","cycle_start");--> statement-breakpoint
CREATE INDEX "credit_totals_stale_region_idx" ON "credit_totals_stale" USING btree ("region_id");--> statement-breakpoint
-- A teacher's hire date (新教师培训) and posts (班主任 rules) change what counts: whoever updates
-- them (an edit, a roster import), the teacher's totals are queued for re-evaluation before the
-- next read. One statement-level pass, so a 50,000-row import pays one join, not 50,000 calls.
CREATE FUNCTION "credit_totals_mark_stale"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO credit_totals_stale (teacher_id, region_id)
	SELECT n.id, n.region_id FROM new_rows n JOIN old_rows o ON o.id = n.id
	WHERE (n.hire_date IS DISTINCT FROM o.hire_date OR n.posts IS DISTINCT FROM o.posts)
	  AND EXISTS (SELECT 1 FROM credit_totals ct WHERE ct.teacher_id = n.id)
	ON CONFLICT (teacher_id) DO NOTHING;
	RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "teachers_credit_facts" AFTER UPDATE ON "teachers" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "credit_totals_mark_stale"();--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
CREATE INDEX "teachers_name_trgm_idx" ON "teachers" USING gin ("name" gin_trgm_ops);
