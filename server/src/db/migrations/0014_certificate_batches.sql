-- Certificates printed in batch (a whole project as one PDF or a zip of PDFs): which project a
-- batch job was for, whose it is, and where its file is kept until it expires.
CREATE TABLE "certificate_batches" (
	"id" text PRIMARY KEY NOT NULL,
	"region_id" integer NOT NULL REFERENCES "regions"("id"),
	"project_id" integer NOT NULL REFERENCES "projects"("id"),
	"user_id" integer NOT NULL REFERENCES "users"("id"),
	"format" text NOT NULL,
	"count" integer NOT NULL,
	"storage_key" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"removed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE INDEX "certificate_batches_created_idx" ON "certificate_batches" USING btree ("created_at") WHERE "removed_at" IS NULL;
