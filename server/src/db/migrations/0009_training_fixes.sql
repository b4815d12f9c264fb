CREATE INDEX "credit_ledger_reverses_idx" ON "credit_ledger" USING btree ("reverses_id") WHERE reverses_id is not null;
--> statement-breakpoint
ALTER TABLE "participations" ADD COLUMN "external_certificate_no" text;
