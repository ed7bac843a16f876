package io.keymint.sink;

import io.keymint.Setting;
import io.keymint.internal.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * The sinks' side of {@link AtomicFiles}: the checks a file sink makes at preflight and before each
 * write (the folder exists, the target is absent or a regular file, not a symlink; the folder takes
 * new files), worded for a sink ("choose another SecretSink"), and the atomic replacement with its
 * failure as a {@link SinkException}. Folders are never created: a typo in a sink's path should
 * fail before minting rather than scatter a secret into a new directory tree.
 */
final class SinkFiles {
  private SinkFiles() {}

  /**
   * The structural checks shared by preflight and write: the folder exists and is a folder, the
   * target is absent or a regular file (not a symlink).
   */
  static void checkShape(Path target, String sink) {
    Path dir = target.getParent();
    if (dir == null) {
      throw new SinkException(
          sink + ": " + target + " is not a file path: choose another " + Setting.SINK.apiName(),
          Setting.SINK);
    }
    if (!Files.exists(dir)) {
      throw new SinkException(
          sink
              + ": folder "
              + dir
              + " does not exist: create it or choose another "
              + Setting.SINK.apiName(),
          Setting.SINK);
    }
    if (!Files.isDirectory(dir)) {
      throw new SinkException(
          sink + ": " + dir + " is not a folder: choose another " + Setting.SINK.apiName(),
          Setting.SINK);
    }
    if (Files.isSymbolicLink(target)) {
      throw new SinkException(
          sink
              + ": "
              + target
              + " is a symbolic link; keymint replaces files by rename and will not replace a link:"
              + " name the real file or choose another "
              + Setting.SINK.apiName(),
          Setting.SINK);
    }
    if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)
        && !Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
      throw new SinkException(
          sink
              + ": "
              + target
              + " exists and is not a regular file: choose another "
              + Setting.SINK.apiName(),
          Setting.SINK);
    }
  }

  /**
   * Preflight: the shape checks, then proves the folder is writable by creating and deleting a
   * probe file. {@link Files#isWritable} is not enough: it answers from permission bits, which root
   * bypasses, and it knows nothing of read-only mounts, immutable flags or quotas.
   */
  static void checkWritable(Path target, String sink) {
    checkShape(target, sink);
    Path dir = target.getParent();
    Path probe;
    try {
      probe = AtomicFiles.createOwnerOnlyTemp(dir, ".keymint-probe.");
    } catch (IOException e) {
      throw new SinkException(
          sink
              + ": cannot create files in folder "
              + dir
              + " ("
              + reason(e)
              + "): fix its permissions or choose another "
              + Setting.SINK.apiName(),
          e,
          Setting.SINK);
    }
    try {
      Files.delete(probe);
    } catch (IOException e) {
      throw new SinkException(
          sink
              + ": created but could not delete the probe file "
              + probe
              + " ("
              + reason(e)
              + "): remove it and check the folder's permissions",
          e);
    }
  }

  /**
   * Checks {@code target}'s shape, then replaces it atomically with {@code content}, mode 0600
   * ({@link AtomicFiles#replace}).
   *
   * @throws SinkException if a check or any step fails; the old target, if any, is untouched
   */
  static void replace(Path target, byte[] content, String sink) {
    checkShape(target, sink);
    try {
      AtomicFiles.replace(target, content, sink);
    } catch (IOException e) {
      throw new SinkException(e.getMessage(), e);
    }
  }

  /** A short reason for an I/O failure: paths and OS reasons only, never file content. */
  static String reason(IOException e) {
    return AtomicFiles.reason(e);
  }
}
