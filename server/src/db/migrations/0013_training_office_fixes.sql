-- Defects a county office hit in the after-training, assessment and notice modules.
-- Report-backs: the teacher's first submission is what "on time" is judged by; a returned and
-- resubmitted report-back keeps it. Existing rows take their earliest recorded submission.
ALTER TABLE "report_backs" ADD COLUMN "first_submitted_at" timestamp with time zone;
--> statement-breakpoint
UPDATE "report_backs" rb SET "first_submitted_at" = coalesce(
  (select min(al.created_at) from audit_log al
    where al.entity = 'report_back' and al.entity_id = rb.id::text and al.action = 'report_back.submit'),
  rb.submitted_at)
WHERE rb.submitted_at is not null;
--> statement-breakpoint
-- Claims: the county may waive the report-back condition of one claim, with a reason.
ALTER TABLE "reimbursement_claims" ADD COLUMN "report_back_waived_by" integer;
--> statement-breakpoint
ALTER TABLE "reimbursement_claims" ADD COLUMN "report_back_waived_at" timestamp with time zone;
--> statement-breakpoint
ALTER TABLE "reimbursement_claims" ADD COLUMN "report_back_waive_reason" text;
--> statement-breakpoint
-- Assessment: a result set by hand against what the score gives carries the reason.
ALTER TABLE "participations" ADD COLUMN "result_override_reason" text;
--> statement-breakpoint
-- The county's default pass and excellent lines (a project may set its own in its completion rule).
CREATE TABLE "assessment_settings" (
	"region_id" integer PRIMARY KEY NOT NULL REFERENCES "regions"("id"),
	"pass_score" numeric(4, 1) DEFAULT 60 NOT NULL,
	"excellent_score" numeric(4, 1) DEFAULT 85 NOT NULL,
	"updated_by" integer,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
-- Notices: edited after publishing (shown as 已修改) or withdrawn.
ALTER TABLE "notices" ADD COLUMN "edited_at" timestamp with time zone;
--> statement-breakpoint
ALTER TABLE "notices" ADD COLUMN "withdrawn_at" timestamp with time zone;
--> statement-breakpoint
ALTER TABLE "notices" ADD COLUMN "withdrawn_by" integer;
--> statement-breakpoint
ALTER TABLE "notices" ADD COLUMN "withdraw_reason" text;
