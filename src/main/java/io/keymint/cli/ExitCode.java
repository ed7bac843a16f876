package io.keymint.cli;

/**
 * The CLI's exit codes, one per thing an operator does differently. Listed in the README; scripts
 * depend on them, so a number never changes meaning.
 */
enum ExitCode {
  OK(0, "success"),
  INTERNAL(1, "unexpected internal error (a bug: please report it)"),
  USAGE(2, "bad command line or option value"),
  WALLET(3, "the wallet could not be loaded or unlocked (file, password, variable, memory)"),
  REJECTED(
      4, "Venice refused the request (4xx: bad input, no staked VVV, bad signature, not found)"),
  AUTH(5, "Venice refused the API key (401/402/403: missing, unknown or not an ADMIN key)"),
  UNREACHABLE(6, "Venice could not be reached or failed (connection error, timeout, 5xx)"),
  SINK_PREFLIGHT(7, "a sink cannot be written; nothing was minted"),
  SINK_AFTER_MINT(8, "a key was minted but could not be stored in every sink"),
  RATE_LIMITED(9, "Venice rate-limited the request (429) after the retries"),
  // 10+ : key lifecycle (ensure, rotate, recover)
  TIMED_OUT(
      10,
      "--max-wait passed: the sink's lock stayed held, or time ran out before minting; nothing was minted"),
  ESCROWED(
      11,
      "a key was minted, no sink could store it, and it is sealed in a recovery file: run keymint recover"),
  NEW_KEY_REJECTED(
      12,
      "rotate: the new key is stored but Venice does not admit it; the old key was not revoked"),
  INSECURE_FILE(13, "--strict: the keystore or password file is readable by group or others"),
  RECOVERY_FAILED(
      14, "the recovery file cannot be opened with this wallet (another wallet's, or altered)"),
  KEY_REFUSED(
      15, "ensure: the stored key is valid but Venice refuses it now (spent cap?); not replaced"),
  SEALED_PRINTED(
      16,
      "a key was minted, no sink nor recovery file could store it; it is sealed in the text printed on"
          + " stderr: save it and run keymint recover -"),
  // 18-20: issue 11 (verification, health)
  KEY_NOT_ADMITTED(
      18,
      "the new key is stored, but Venice does not admit it (accessPermitted: false or 401/402/403)"),
  EXPIRING(19, "health: the key expires within --margin"),
  CANNOT_SPEND(20, "health: the key works but USD and DIEM balances are empty"),
  // 21-23: shared key stores (--store)
  STORE_UNREACHABLE(21, "the key store (etcd, Kubernetes API) could not be reached in time"),
  STORE_CONFLICT(
      22,
      "the key store write lost: the lease ran out or another replica wrote first (compare-and-set)"),
  STORE_RECORD(23, "the key store's record cannot be opened (another wallet's, or corrupt)"),
  // 24-25: signers outside the process (issue 13)
  NO_ESCROW(
      24,
      "a randomised signer (PKCS#11, KMS) and no --escrow-recipient: nothing was minted, since a key no"
          + " sink stored could not be sealed");

  final int code;
  final String meaning;

  ExitCode(int code, String meaning) {
    this.code = code;
    this.meaning = meaning;
  }
}
