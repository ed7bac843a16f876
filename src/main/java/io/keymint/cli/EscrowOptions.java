package io.keymint.cli;

import io.keymint.escrow.RecipientEscrow;
import io.keymint.mint.UnstoredKeyHandler;
import io.keymint.sink.SecretSink;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.List;
import picocli.CommandLine.Option;

/** Where and to whom a minted key that no sink stored is sealed: mint, ensure, rotate, recover. */
final class EscrowOptions {
  @Option(
      names = "--recovery-dir",
      paramLabel = "DIR",
      description =
          "Where a minted key that no sink could store is sealed (default: beside the first file sink, else the working directory).")
  Path recoveryDir;

  @Option(
      names = "--escrow-recipient",
      paramLabel = "FILE",
      description =
          "X25519 public key (PEM) to seal a minted key to when no sink can store it, instead of the wallet-derived escrow; needed with --pkcs11-module and --kms-key-id, whose signatures are randomised.")
  Path escrowRecipient;

  @Option(
      names = "--allow-no-escrow",
      description =
          "With a randomised signer and no --escrow-recipient: warn and mint anyway, instead of refusing (exit 24) before minting.")
  boolean allowNoEscrow;

  /** The recipient's public key read from {@code --escrow-recipient}, or null. */
  PublicKey recipient() {
    return escrowRecipient == null ? null : RecipientEscrow.readPublicKey(escrowRecipient);
  }

  /** The handler that seals a key none of {@code sinks} stored, as these options say. */
  UnstoredKeyHandler handler(List<? extends SecretSink> sinks) {
    return RecipientEscrow.handler(recipient(), !allowNoEscrow, recoveryDir, sinks);
  }
}
