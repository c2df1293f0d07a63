// Onboarding / KYC: selfie (camera or upload) with liveness guidance, ID document, MRZ, country; the wallet signs
// the request; the compliance API checks it with the face service and writes the attestation to the KycRegistry of
// every chain; the result says where it stands on each chain and can ask for the chains still missing it.
import { Section } from "../components/Section.tsx";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import type { Address } from "viem";
import { useSignMessage } from "wagmi";
import { useApp } from "../AppContext.tsx";
import {
  type ChainAttestation,
  type KycAttestation,
  kycStatement,
  type KycVerification,
} from "../api/compliance.ts";
import { CameraCapture } from "../components/CameraCapture.tsx";
import { KycBadge } from "../components/KycBadge.tsx";
import { RequireHomeNetwork } from "../components/Networks.tsx";
import { RequireWallet } from "../components/RequireWallet.tsx";
import { ErrorNote, Pending } from "../components/Status.tsx";
import { formatDate, transactionHref } from "../lib/format.ts";

export default function VerifyPage() {
  return (
    <Section title="Verify your identity">
      <RequireHomeNetwork
        action="Identity verification"
        reason="a verification is made once, there, and the compliance service writes its attestation to the KYC registry of every chain of the deployment"
      >
        <RequireWallet purpose="verify your identity">
          {(address) => <VerifyFlow address={address} />}
        </RequireWallet>
      </RequireHomeNetwork>
    </Section>
  );
}

type Stage = "signing" | "checking";

/** The base64 payload of a data URL. */
function base64Of(dataUrl: string): string {
  return dataUrl.slice(dataUrl.indexOf(",") + 1);
}

function VerifyFlow(props: { address: Address }) {
  const { compliance } = useApp();
  const id = useId();
  const queryClient = useQueryClient();
  const [selfie, setSelfie] = useState<string | null>(null);
  const [document, setDocument] = useState<string | null>(null);
  const [mrz, setMrz] = useState("");
  const [country, setCountry] = useState("");
  const [stage, setStage] = useState<Stage>("signing");
  const { signMessageAsync } = useSignMessage();

  const mrzLines =
    mrz.trim() === ""
      ? []
      : mrz
          .trim()
          .split(/\r?\n/)
          .map((line) => line.trim().toUpperCase());
  const mrzProblem =
    mrzLines.length === 0 ||
    (mrzLines.length >= 2 &&
      mrzLines.length <= 3 &&
      mrzLines.every((l) => /^[A-Z0-9<]{30,44}$/.test(l)))
      ? null
      : "The MRZ is the 2 or 3 lines of capitals, digits and < at the bottom of the photo page; type them line by line.";
  const countryProblem = /^[A-Z]{2}$/.test(country)
    ? null
    : "Enter your country of residence as two capital letters.";

  const verify = useMutation({
    mutationFn: async (): Promise<KycVerification> => {
      if (!selfie || !document)
        throw new Error("Take the selfie and the photo of your document first.");
      setStage("signing");
      const issuedAt = new Date().toISOString();
      const walletSignature = await signMessageAsync({
        message: kycStatement(props.address, issuedAt),
      });
      setStage("checking");
      return compliance.verifyKyc({
        subject: props.address,
        selfie: base64Of(selfie),
        document: base64Of(document),
        ...(mrzLines.length > 0 ? { mrz: mrzLines.join("\n") } : {}),
        country,
        issuedAt,
        walletSignature,
      });
    },
    onSuccess: () => queryClient.invalidateQueries(),
  });

  return (
    <>
      <div className="card">
        <h2>Current status</h2>
        <KycBadge address={props.address} />
      </div>
      <form
        className="card"
        onSubmit={(event) => {
          event.preventDefault();
          verify.mutate();
        }}
      >
        <ol className="steps">
          <li>
            <CameraCapture
              label="Selfie"
              guidance="Face the camera in good light, centre your face in the oval, look straight at the lens with your eyes open, and hold still. No hat or sunglasses."
              facingMode="user"
              value={selfie}
              onCapture={(value) => {
                setSelfie(value);
                verify.reset();
              }}
            />
          </li>
          <li>
            <CameraCapture
              label="ID document"
              guidance="The photo page of your passport or ID card, flat, fully in the frame, without glare."
              facingMode="environment"
              value={document}
              onCapture={(value) => {
                setDocument(value);
                verify.reset();
              }}
            />
          </li>
          <li>
            <div className="field">
              <label htmlFor={`${id}-mrz`}>Machine-readable zone (MRZ), optional</label>
              <textarea
                id={`${id}-mrz`}
                value={mrz}
                rows={3}
                spellCheck={false}
                className="mono"
                placeholder={
                  "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10"
                }
                onChange={(event) => setMrz(event.target.value)}
                aria-invalid={mrzProblem !== null}
                aria-describedby={`${id}-mrz-help`}
              />
              <p id={`${id}-mrz-help`} className="hint">
                {mrzProblem ?? "If left empty, the service reads it from the document photo."}
              </p>
            </div>
            <div className="field">
              <label htmlFor={`${id}-country`}>Country of residence (2 letters)</label>
              <input
                id={`${id}-country`}
                value={country}
                maxLength={2}
                placeholder="DE"
                onChange={(event) => setCountry(event.target.value.toUpperCase())}
                aria-invalid={country !== "" && countryProblem !== null}
              />
            </div>
          </li>
        </ol>
        <p className="note">
          Your wallet signs a short statement asking for verification (no transaction, no gas). The
          photos go to the compliance service only; the chain records just your level, expiry and a
          hash of the evidence.
        </p>
        <button
          type="submit"
          disabled={
            !selfie ||
            !document ||
            mrzProblem !== null ||
            countryProblem !== null ||
            verify.isPending
          }
        >
          Submit for verification
        </button>
        {verify.isPending ? (
          <Pending>
            {stage === "signing"
              ? "Step 1 of 2: sign the request in your wallet…"
              : "Step 2 of 2: checking liveness, matching your face to the document and writing the attestation…"}
          </Pending>
        ) : null}
        {verify.error ? <ErrorNote error={verify.error} onRetry={() => verify.mutate()} /> : null}
      </form>
      {verify.data ? <VerificationResult result={verify.data} /> : null}
    </>
  );
}

function VerificationResult(props: { result: KycVerification }) {
  const { result } = props;
  const title =
    result.verdict === "approved"
      ? "You are verified"
      : result.verdict === "review"
        ? "Sent for manual review"
        : "Not verified";
  return (
    <Section
      className={`card result result-${result.verdict}`}
      level={2}
      title={title}
      headingTestId="kyc-verdict"
    >
      {result.reasons.length > 0 ? (
        <ul className="reasons">
          {result.reasons.map((reason) => (
            <li key={reason}>{reason}</li>
          ))}
        </ul>
      ) : null}
      {result.attestation ? <AttestationByChain initial={result.attestation} /> : null}
      {result.verdict === "rejected" ? (
        <p>
          Retake the photos following the guidance and submit again, or use a different document.
        </p>
      ) : null}
    </Section>
  );
}

/** What one chain's entry of the attestation says, with its transaction when there is one. */
function ChainAttestationItem(props: { entry: ChainAttestation }) {
  const { networkOf } = useApp();
  const { entry } = props;
  const network = networkOf(entry.chainId);
  const name = network?.chain.name ?? `chain ${entry.chainId}`;
  const tx = entry.txHash ? (
    <>
      {" "}
      (transaction{" "}
      <a href={transactionHref(entry.txHash, network?.chain.explorerUrl ?? null, entry.chainId)}>
        {entry.txHash.slice(0, 10)}…
      </a>
      )
    </>
  ) : null;
  if (entry.status === "confirmed")
    return (
      <li>
        {name}: written{tx}.
      </li>
    );
  if (entry.status === "sent")
    return (
      <li>
        {name}: on its way{tx}.
      </li>
    );
  if (entry.status === "pending") return <li>{name}: not written yet.</li>;
  return (
    <li className="blocking">
      {name}: not written
      {entry.error ? ` (${entry.error.message})` : ""}.
    </li>
  );
}

/**
 * The attestation of a passed verification on each chain of the deployment (the contracts check KYC per chain), and,
 * while a chain lacks it, a button asking the service to write it there.
 */
function AttestationByChain(props: { initial: KycAttestation }) {
  const { compliance } = useApp();
  const queryClient = useQueryClient();
  const [attestation, setAttestation] = useState(props.initial);
  const complete = useMutation({
    mutationFn: () => compliance.reattestKyc(attestation.verificationId),
    onSuccess: (next) => {
      setAttestation(next);
      return queryClient.invalidateQueries();
    },
  });
  return (
    <div data-testid="kyc-attestation">
      <p>
        Level {attestation.level} attestation, valid until{" "}
        {formatDate(Date.parse(attestation.expiresAt) / 1000)}:
      </p>
      <ul className="reasons" data-testid="kyc-attestation-chains">
        {attestation.chains.map((entry) => (
          <ChainAttestationItem key={entry.chainId} entry={entry} />
        ))}
      </ul>
      {attestation.complete ? null : (
        <>
          <p className="note">
            You can send from, and receive on, a chain once the attestation is written there.
          </p>
          <button type="button" onClick={() => complete.mutate()} disabled={complete.isPending}>
            Write it to the remaining chains
          </button>
          {complete.isPending ? <Pending>Writing the attestation…</Pending> : null}
          {complete.error ? <ErrorNote error={complete.error} /> : null}
        </>
      )}
    </div>
  );
}
