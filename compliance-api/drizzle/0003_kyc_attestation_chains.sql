CREATE TABLE "kyc_attestation_chains" (
	"attestation_id" uuid NOT NULL,
	"chain_id" integer NOT NULL,
	"status" text NOT NULL,
	"tx_hash" text,
	"error_code" text,
	"error_message" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"claimed_until" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"confirmed_at" timestamp with time zone,
	CONSTRAINT "kyc_attestation_chains_attestation_id_chain_id_pk" PRIMARY KEY("attestation_id","chain_id")
);
--> statement-breakpoint
ALTER TABLE "kyc_attestations" ALTER COLUMN "tx_hash" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "kyc_attestation_chains" ADD CONSTRAINT "kyc_attestation_chains_attestation_id_kyc_attestations_id_fk" FOREIGN KEY ("attestation_id") REFERENCES "public"."kyc_attestations"("id") ON DELETE no action ON UPDATE no action;