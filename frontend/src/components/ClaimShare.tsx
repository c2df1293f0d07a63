// Helps the sender share an escrow's claim link: copy it, show it as a QR code, or open a message to the
// recipient. The link holds the secret in its #fragment, so it never reaches a server.
import { QRCodeSVG } from "qrcode.react";
import { useId, useState } from "react";

export function ClaimShare(props: {
  link: string;
  contact: { contact: string; channel: "email" | "phone" };
}) {
  const id = useId();
  const [copied, setCopied] = useState<"idle" | "done" | "failed">("idle");
  const text = `You have money waiting on CLXEND. Open this link to claim it: ${props.link}`;
  const share =
    props.contact.channel === "email"
      ? `mailto:${encodeURIComponent(props.contact.contact)}?subject=${encodeURIComponent("Money for you")}&body=${encodeURIComponent(text)}`
      : `sms:${props.contact.contact.replace(/[^\d+]/g, "")}?body=${encodeURIComponent(text)}`;
  return (
    <div className="claim-share">
      <h3>Share the claim link with {props.contact.contact}</h3>
      <p className="note">
        Whoever has this link can claim the money with a verified wallet. Send it only to the
        recipient. It is not stored anywhere else: keep it until they have claimed.
      </p>
      <label htmlFor={id}>Claim link</label>
      <textarea id={id} readOnly value={props.link} rows={3} data-testid={id} />
      <div className="row">
        <button
          type="button"
          onClick={() =>
            navigator.clipboard.writeText(props.link).then(
              () => setCopied("done"),
              () => setCopied("failed"),
            )
          }
        >
          Copy link
        </button>
        <a className="button secondary" href={share}>
          {props.contact.channel === "email" ? "Send by e-mail" : "Send by SMS"}
        </a>
      </div>
      {copied === "done" ? <output>Copied.</output> : null}
      {copied === "failed" ? (
        <p role="alert">Copying is blocked here: select the link and copy it yourself.</p>
      ) : null}
      <figure className="qr">
        <QRCodeSVG value={props.link} size={192} level="M" title="Claim link as a QR code" />
        <figcaption>Or let the recipient scan this code.</figcaption>
      </figure>
    </div>
  );
}
