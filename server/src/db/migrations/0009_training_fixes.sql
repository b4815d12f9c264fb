CREATE INDEX "credit_ledger_reverses_idx" ON "credit_ledger" USING btree ("reverses_id") WHERE reverses_id is not null;
