package io.keymint.wallet;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Reads the wallet's small files (keystore, password) without trusting them: the type is checked
 * before the file is opened (a FIFO with no writer would block the open, {@code /dev/zero} never
 * ends), the size before it is read, and never more than the bound is read even if the file grows
 * in between.
 */
final class SmallFiles {
  private SmallFiles() {}

  /**
   * The bytes of {@code file}, a regular file of at most {@code max} bytes.
   *
   * @param what "keystore file", "password file": starts every message
   * @param option the option that names the file, for the hint
   * @throws WalletException with one line otherwise
   */
  static byte[] read(Path file, long max, String what, String option) {
    BasicFileAttributes attrs;
    try {
      attrs = Files.readAttributes(file, BasicFileAttributes.class); // stat: never blocks
    } catch (NoSuchFileException e) {
      throw new WalletException(what + " " + file + " does not exist: check " + option);
    } catch (IOException e) {
      throw new WalletException(
          "cannot read " + what + " " + file + ": " + e.getClass().getSimpleName());
    }
    if (!attrs.isRegularFile()) {
      throw new WalletException(
          what
              + " "
              + file
              + " is "
              + (attrs.isDirectory() ? "a folder" : "not a regular file (a FIFO, socket or device)")
              + ": "
              + option
              + " takes the file itself");
    }
    if (attrs.size() > max) {
      throw new WalletException(
          what + " " + file + " is " + attrs.size() + " bytes, more than " + max + ": not one");
    }
    try (InputStream in = Files.newInputStream(file)) {
      byte[] bytes = in.readNBytes((int) max + 1);
      if (bytes.length > max) {
        java.util.Arrays.fill(bytes, (byte) 0);
        throw new WalletException(what + " " + file + " grew past " + max + " bytes while read");
      }
      return bytes;
    } catch (AccessDeniedException e) {
      throw new WalletException("cannot read " + what + " " + file + ": permission denied");
    } catch (IOException e) {
      throw new WalletException(
          "cannot read " + what + " " + file + ": " + e.getClass().getSimpleName());
    }
  }

  /** The value of an ASCII hex digit, or -1 (full-width and other Unicode digits are not hex). */
  static int hexDigit(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }
}
