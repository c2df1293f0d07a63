// Ignition module: TestStablecoin ("CLXEND Test Dollar", tUSD), owned by the admin. Local chains only.
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

export default buildModule("TestStablecoin", (m) => {
  const testStablecoin = m.contract("TestStablecoin", [m.getParameter<string>("admin")]);
  return { testStablecoin };
});
