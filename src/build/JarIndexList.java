import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Writes the {@code META-INF/INDEX.LIST} that {@code keymint.jar} carries (pom.xml, docs/DESIGN.md
 * "Artifacts"): every package of {@code lib/keymint-stores.jar}, so that the JVM (JDK 9–17) opens
 * that 36 MB jar only when a class of the etcd, Kubernetes or AWS clients is asked for — not for a
 * probe of a class or resource nobody has (picocli looking for Groovy, a service lookup), which the
 * manifest's {@code Class-Path} alone would answer by opening every listed jar.
 *
 * <p>Run at build time: {@code java src/build/JarIndexList.java LIB_JAR NAME_IN_INDEX OUT_DIR}
 * writes OUT_DIR/INDEX.LIST and OUT_DIR/services.jar, the lib jar's {@code META-INF/services}
 * files: the shade of {@code keymint.jar} takes the one as a resource and the other as an extra
 * jar, so every service file lives (merged) in {@code keymint.jar} and a service lookup never needs
 * the lib jar's index entry. The index depends only on the lib jar's entry names (sorted).
 */
public final class JarIndexList {
  public static void main(String[] args) throws IOException {
    if (args.length != 3) {
      throw new IllegalArgumentException("usage: JarIndexList LIB_JAR NAME_IN_INDEX OUT_DIR");
    }
    TreeSet<String> names = new TreeSet<>();
    TreeMap<String, byte[]> services = new TreeMap<>();
    try (ZipFile lib = new ZipFile(args[0])) {
      for (Enumeration<? extends ZipEntry> e = lib.entries(); e.hasMoreElements(); ) {
        ZipEntry entry = e.nextElement();
        String name = entry.getName();
        if (entry.isDirectory() || name.equals("META-INF/MANIFEST.MF")) {
          continue;
        }
        if (name.startsWith("META-INF/versions/")) {
          // a class only a newer Java release has: index the package it lives in
          int slash = name.indexOf('/', "META-INF/versions/".length());
          name = name.substring(slash + 1);
          if (name.startsWith("META-INF/")) {
            continue;
          }
        }
        if (name.startsWith("META-INF/services/")) {
          services.put(name, lib.getInputStream(entry).readAllBytes());
        } else if (name.startsWith("META-INF/")) {
          names.add(name); // resources under META-INF by their full name, as `jar -i` may
        } else {
          int slash = name.lastIndexOf('/');
          names.add(slash < 0 ? name : name.substring(0, slash));
        }
      }
    }
    StringBuilder index =
        new StringBuilder("JarIndex-Version: 1.0\n\n").append(args[1]).append('\n');
    for (String name : names) {
      index.append(name).append('\n');
    }
    index.append('\n');
    Path out = Path.of(args[2]);
    Files.createDirectories(out);
    // the shade plugin drops every INDEX.LIST it reads from a jar: it adds this file as a resource
    Files.writeString(out.resolve("INDEX.LIST"), index, StandardCharsets.UTF_8);
    try (OutputStream file = Files.newOutputStream(out.resolve("services.jar"));
        ZipOutputStream jar = new ZipOutputStream(file)) {
      for (var service : services.entrySet()) {
        put(jar, service.getKey(), service.getValue());
      }
    }
  }

  private static void put(ZipOutputStream jar, String name, byte[] bytes) throws IOException {
    ZipEntry entry = new ZipEntry(name);
    entry.setTime(0);
    jar.putNextEntry(entry);
    jar.write(bytes);
    jar.closeEntry();
  }
}
