package io.keymint.escrow;

import io.keymint.KeymintException;
import io.keymint.Setting;
import io.keymint.mint.UnstoredKeyHandler;
import io.keymint.sink.ReadableSink;
import io.keymint.sink.SecretSink;
import io.keymint.venice.ApiKey;
import io.keymint.wallet.Wallet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Seals a key no sink stored: a recovery file if any folder takes it, else the sealed text. */
final class EscrowHandler implements UnstoredKeyHandler {
  private static final Logger log = LoggerFactory.getLogger(EscrowHandler.class);

  private final Path recoveryDir;
  private final List<SecretSink> sinks;
  private final PublicKey recipient;
  private final boolean requireEscrow;

  EscrowHandler(Path recoveryDir, List<? extends SecretSink> sinks) {
    this(recoveryDir, sinks, null, true);
  }

  /**
   * With {@code recipient}, keys are sealed to it ({@link RecipientEscrow}) instead of with the
   * wallet; without one, a randomised wallet is refused before minting unless {@code requireEscrow}
   * is false.
   */
  EscrowHandler(
      Path recoveryDir,
      List<? extends SecretSink> sinks,
      PublicKey recipient,
      boolean requireEscrow) {
    this.recoveryDir = recoveryDir;
    this.sinks = List.copyOf(sinks);
    this.recipient = recipient;
    this.requireEscrow = requireEscrow;
  }

  /**
   * Before anything is minted: a key that no sink stores can be sealed only if the wallet's
   * signatures are deterministic or a recipient key was given. Otherwise refuse ({@link
   * EscrowException.Kind#NO_ESCROW}), or warn when the caller allowed minting without an escrow.
   */
  @Override
  public void check(Wallet w) {
    if (recipient != null || w.deterministic()) {
      return;
    }
    String what =
        "no way to seal a key for a randomised signer (wallet "
            + w.address()
            + " signs with a random k, so the wallet-derived recovery key could never be derived"
            + " again)";
    if (requireEscrow) {
      throw new EscrowException(
          EscrowException.Kind.NO_ESCROW,
          what
              + ": set "
              + Setting.ESCROW_RECIPIENT.apiName()
              + " (an X25519 public key whose private half you keep), or "
              + Setting.ALLOW_NO_ESCROW.apiName()
              + " to mint without one; nothing was minted",
          null,
          Setting.ESCROW_RECIPIENT);
    }
    log.warn(
        "{}: minting without an escrow ("
            + Setting.ALLOW_NO_ESCROW.apiName()
            + "); a key that no sink can store will be lost",
        what);
  }

  /** With no recovery file, the sealed text itself: at shutdown no one else will print it. */
  @Override
  public String shutdownReport(RuntimeException outcome) {
    if (outcome instanceof EscrowException
        && ((EscrowException) outcome).sealed() != null
        && ((EscrowException) outcome).recoveryFile() == null) {
      return outcome.getMessage()
          + "\n"
          + RecoveryEscrow.BEGIN
          + "\n"
          + ((EscrowException) outcome).sealed()
          + "\n"
          + RecoveryEscrow.END;
    }
    return outcome.getMessage();
  }

  @Override
  public RuntimeException handle(Wallet w, ApiKey key, RuntimeException e) {
    Set<Path> folders = folders(recoveryDir, sinks);
    byte[] sealedBytes;
    try {
      sealedBytes =
          recipient != null
              ? RecipientEscrow.sealToBytes(recipient, w.address(), key)
              : RecoveryEscrow.sealToBytes(w, key);
    } catch (RuntimeException failure) {
      e.addSuppressed(
          new KeymintException(
              "the key could not be sealed either (" + failure.getMessage() + ")", failure));
      return e;
    }
    String sealed = new String(sealedBytes, StandardCharsets.UTF_8);
    List<String> tried = new ArrayList<>();
    for (Path folder : folders) {
      try {
        if (!Files.isDirectory(folder)) {
          tried.add(folder + " (not a folder)");
          continue;
        }
        Path file = Sealing.write(folder, key.id(), sealedBytes);
        log.warn("key {} could not be stored; sealed in recovery file {}", key.id(), file);
        return EscrowException.escrowed(
            e.getMessage()
                + ". It is sealed in recovery file "
                + file
                + ", which only "
                + opener(w)
                + " can open: fix the sinks, then "
                + Setting.RECOVER_FILE.apiName()
                + " "
                + file
                + (recipient != null
                    ? " " + Setting.RECIPIENT_KEY.apiName() + ", with the same sinks"
                    : " with the same wallet and sinks"),
            key,
            file,
            sealed,
            e);
      } catch (IOException | RuntimeException failure) {
        tried.add(folder + " (" + failure.getClass().getSimpleName() + ")");
      }
    }
    log.warn("key {} could not be stored nor sealed in a recovery file", key.id());
    return EscrowException.escrowed(
        e.getMessage()
            + ". No recovery file could be written either (tried "
            + String.join(", ", tried)
            + "): the key is sealed in the text below, which only "
            + opener(w)
            + " can open. Save it, fix the sinks, then "
            + Setting.RECOVER_SEALED.apiName()
            + (recipient != null
                ? " " + Setting.RECIPIENT_KEY.apiName() + ", with the same sinks"
                : " with the same wallet and sinks"),
        key,
        null,
        sealed,
        e);
  }

  /**
   * Where recovery files go, in order: {@code recoveryDir} alone when given, else the folders of
   * the readable sinks, then the working directory.
   */
  static Set<Path> folders(Path recoveryDir, List<? extends SecretSink> sinks) {
    Set<Path> folders = new LinkedHashSet<>();
    if (recoveryDir != null) {
      folders.add(recoveryDir.toAbsolutePath().normalize());
    } else {
      for (SecretSink s : sinks) {
        if (s instanceof ReadableSink) {
          folders.add(((ReadableSink) s).path().toAbsolutePath().getParent());
        }
      }
      folders.add(Path.of("").toAbsolutePath());
    }
    return folders;
  }

  private String opener(Wallet w) {
    return recipient != null
        ? "the holder of recipient key " + RecipientEscrow.fingerprint(recipient.getEncoded())
        : "wallet " + w.address();
  }
}
