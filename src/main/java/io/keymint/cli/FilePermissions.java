package io.keymint.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * ssh's rule for private key files, applied to keystores and password files: group or others must
 * not be able to read them. A keystore is encrypted, but its password may be weak and scrypt only
 * slows an offline guess; a password file is the password.
 */
final class FilePermissions {
  private static final Set<PosixFilePermission> TOO_OPEN =
      EnumSet.of(
          PosixFilePermission.GROUP_READ,
          PosixFilePermission.GROUP_WRITE,
          PosixFilePermission.OTHERS_READ,
          PosixFilePermission.OTHERS_WRITE);

  private FilePermissions() {}

  /**
   * Warns on {@code err} (or throws, when {@code strict}) if {@code file} is readable or writable
   * by group or others. Files that are absent, or on filesystems without POSIX modes, are left to
   * the wallet loader.
   */
  static void check(Path file, String what, boolean strict, PrintStream err) {
    if (file == null || !Files.isRegularFile(file)) {
      return;
    }
    Set<PosixFilePermission> perms;
    try {
      if (!Files.getFileStore(file).supportsFileAttributeView(PosixFileAttributeView.class)) {
        return;
      }
      perms = Files.getPosixFilePermissions(file);
    } catch (IOException | UnsupportedOperationException e) {
      return;
    }
    // EnumSet.copyOf refuses an empty set: mode 000, which root can still read
    Set<PosixFilePermission> open = EnumSet.noneOf(PosixFilePermission.class);
    open.addAll(perms);
    open.retainAll(TOO_OPEN);
    if (open.isEmpty()) {
      return;
    }
    String message =
        what
            + " "
            + file
            + " is accessible by group or others (mode "
            + PosixFilePermissions.toString(perms)
            + "): run chmod 600 "
            + file;
    if (strict) {
      throw new InsecureFileException(message);
    }
    err.println("keymint: warning: " + message);
  }
}
