package io.keymint.internal;

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
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Owner-only, crash-safe replacement of a small file: the sinks' files and keymint's recovery
 * files. Not API ({@code internal}).
 *
 * <p>The sequence is the classic one: temp file in the same folder (so the rename cannot cross a
 * filesystem), mode 0600 set explicitly, content written and fsynced, {@code rename(2)} over the
 * target, then the folder fsynced so the rename itself survives a power cut. A reader therefore
 * sees the old file or the new one, never a torn or world-readable one.
 *
 * <p>Symbolic links: a target that is a symlink is refused. {@code rename(2)} would replace the
 * link itself with a regular file — silently detaching whatever pointed through it — and following
 * it instead would write the secret somewhere the user did not name. Symlinks in the folder part of
 * the path are followed as usual. Folders are never created.
 *
 * <p>Failures are {@link IOException}s whose one-line message names the file and the OS reason,
 * never the content; callers wrap them in their own exception. Stateless; callers hold their own
 * lock.
 */
public final class AtomicFiles {
  private static final Set<PosixFilePermission> OWNER_RW =
      PosixFilePermissions.fromString("rw-------");

  private AtomicFiles() {}

  /**
   * Replaces {@code target} with {@code content}, mode 0600 where the filesystem has POSIX
   * permissions. On a filesystem without them (FAT, Windows) the file inherits the folder's access
   * rules.
   *
   * @param target the file to replace; its folder must exist; a symlink is refused
   * @param content the new content
   * @param what what to call the file in messages
   * @throws IOException if any step fails, with a one-line message; the temp file is removed and
   *     the old target, if any, is untouched
   */
  public static void replace(Path target, byte[] content, String what) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      throw new IOException(what + ": folder " + dir + " does not exist or is not a folder");
    }
    refuseLink(target, what);
    Path tmp;
    try {
      tmp = createOwnerOnlyTemp(dir, "." + target.getFileName() + ".");
    } catch (IOException e) {
      throw new IOException(
          what + ": could not create a temp file in " + dir + " (" + reason(e) + ")", e);
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
      // Checked again right before the rename: the target may have become a symlink since the
      // caller's checks, and rename would then replace the link.
      refuseLink(target, what);
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      moved = true;
    } catch (IOException e) {
      if (e instanceof LinkRefused) {
        throw e;
      }
      throw new IOException(what + ": could not write " + target + " (" + reason(e) + ")", e);
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

  /**
   * Creates an empty owner-only (0600, whatever the umask) temp file in {@code dir}: the first step
   * of {@link #replace}, and a writability probe.
   *
   * @param dir an existing folder
   * @param prefix the file name's prefix
   * @return the new file
   * @throws IOException if the file cannot be created or its mode set (it is then removed)
   */
  public static Path createOwnerOnlyTemp(Path dir, String prefix) throws IOException {
    boolean posix = Files.getFileStore(dir).supportsFileAttributeView(PosixFileAttributeView.class);
    Path tmp =
        posix
            ? Files.createTempFile(
                dir, prefix, ".tmp", PosixFilePermissions.asFileAttribute(OWNER_RW))
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

  /**
   * A short reason for an I/O failure: paths and OS reasons only, never file content.
   *
   * @param e the failure
   * @return e.g. {@code permission denied}, {@code No space left on device}
   */
  public static String reason(IOException e) {
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

  private static void refuseLink(Path target, String what) throws LinkRefused {
    if (Files.isSymbolicLink(target)) {
      throw new LinkRefused(
          what
              + ": "
              + target
              + " is a symbolic link; keymint replaces files by rename and will not replace a link:"
              + " name the real file");
    }
    if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)
        && !Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
      throw new LinkRefused(what + ": " + target + " exists and is not a regular file");
    }
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

  /** The target is a link or not a regular file: its message is already the whole story. */
  private static final class LinkRefused extends IOException {
    private static final long serialVersionUID = 1L;

    LinkRefused(String message) {
      super(message);
    }
  }
}
