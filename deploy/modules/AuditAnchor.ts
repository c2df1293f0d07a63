// Ignition module: AuditAnchor with its admin and anchorer (the compliance service's anchoring key) from parameters.
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

export default buildModule("AuditAnchor", (m) => {
  const auditAnchor = m.contract("AuditAnchor", [
    m.getParameter<string>("admin"),
    m.getParameter<string>("anchorer"),
  ]);
  return { auditAnchor };
});
