ALTER TABLE "consortia" ADD CONSTRAINT "consortia_core_school_id_schools_id_fk" FOREIGN KEY ("core_school_id") REFERENCES "public"."schools"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "teachers_region_name_idx" ON "teachers" USING btree ("region_id","name");--> statement-breakpoint
CREATE INDEX "users_school_idx" ON "users" USING btree ("school_id");