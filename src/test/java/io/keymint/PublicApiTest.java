package io.keymint;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ModifiersTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.DocTrees;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * The public API, written down: every public or protected type and member of the library (and, in a
 * second file, of the emulator artifact) as a sorted text, compared with the committed {@code
 * api/*.api} files — as OkHttp's {@code okhttp/api/okhttp.api} or Kotlin's binary-compatibility
 * validator. A change to the API then shows in review as a change to that file.
 *
 * <p>After an intended change, regenerate both files and commit them:
 *
 * <pre>
 * mvn -B -o -q test -Dtest=PublicApiTest -Dkeymint.updateApi=true
 * </pre>
 *
 * <p>Also checked: every type and member in the listing has Javadoc (doclint runs with {@code
 * -missing}, so the Javadoc build alone does not catch a member without a comment); docs/API.md,
 * the one-page guide, names every listed type; the API names no third-party type but the few
 * allowed ones.
 */
class PublicApiTest {
  static final Path LIBRARY_API = Path.of("api/venice-keymint.api");
  static final Path EMULATOR_API = Path.of("api/venice-keymint-emulator.api");
  static final String UPDATE = "keymint.updateApi";
  private static final Path SOURCES = Path.of("src/main/java");
  private static final Path API_PAGE = Path.of("docs/API.md");

  /** Not API: the CLI and internal plumbing. The emulator is its own artifact: its own listing. */
  private static final Set<String> NOT_LIBRARY =
      Set.of("io.keymint.cli", "io.keymint.internal", "io.keymint.emulator");

  private static final String EMULATOR = "io.keymint.emulator";

  @Test
  void libraryApi_matchesCommittedListing() throws Exception {
    check(LIBRARY_API, listing(PublicApiTest::isLibrary));
  }

  @Test
  void emulatorApi_matchesCommittedListing() throws Exception {
    check(EMULATOR_API, listing(c -> packageOf(c).equals(EMULATOR)));
  }

  @Test
  void everyListedTypeAndMember_hasJavadoc() throws IOException {
    List<String> missing = undocumented();
    assertThat(missing)
        .as("public types and members without a Javadoc sentence (add one)")
        .isEmpty();
  }

  @Test
  void apiPage_namesEveryListedType() throws Exception {
    String page = Files.readString(API_PAGE, StandardCharsets.UTF_8);
    List<String> absent = new ArrayList<>();
    String listed = listing(PublicApiTest::isLibrary) + listing(c -> packageOf(c).equals(EMULATOR));
    for (String line : listed.lines().toList()) {
      if (line.startsWith(" ") || line.isBlank() || line.equals("}")) {
        continue;
      }
      // "public static final class io.keymint.venice.KeySpec.Builder {" -> KeySpec.Builder
      String name =
          line.replaceFirst("^.*? (class|interface|enum|record|@interface) (\\S+).*$", "$2");
      String simple = name.replaceFirst("^([a-z0-9_]+\\.)+", "");
      if (!page.contains("`" + simple + "`")) {
        absent.add(simple);
      }
    }
    assertThat(absent)
        .as("public types missing from %s (add a line in the right group)", API_PAGE)
        .isEmpty();
  }

  /**
   * Third-party types the API may name: each is the way in for a caller that already holds one (a
   * web3j {@code Credentials}, its own KMS or Kubernetes client). Nothing else: no Jackson, no
   * HttpClient, no BouncyCastle, and no web3j type in {@code PersonalSign}.
   */
  private static final Set<String> FOREIGN_TYPES_ALLOWED =
      Set.of(
          "org.web3j.crypto.Credentials",
          "software.amazon.awssdk.services.kms.KmsClient",
          "io.fabric8.kubernetes.client.KubernetesClient");

  @Test
  void listing_namesNoThirdPartyTypeButTheAllowedOnes() throws Exception {
    String listed = listing(PublicApiTest::isLibrary) + listing(c -> packageOf(c).equals(EMULATOR));
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("\\b([a-z][a-z0-9_]*\\.)+[A-Z][\\w.]*").matcher(listed);
    java.util.Set<String> foreign = new java.util.TreeSet<>();
    while (m.find()) {
      String type = m.group();
      if (!type.startsWith("java.")
          && !type.startsWith("javax.")
          && !type.startsWith("io.keymint.")
          && !FOREIGN_TYPES_ALLOWED.contains(type)) {
        foreign.add(type);
      }
    }
    assertThat(foreign).as("third-party types in the public API").isEmpty();
  }

  @Test
  void listing_namesEveryPublicTypeOfTheLibraryAndNoInternalOne() throws Exception {
    String library = listing(PublicApiTest::isLibrary);
    assertThat(library)
        .contains("public final class io.keymint.ApiKeySecret")
        .contains("public static final class io.keymint.mint.Web3KeyMinter.Builder")
        .doesNotContain("io.keymint.internal.Json ")
        .doesNotContain("class io.keymint.cli.")
        .doesNotContain("class io.keymint.emulator.");
  }

  private static boolean isLibrary(Class<?> c) {
    return isLibrary(packageOf(c));
  }

  private static boolean isLibrary(String pkg) {
    return NOT_LIBRARY.stream().noneMatch(x -> pkg.equals(x) || pkg.startsWith(x + "."));
  }

  private static String packageOf(Class<?> c) {
    return c.getPackageName();
  }

  private static void check(Path file, String actual) throws IOException {
    if (Boolean.getBoolean(UPDATE)) {
      Files.createDirectories(file.getParent());
      Files.writeString(file, actual, StandardCharsets.UTF_8);
      return;
    }
    String committed =
        Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "(missing)\n";
    assertThat(actual)
        .as(
            "%s is out of date with the code. If the API change is intended, regenerate it with"
                + " `mvn -B -o -q test -Dtest=PublicApiTest -D%s=true`, then review and commit the"
                + " diff",
            file, UPDATE)
        .isEqualTo(committed);
  }

  // ---- the listing: reflection over target/classes

  static String listing(java.util.function.Predicate<Class<?>> include) throws Exception {
    TreeMap<String, Class<?>> types = new TreeMap<>(); // sorted by the name as printed
    for (Class<?> c : compiledClasses()) {
      if (isEffectivelyPublic(c) && include.test(c)) {
        types.put(name(c), c);
      }
    }
    StringBuilder out = new StringBuilder();
    for (Class<?> c : types.values()) {
      out.append(header(c)).append(" {\n");
      for (String m : members(c)) {
        out.append("  ").append(m).append('\n');
      }
      out.append("}\n\n");
    }
    return out.toString();
  }

  private static List<Class<?>> compiledClasses() throws IOException, URISyntaxException {
    Path root =
        Path.of(KeymintException.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    List<Class<?>> classes = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : (Iterable<Path>) files.sorted()::iterator) {
        String rel = root.relativize(f).toString();
        if (!rel.endsWith(".class") || rel.endsWith("module-info.class")) {
          continue;
        }
        String binary = rel.substring(0, rel.length() - ".class".length()).replace('/', '.');
        try {
          Class<?> c = Class.forName(binary, false, PublicApiTest.class.getClassLoader());
          if (!c.isAnonymousClass() && !c.isLocalClass() && !c.isSynthetic()) {
            classes.add(c);
          }
        } catch (ClassNotFoundException e) {
          throw new AssertionError("cannot load " + binary, e);
        }
      }
    }
    return classes;
  }

  private static boolean isEffectivelyPublic(Class<?> c) {
    for (Class<?> t = c; t != null; t = t.getDeclaringClass()) {
      int m = t.getModifiers();
      boolean visible =
          Modifier.isPublic(m) || (t.getDeclaringClass() != null && Modifier.isProtected(m));
      if (!visible) {
        return false;
      }
    }
    return true;
  }

  private static String name(Class<?> c) {
    return c.getName().replace('$', '.');
  }

  private static String header(Class<?> c) {
    int mods = c.getModifiers() & Modifier.classModifiers();
    String kind;
    if (c.isAnnotation()) {
      kind = "@interface";
      mods &= ~(Modifier.ABSTRACT | Modifier.STATIC);
    } else if (c.isInterface()) {
      kind = "interface";
      mods &= ~(Modifier.ABSTRACT | Modifier.STATIC);
    } else if (c.isEnum()) {
      kind = "enum";
      mods &= ~(Modifier.FINAL | Modifier.STATIC | Modifier.ABSTRACT);
    } else if (c.isRecord()) {
      kind = "record";
      mods &= ~(Modifier.FINAL | Modifier.STATIC);
    } else {
      kind = "class";
    }
    StringBuilder h = new StringBuilder(Modifier.toString(mods));
    h.append(' ')
        .append(kind)
        .append(' ')
        .append(name(c))
        .append(typeParameters(c.getTypeParameters()));
    Type sup = c.getGenericSuperclass();
    if (sup != null && !c.isEnum() && !c.isRecord() && !c.isInterface() && sup != Object.class) {
      h.append(" extends ").append(typeName(sup));
    }
    Type[] interfaces = c.getGenericInterfaces();
    if (interfaces.length > 0) {
      h.append(c.isInterface() ? " extends " : " implements ")
          .append(Arrays.stream(interfaces).map(PublicApiTest::typeName).collect(joining()));
    }
    return h.toString();
  }

  private static List<String> members(Class<?> c) {
    List<String> lines = new ArrayList<>();
    for (Field f : c.getDeclaredFields()) {
      if (visible(f.getModifiers()) && !f.isSynthetic()) {
        String mods = Modifier.toString(f.getModifiers() & Modifier.fieldModifiers());
        lines.add(
            f.isEnumConstant()
                ? "enum constant " + f.getName()
                : mods + " field " + typeName(f.getGenericType()) + " " + f.getName());
      }
    }
    for (Constructor<?> k : c.getDeclaredConstructors()) {
      if (visible(k.getModifiers()) && !k.isSynthetic()) {
        lines.add(executable(k, "", "<init>"));
      }
    }
    for (Method m : c.getDeclaredMethods()) {
      if (visible(m.getModifiers()) && !m.isSynthetic() && !m.isBridge()) {
        lines.add(executable(m, typeName(m.getGenericReturnType()) + " ", m.getName()));
      }
    }
    lines.sort(null);
    return lines;
  }

  private static boolean visible(int modifiers) {
    return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
  }

  private static String executable(Executable e, String returns, String name) {
    // synchronized and native are how a method is implemented, not what it offers
    int mods =
        e.getModifiers() & Modifier.methodModifiers() & ~(Modifier.SYNCHRONIZED | Modifier.NATIVE);
    StringBuilder s = new StringBuilder();
    if (e.getDeclaringClass().isInterface()) {
      mods &= ~Modifier.ABSTRACT;
      s.append(Modifier.toString(mods));
      if (e instanceof Method m && m.isDefault()) {
        s.append(" default");
      }
    } else {
      s.append(Modifier.toString(mods));
    }
    String typeParams = typeParameters(e.getTypeParameters());
    if (!typeParams.isEmpty()) {
      s.append(' ').append(typeParams.strip());
    }
    s.append(' ').append(returns).append(name).append('(');
    Type[] params = e.getGenericParameterTypes();
    List<String> p = new ArrayList<>();
    for (int i = 0; i < params.length; i++) {
      String t = typeName(params[i]);
      if (e.isVarArgs() && i == params.length - 1 && t.endsWith("[]")) {
        t = t.substring(0, t.length() - 2) + "...";
      }
      p.add(t);
    }
    s.append(String.join(", ", p)).append(')');
    Type[] thrown = e.getGenericExceptionTypes();
    if (thrown.length > 0) {
      s.append(" throws ")
          .append(Arrays.stream(thrown).map(PublicApiTest::typeName).collect(joining()));
    }
    return s.toString();
  }

  private static String typeParameters(TypeVariable<?>[] vars) {
    if (vars.length == 0) {
      return "";
    }
    return Arrays.stream(vars)
        .map(
            v -> {
              List<Type> bounds =
                  Arrays.stream(v.getBounds()).filter(b -> b != Object.class).toList();
              return bounds.isEmpty()
                  ? v.getName()
                  : v.getName()
                      + " extends "
                      + bounds.stream()
                          .map(PublicApiTest::typeName)
                          .collect(Collectors.joining(" & "));
            })
        .collect(Collectors.joining(", ", "<", ">"));
  }

  private static String typeName(Type t) {
    if (t instanceof Class<?> c) {
      return c.isArray() ? typeName(c.getComponentType()) + "[]" : c.getName().replace('$', '.');
    }
    if (t instanceof ParameterizedType p) {
      return typeName(p.getRawType())
          + Arrays.stream(p.getActualTypeArguments())
              .map(PublicApiTest::typeName)
              .collect(Collectors.joining(", ", "<", ">"));
    }
    return t.getTypeName().replace('$', '.');
  }

  private static java.util.stream.Collector<CharSequence, ?, String> joining() {
    return Collectors.joining(", ");
  }

  // ---- Javadoc on every listed type and member: the sources, parsed by javac

  private static List<String> undocumented() throws IOException {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    List<String> missing = new ArrayList<>();
    try (StandardJavaFileManager files =
            javac.getStandardFileManager(null, null, StandardCharsets.UTF_8);
        Stream<Path> walk = Files.walk(SOURCES)) {
      List<Path> sources =
          walk.filter(p -> p.toString().endsWith(".java"))
              .filter(p -> !p.endsWith("package-info.java"))
              .filter(p -> inListing(SOURCES.relativize(p)))
              .sorted()
              .toList();
      assertThat(sources).as("library sources found").hasSizeGreaterThan(40);
      JavacTask task =
          (JavacTask)
              javac.getTask(
                  null,
                  files,
                  null,
                  List.of("-proc:none"),
                  null,
                  files.getJavaFileObjectsFromPaths(sources));
      DocTrees docs = DocTrees.instance(task);
      for (CompilationUnitTree unit : task.parse()) {
        new TreePathScanner<Void, Boolean>() {
          @Override
          public Void visitClass(ClassTree node, Boolean enclosingPublic) {
            boolean inInterface = isInterface(getCurrentPath().getParentPath());
            boolean isPublic =
                enclosingPublic && (inInterface || isPublicOrProtected(node.getModifiers()));
            if (isPublic) {
              require(getCurrentPath(), node.getSimpleName().toString());
            }
            for (Tree member : node.getMembers()) {
              scan(member, isPublic);
            }
            return null;
          }

          @Override
          public Void visitMethod(MethodTree node, Boolean enclosingPublic) {
            ClassTree owner = (ClassTree) getCurrentPath().getParentPath().getLeaf();
            boolean inInterface = owner.getKind() == Tree.Kind.INTERFACE;
            boolean isPublic =
                enclosingPublic
                    && (isPublicOrProtected(node.getModifiers())
                        || (inInterface
                            && !node.getModifiers()
                                .getFlags()
                                .contains(javax.lang.model.element.Modifier.PRIVATE)));
            if (isPublic && !overrides(node)) {
              String name =
                  node.getName().contentEquals("<init>")
                      ? owner.getSimpleName() + "()"
                      : node.getName() + "()";
              require(getCurrentPath(), owner.getSimpleName() + "." + name);
            }
            return null;
          }

          @Override
          public Void visitBlock(com.sun.source.tree.BlockTree node, Boolean enclosingPublic) {
            return null; // an initializer block: nothing in it is API
          }

          @Override
          public Void visitVariable(VariableTree node, Boolean enclosingPublic) {
            ClassTree owner = (ClassTree) getCurrentPath().getParentPath().getLeaf();
            boolean implicit =
                owner.getKind() == Tree.Kind.INTERFACE
                    || (owner.getKind() == Tree.Kind.ENUM && isEnumConstant(node));
            if (enclosingPublic && (implicit || isPublicOrProtected(node.getModifiers()))) {
              require(getCurrentPath(), owner.getSimpleName() + "." + node.getName());
            }
            return null;
          }

          private void require(TreePath path, String what) {
            if (docs.getDocCommentTree(path) == null) {
              missing.add(
                  unit.getSourceFile().getName().replaceFirst(".*src/main/java/", "")
                      + ": "
                      + what);
            }
          }
        }.scan(new TreePath(unit), true);
      }
    }
    return missing;
  }

  private static boolean inListing(Path relative) {
    String pkg = relative.getParent().toString().replace('/', '.');
    return isLibrary(pkg) || pkg.equals(EMULATOR);
  }

  private static boolean isInterface(TreePath parent) {
    return parent != null
        && parent.getLeaf() instanceof ClassTree c
        && (c.getKind() == Tree.Kind.INTERFACE || c.getKind() == Tree.Kind.ANNOTATION_TYPE);
  }

  private static boolean isPublicOrProtected(ModifiersTree m) {
    return m.getFlags().contains(javax.lang.model.element.Modifier.PUBLIC)
        || m.getFlags().contains(javax.lang.model.element.Modifier.PROTECTED);
  }

  private static boolean overrides(MethodTree m) {
    return m.getModifiers().getAnnotations().stream()
        .anyMatch(a -> a.getAnnotationType().toString().equals("Override"));
  }

  private static boolean isEnumConstant(VariableTree v) {
    // javac marks an enum constant's initializer as a NEW_CLASS of the enum itself
    return v.getInitializer() != null
        && v.getInitializer().getKind() == Tree.Kind.NEW_CLASS
        && v.getModifiers().getFlags().contains(javax.lang.model.element.Modifier.STATIC)
        && v.getModifiers().getFlags().contains(javax.lang.model.element.Modifier.FINAL)
        && v.getModifiers().getFlags().contains(javax.lang.model.element.Modifier.PUBLIC);
  }
}
