import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Rewrites a jar with every entry stored (no compression), in the same order and with the same
 * times: {@code keymint.jar} (pom.xml), whose classes a cold JVM then reads without inflating them
 * (docs/PERFORMANCE.md). Run at build time: {@code java src/build/StoreEntries.java JAR}. The
 * output depends only on the input's entries, so two builds write the same bytes.
 */
public final class StoreEntries {
  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: StoreEntries JAR");
    }
    Path jar = Path.of(args[0]);
    Path tmp = jar.resolveSibling(jar.getFileName() + ".stored");
    try (ZipFile in = new ZipFile(jar.toFile());
        OutputStream file = Files.newOutputStream(tmp);
        ZipOutputStream out = new ZipOutputStream(file)) {
      for (Enumeration<? extends ZipEntry> e = in.entries(); e.hasMoreElements(); ) {
        ZipEntry from = e.nextElement();
        byte[] bytes = in.getInputStream(from).readAllBytes();
        ZipEntry to = new ZipEntry(from.getName());
        to.setTime(from.getTime());
        to.setMethod(ZipEntry.STORED);
        to.setSize(bytes.length);
        to.setCompressedSize(bytes.length);
        CRC32 crc = new CRC32();
        crc.update(bytes);
        to.setCrc(crc.getValue());
        out.putNextEntry(to);
        out.write(bytes);
        out.closeEntry();
      }
    }
    Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING);
  }
}
