package io.keymint;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * The packages of {@code src/main} form no cycle, and each uses only packages on lower lines of the
 * layer block in {@code docs/DESIGN.md}. The graph is what the compiled classes reference ({@code
 * jdeps -verbose:package} over {@code target/classes}), not what the imports say: a fully-qualified
 * name in code counts too. (A {@code static final} constant is inlined by javac and leaves no
 * reference; that is the one use this cannot see.)
 */
class PackageLayersTest {
  private static final String ROOT = "io.keymint";
  private static final Pattern EDGE =
      Pattern.compile("^\\s+(io\\.keymint[\\w.]*)\\s+->\\s+(io\\.keymint[\\w.]*)\\s");

  @Test
  void mainPackages_formNoCycle() throws Exception {
    Map<String, Set<String>> graph = packageGraph();
    assertThat(graph).containsKeys(ROOT + ".bootstrap", ROOT + ".store", ROOT + ".escrow");
    assertThat(graph.get(ROOT + ".bootstrap")).contains(ROOT + ".store"); // jdeps saw edges
    assertThat(cycle(graph)).as("a package cycle in src/main").isEmpty();
  }

  @Test
  void mainPackages_followTheLayersOfDesignMd() throws Exception {
    Map<String, Integer> layer = layers();
    Map<String, Set<String>> graph = packageGraph();
    List<String> unlisted = new ArrayList<>();
    List<String> upward = new ArrayList<>();
    for (Map.Entry<String, Set<String>> e : graph.entrySet()) {
      Integer from = layer.get(e.getKey());
      if (from == null) {
        unlisted.add(e.getKey());
        continue;
      }
      for (String to : e.getValue()) {
        Integer target = layer.get(to);
        if (target == null) {
          unlisted.add(to);
        } else if (target <= from) {
          upward.add(e.getKey() + " -> " + to);
        }
      }
    }
    assertThat(unlisted).as("packages missing from the layer block of docs/DESIGN.md").isEmpty();
    assertThat(upward)
        .as("uses of a package on the same or a higher line of docs/DESIGN.md's layers")
        .isEmpty();
  }

  @Test
  void cycleFinder_findsACycleAndOnlyACycle() {
    Map<String, Set<String>> g = new TreeMap<>();
    g.put("a", Set.of("b"));
    g.put("b", Set.of("c"));
    g.put("c", Set.of());
    assertThat(cycle(g)).isEmpty();
    g.put("c", Set.of("a"));
    assertThat(cycle(g)).containsExactly("a", "b", "c", "a");
  }

  /** Package → the other {@code io.keymint} packages its classes reference, from jdeps. */
  static Map<String, Set<String>> packageGraph() throws URISyntaxException {
    Path classes =
        Path.of(KeymintException.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    ToolProvider jdeps =
        ToolProvider.findFirst("jdeps")
            .orElseThrow(() -> new AssertionError("run the tests on a JDK: jdeps is missing"));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int rc =
        jdeps.run(
            new PrintWriter(out), new PrintWriter(err), "-verbose:package", classes.toString());
    assertThat(rc).as("jdeps failed: %s", err).isZero();
    Map<String, Set<String>> graph = new TreeMap<>();
    for (String line : out.toString().split("\\R")) {
      Matcher m = EDGE.matcher(line);
      if (m.find()) {
        graph.computeIfAbsent(m.group(1), k -> new TreeSet<>());
        if (!m.group(1).equals(m.group(2))) {
          graph.get(m.group(1)).add(m.group(2));
        }
      }
    }
    return graph;
  }

  /**
   * The layers from the {@code ```layers} block of docs/DESIGN.md: package → line number, top first
   * (a higher number is lower); names are relative to {@code io.keymint}, which is itself written
   * {@code io.keymint}.
   */
  static Map<String, Integer> layers() throws Exception {
    String design = Files.readString(Path.of("docs/DESIGN.md"), StandardCharsets.UTF_8);
    int start = design.indexOf("```layers\n");
    assertThat(start).as("docs/DESIGN.md has a ```layers block").isNotNegative();
    int end = design.indexOf("```", start + 10);
    String[] lines = design.substring(start + 10, end).split("\n");
    Map<String, Integer> layer = new LinkedHashMap<>();
    for (int i = 0; i < lines.length; i++) {
      for (String name : lines[i].trim().split("\\s+")) {
        if (!name.isEmpty()) {
          layer.put(name.equals(ROOT) ? ROOT : ROOT + "." + name, i);
        }
      }
    }
    return layer;
  }

  /** A cycle as a path that ends where it starts, or empty: depth-first, white/grey/black. */
  static List<String> cycle(Map<String, Set<String>> graph) {
    Map<String, Integer> state = new HashMap<>();
    Deque<String> path = new ArrayDeque<>();
    for (String start : graph.keySet()) {
      List<String> found = visit(start, graph, state, path);
      if (!found.isEmpty()) {
        return found;
      }
    }
    return List.of();
  }

  private static List<String> visit(
      String node, Map<String, Set<String>> graph, Map<String, Integer> state, Deque<String> path) {
    int s = state.getOrDefault(node, 0);
    if (s == 2) {
      return List.of();
    }
    if (s == 1) {
      List<String> onPath = new ArrayList<>(path);
      java.util.Collections.reverse(onPath);
      List<String> loop = new ArrayList<>(onPath.subList(onPath.indexOf(node), onPath.size()));
      loop.add(node);
      return loop;
    }
    state.put(node, 1);
    path.push(node);
    for (String next : graph.getOrDefault(node, new HashSet<>())) {
      List<String> found = visit(next, graph, state, path);
      if (!found.isEmpty()) {
        return found;
      }
    }
    path.pop();
    state.put(node, 2);
    return List.of();
  }
}
