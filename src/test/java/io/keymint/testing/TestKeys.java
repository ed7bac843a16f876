package io.keymint.testing;

/**
 * Well-known throw-away keys used across tests (from the ethers vectors and keystore-examples/).
 */
public final class TestKeys {
  /** The EIP-191 vectors' key; address {@link #VECTOR_ADDRESS}. */
  public static final String VECTOR_PRIVATE_KEY =
      "0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318";

  public static final String VECTOR_ADDRESS = "0x2c7536E3605D9C16a7a3D7b1898e529396a65c23";

  /** Hardhat's well-known mnemonic; account 0 is {@link #MNEMONIC_ADDRESS}. */
  public static final String MNEMONIC =
      "test test test test test test test test test test test junk";

  public static final String MNEMONIC_ADDRESS = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";

  /** keystore-examples/light (scrypt n=2^12). */
  public static final String LIGHT_KEYSTORE = "keystore-examples/light/keystore.json";

  public static final String LIGHT_PASSWORD_FILE = "keystore-examples/light/password.txt";
  public static final String LIGHT_ADDRESS = "0xb568939E9758702c2a8f0E7F5C91fe5c1aC07293";

  public static final String LIGHT_PRIVATE_KEY =
      "0x48b6c158ca764ad978beadfdef5e327f8c4daf16093295496d49901bba20c23a";

  /** keystore-examples/standard (scrypt n=2^18). */
  public static final String STANDARD_KEYSTORE = "keystore-examples/standard/keystore.json";

  public static final String STANDARD_PASSWORD_FILE = "keystore-examples/standard/password.txt";
  public static final String STANDARD_ADDRESS = "0xBE934cAaF7fFcC404A69916A5c56C702a1c5Cf0c";
  public static final String STANDARD_PRIVATE_KEY =
      "0xa52a01f304e6851bda05ad78881ad41f20acaa829109a155b680c315df71dcb6";

  /** The Web3 Secret Storage spec vectors' key. */
  public static final String SPEC_VECTOR_PRIVATE_KEY =
      "0x7a28b5ba57c53603b0b07b56bba752f7784bf506fa95edc395f5cf6c7514fe9d";

  /** The ethers keystore vectors' key. */
  public static final String ETHERS_VECTOR_PRIVATE_KEY =
      "0x5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e";

  private TestKeys() {}
}
