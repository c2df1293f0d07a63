// Ignition module: MerchantRegistry with its admin and merchant compliance officer (KYB decisions) from parameters.
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

export default buildModule("MerchantRegistry", (m) => {
  const merchantRegistry = m.contract("MerchantRegistry", [
    m.getParameter<string>("admin"),
    m.getParameter<string>("merchantComplianceOfficer"),
  ]);
  return { merchantRegistry };
});
