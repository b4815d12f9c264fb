CREATE TABLE "credit_rule_sets" (
	"region_id" integer PRIMARY KEY NOT NULL,
	"preset" text NOT NULL,
	"rules" jsonb NOT NULL,
	"updated_by" integer,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "credit_statements" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"region_id" integer NOT NULL,
	"number" text NOT NULL,
	"teacher_id" integer NOT NULL,
	"period" text NOT NULL,
	"start_year" integer NOT NULL,
	"end_year" integer NOT NULL,
	"unit" text NOT NULL,
	"required" numeric(7, 1),
	"counted" numeric(7, 1) NOT NULL,
	"snapshot" jsonb NOT NULL,
	"issuer" text NOT NULL,
	"issued_by" integer,
	"issued_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	"revoked_by" integer,
	"revoke_reason" text
);
--> statement-breakpoint
ALTER TABLE "credit_rule_sets" ADD CONSTRAINT "credit_rule_sets_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_statements" ADD CONSTRAINT "credit_statements_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_statements" ADD CONSTRAINT "credit_statements_teacher_id_teachers_id_fk" FOREIGN KEY ("teacher_id") REFERENCES "public"."teachers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "credit_statements_number_uq" ON "credit_statements" USING btree ("number");--> statement-breakpoint
CREATE INDEX "credit_statements_teacher_idx" ON "credit_statements" USING btree ("teacher_id","issued_at");--> statement-breakpoint
CREATE INDEX "credit_statements_region_idx" ON "credit_statements" USING btree ("region_id","issued_at");
