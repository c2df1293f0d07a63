CREATE TABLE "audit_anchors" (
	"seq" bigint PRIMARY KEY NOT NULL,
	"head_hash" text NOT NULL,
	"chain_id" integer NOT NULL,
	"tx_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_head" (
	"id" integer PRIMARY KEY NOT NULL,
	"seq" bigint NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"seq" bigint,
	"at" text NOT NULL,
	"kind" text NOT NULL,
	"actor" text NOT NULL,
	"data" jsonb NOT NULL,
	"prev_hash" text,
	"hash" text
);
--> statement-breakpoint
CREATE TABLE "case_actions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"officer" text NOT NULL,
	"action" text NOT NULL,
	"reason" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cases" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"decision_id" uuid NOT NULL,
	"status" text NOT NULL,
	"high_risk" boolean NOT NULL,
	"submitted_by" text NOT NULL,
	"concerns" jsonb NOT NULL,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "decisions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"chain_id" integer NOT NULL,
	"sender" text NOT NULL,
	"recipient" text,
	"claim_hash" text,
	"token" text NOT NULL,
	"amount" numeric(78, 0) NOT NULL,
	"amount_usd_cents" bigint NOT NULL,
	"fee" numeric(78, 0) NOT NULL,
	"memo_hash" text NOT NULL,
	"travel_rule_hash" text NOT NULL,
	"travel_rule_record_id" uuid,
	"destination_chain_id" integer NOT NULL,
	"merchant_id" numeric(78, 0),
	"sender_country" text,
	"recipient_country" text,
	"outcome" text NOT NULL,
	"status" text NOT NULL,
	"score" integer NOT NULL,
	"reasons" jsonb NOT NULL,
	"list_version" text NOT NULL,
	"sender_kyc_level" integer NOT NULL,
	"recipient_kyc_level" integer,
	"nonce" numeric(78, 0),
	"deadline" bigint,
	"signer" text,
	"approved_at" timestamp with time zone,
	"cosigned_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "flagged_addresses" (
	"address" text PRIMARY KEY NOT NULL,
	"reason" text NOT NULL,
	"flagged_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "kyc_attestations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"subject" text NOT NULL,
	"level" integer NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"evidence_hash" text NOT NULL,
	"provider" text NOT NULL,
	"tx_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "kyc_request_signatures" (
	"signature_hash" text PRIMARY KEY NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "nonce_counters" (
	"chain_id" integer NOT NULL,
	"contract" text NOT NULL,
	"next_nonce" bigint NOT NULL,
	CONSTRAINT "nonce_counters_chain_id_contract_pk" PRIMARY KEY("chain_id","contract")
);
--> statement-breakpoint
CREATE TABLE "personal_records" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"subject" text NOT NULL,
	"kind" text NOT NULL,
	"ciphertext" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sanctions_list_versions" (
	"id" text PRIMARY KEY NOT NULL,
	"snapshot_date" text,
	"address_count" integer NOT NULL,
	"sources" jsonb NOT NULL,
	"loaded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sar_drafts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"decision_id" uuid NOT NULL,
	"subject" text NOT NULL,
	"score" integer NOT NULL,
	"narrative" text NOT NULL,
	"status" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sar_drafts_decision_id_unique" UNIQUE("decision_id")
);
--> statement-breakpoint
CREATE TABLE "staff_nonces" (
	"nonce" text PRIMARY KEY NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "staff_sessions" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"address" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "subjects" (
	"address" text PRIMARY KEY NOT NULL,
	"country" text,
	"wrapped_key" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_activity_at" timestamp with time zone DEFAULT now() NOT NULL,
	"erased_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "case_actions" ADD CONSTRAINT "case_actions_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_decision_id_decisions_id_fk" FOREIGN KEY ("decision_id") REFERENCES "public"."decisions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "personal_records" ADD CONSTRAINT "personal_records_subject_subjects_address_fk" FOREIGN KEY ("subject") REFERENCES "public"."subjects"("address") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sar_drafts" ADD CONSTRAINT "sar_drafts_decision_id_decisions_id_fk" FOREIGN KEY ("decision_id") REFERENCES "public"."decisions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "audit_log_seq_idx" ON "audit_log" USING btree ("seq");--> statement-breakpoint
CREATE INDEX "audit_log_unsealed_idx" ON "audit_log" USING btree ("id") WHERE "audit_log"."seq" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "case_actions_officer_idx" ON "case_actions" USING btree ("case_id","officer");--> statement-breakpoint
CREATE UNIQUE INDEX "cases_decision_idx" ON "cases" USING btree ("decision_id");--> statement-breakpoint
CREATE INDEX "cases_status_idx" ON "cases" USING btree ("status");--> statement-breakpoint
CREATE INDEX "decisions_sender_created_idx" ON "decisions" USING btree ("sender","created_at");--> statement-breakpoint
CREATE INDEX "decisions_sender_recipient_idx" ON "decisions" USING btree ("sender","recipient");--> statement-breakpoint
CREATE UNIQUE INDEX "decisions_nonce_idx" ON "decisions" USING btree ("chain_id","nonce");--> statement-breakpoint
CREATE INDEX "kyc_attestations_subject_idx" ON "kyc_attestations" USING btree ("subject");--> statement-breakpoint
CREATE INDEX "kyc_attestations_expiry_idx" ON "kyc_attestations" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "personal_records_subject_idx" ON "personal_records" USING btree ("subject");