package io.keymint.sink;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Owner-only, crash-safe replacement of a small file, shared by the file and env-file sinks.
 *
 * <p>The sequence is the classic one: temp file in the same folder (so the rename cannot cross a
 * filesystem), mode 0600 set explicitly, content written and fsynced, {@code rename(2)} over the
 * target, then the folder fsynced so the rename itself survives a power cut. A reader therefore
 * sees the old file or the new one, never a torn or world-readable one.
 *
 * <p>Symbolic links: a target that is a symlink is refused. {@code rename(2)} would replace the
 * link itself with a regular file — silently detaching whatever pointed through it — and following
 * it instead would write the secret somewhere the user did not name. Symlinks in the folder part of
 * the path are followed as usual.
 *
 * <p>Folders are never created: a typo in {@code --sink} should fail before minting rather than
 * scatter a secret into a new directory tree.
 *
 * <p>Stateless; callers hold their own lock. Public for keymint's own recovery files ({@code
 * RecoveryEscrow}); not meant as API beyond {@link #replace}.
 */
public final class AtomicFiles {
  private static final Set<PosixFilePermission> OWNER_RW =
      PosixFilePermissions.fromString("rw-------");

  private AtomicFiles() {}

  /**
   * The structural checks shared by preflight and write: the folder exists and is a folder, the
   * target is absent or a regular file (not a symlink).
   */
  static void checkShape(Path target, String sink) {
    Path dir = target.getParent();
    if (dir == null) {
      throw new SinkException(sink + ": " + target + " is not a file path: choose another --sink");
    }
    if (!Files.exists(dir)) {
      throw new SinkException(
          sink + ": folder " + dir + " does not exist: create it or choose another --sink");
    }
    if (!Files.isDirectory(dir)) {
      throw new SinkException(sink + ": " + dir + " is not a folder: choose another --sink");
    }
    if (Files.isSymbolicLink(target)) {
      throw new SinkException(
          sink
              + ": "
              + target
              + " is a symbolic link; keymint replaces files by rename and will not replace a link:"
              + " name the real file or choose another --sink");
    }
    if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)
        && !Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
      throw new SinkException(
          sink + ": " + target + " exists and is not a regular file: choose another --sink");
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
      probe = createOwnerOnlyTemp(dir, ".keymint-probe.");
    } catch (IOException e) {
      throw new SinkException(
          sink
              + ": cannot create files in folder "
              + dir
              + " ("
              + reason(e)
              + "): fix its permissions or choose another --sink",
          e);
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
   * Replaces {@code target} with {@code content}, mode 0600 where the filesystem has POSIX
   * permissions. On a filesystem without them (FAT, Windows) the file inherits the folder's access
   * rules.
   *
   * @param target the file to replace; its folder must exist; a symlink is refused
   * @param content the new content
   * @param sink what to call the file in messages
   * @throws SinkException if any step fails; the temp file is removed and the old target, if any,
   *     is untouched
   */
  public static void replace(Path target, byte[] content, String sink) {
    checkShape(target, sink);
    Path dir = target.getParent();
    Path tmp;
    try {
      tmp = createOwnerOnlyTemp(dir, "." + target.getFileName() + ".");
    } catch (IOException e) {
      throw new SinkException(
          sink + ": could not create a temp file in " + dir + " (" + reason(e) + ")", e);
    }
    boolean moved = false;
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ByteBuffer buf = ByteBuffer.wrap(content);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      // Checked again right before the rename: the target may have become a symlink since
      // preflight, and rename would then replace the link.
      checkShape(target, sink);
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      moved = true;
    } catch (IOException e) {
      throw new SinkException(sink + ": could not write " + target + " (" + reason(e) + ")", e);
    } finally {
      if (!moved) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // Best effort: the original failure is what the caller needs; a leftover .tmp file is
          // owner-only and named after the target, so it is easy to find and remove.
        }
      }
    }
    fsyncFolder(dir);
  }

  private static Path createOwnerOnlyTemp(Path dir, String prefix) throws IOException {
    boolean posix = supportsPosix(dir);
    Path tmp =
        posix
            ? Files.createTempFile(dir, prefix, ".tmp", ownerOnly())
            : Files.createTempFile(dir, prefix, ".tmp");
    if (posix) {
      try {
        // The create-time attribute is filtered through the process umask; set the mode
        // explicitly so a strict umask (0277 → 0400) or a lax one never decides it.
        Files.setPosixFilePermissions(tmp, OWNER_RW);
      } catch (IOException | RuntimeException e) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException suppressed) {
          e.addSuppressed(suppressed);
        }
        throw e;
      }
    }
    return tmp;
  }

  private static FileAttribute<Set<PosixFilePermission>> ownerOnly() {
    return PosixFilePermissions.asFileAttribute(OWNER_RW);
  }

  private static boolean supportsPosix(Path dir) throws IOException {
    return Files.getFileStore(dir).supportsFileAttributeView(PosixFileAttributeView.class);
  }

  private static void fsyncFolder(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // Some filesystems and platforms refuse to open or fsync a directory (Windows, some FUSE
      // and network mounts). The rename has happened and the data is fsynced; only the rename's
      // durability across a power cut is left to the OS there, which is the best they offer.
    }
  }

  /** A short reason for an I/O failure: paths and OS reasons only, never file content. */
  static String reason(IOException e) {
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof NoSuchFileException) {
      return "no such file or folder";
    }
    if (e instanceof FileSystemException && ((FileSystemException) e).getReason() != null) {
      return ((FileSystemException) e).getReason();
    }
    return e.getClass().getSimpleName();
  }
}
