-- Dictionaries (数据字典) as data, per county: every vocabulary a county keeps in its sheets
-- (school types, 办学性质/隶属, stages, subjects, titles, degrees, posts, honours with their level,
-- training categories …). Rows keep storing the Chinese term; an entry retired or merged stays,
-- so history reads the same. A region without rows of a kind uses the national list until its
-- first change to that kind (see modules/dictionaries).
CREATE TABLE "dictionary_entries" (
	"id" serial PRIMARY KEY NOT NULL,
	"region_id" integer NOT NULL REFERENCES "regions"("id"),
	"kind" text NOT NULL,
	"value" text NOT NULL,
	"synonyms" text[] DEFAULT '{}'::text[] NOT NULL,
	"level" text,
	"sort" integer DEFAULT 0 NOT NULL,
	"national" boolean DEFAULT false NOT NULL,
	"retired_at" timestamp with time zone,
	"merged_into" integer REFERENCES "dictionary_entries"("id"),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "dictionary_entries_region_kind_value_uq" ON "dictionary_entries" USING btree ("region_id","kind","value");
--> statement-breakpoint
-- Training categories had their own table: they become the dictionary kind training_category.
INSERT INTO "dictionary_entries" ("region_id", "kind", "value", "sort", "national", "retired_at", "created_at")
SELECT "region_id", 'training_category', "name", "sort", false, CASE WHEN "archived" THEN now() END, "created_at"
FROM "training_categories";
--> statement-breakpoint
DROP TABLE "training_categories";
--> statement-breakpoint
-- 学区 and 教联体 are optional: not every county has them.
ALTER TABLE "schools" ALTER COLUMN "area_id" DROP NOT NULL;
--> statement-breakpoint
-- 办学性质/隶属 (直属, 镇乡, 民办 …) is its own attribute, no longer part of the type.
ALTER TABLE "schools" ADD COLUMN "affiliation" text;
--> statement-breakpoint
-- A 村小 or 教学点 under a rural 中心校.
ALTER TABLE "schools" ADD COLUMN "parent_school_id" integer REFERENCES "schools"("id");
--> statement-breakpoint
-- Short names and other names the county's sheets use for the school (简称).
ALTER TABLE "schools" ADD COLUMN "aliases" text[] DEFAULT '{}'::text[] NOT NULL;
--> statement-breakpoint
CREATE INDEX "schools_parent_idx" ON "schools" USING btree ("parent_school_id");
--> statement-breakpoint
UPDATE "schools" SET "type" = '小学', "affiliation" = '镇乡' WHERE "type" = '镇乡小学';
--> statement-breakpoint
UPDATE "schools" SET "type" = '小学', "affiliation" = '直属' WHERE "type" = '直属小学';
