package io.keymint.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Real etcd members (Debian's {@code etcd-server}) on free loopback ports, each in a folder of its
 * own. {@link #close()} stops them all forcibly; use it in {@code @AfterAll}.
 */
public final class EtcdCluster implements AutoCloseable {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final List<Member> members = new ArrayList<>();

  /** One member. */
  public static final class Member {
    public final String name;
    public final int clientPort;
    final int peerPort;
    Process process;

    Member(String name, int clientPort, int peerPort) {
      this.name = name;
      this.clientPort = clientPort;
      this.peerPort = peerPort;
    }

    public String endpoint() {
      return "127.0.0.1:" + clientPort;
    }

    public boolean alive() {
      return process != null && process.isAlive();
    }
  }

  private EtcdCluster() {}

  /** Starts {@code size} members as one cluster under {@code dir} and waits until it is healthy. */
  public static EtcdCluster start(Path dir, int size) {
    Path etcd = SystemBinaries.require("etcd-server", "etcd", "/usr/bin/etcd");
    EtcdCluster c = new EtcdCluster();
    StringBuilder initial = new StringBuilder();
    for (int i = 0; i < size; i++) {
      Member m = new Member("m" + i, freePort(), freePort());
      c.members.add(m);
      if (i > 0) {
        initial.append(',');
      }
      initial.append(m.name).append("=http://127.0.0.1:").append(m.peerPort);
    }
    try {
      for (Member m : c.members) {
        Path data = Files.createDirectories(dir.resolve("etcd-" + m.name));
        ProcessBuilder pb =
            new ProcessBuilder(
                    etcd.toString(),
                    "--name",
                    m.name,
                    "--data-dir",
                    data.resolve("data").toString(),
                    "--listen-client-urls",
                    "http://127.0.0.1:" + m.clientPort,
                    "--advertise-client-urls",
                    "http://127.0.0.1:" + m.clientPort,
                    "--listen-peer-urls",
                    "http://127.0.0.1:" + m.peerPort,
                    "--initial-advertise-peer-urls",
                    "http://127.0.0.1:" + m.peerPort,
                    "--initial-cluster",
                    initial.toString(),
                    "--initial-cluster-state",
                    "new",
                    "--heartbeat-interval",
                    "50",
                    "--election-timeout",
                    "500")
                .redirectErrorStream(true)
                .redirectOutput(data.resolve("etcd.log").toFile());
        m.process = pb.start();
      }
      c.awaitHealthy(Duration.ofSeconds(30));
      return c;
    } catch (IOException | RuntimeException e) {
      c.close();
      throw e instanceof IOException
          ? new UncheckedIOException((IOException) e)
          : (RuntimeException) e;
    }
  }

  public List<Member> members() {
    return members;
  }

  /** {@code HOST:PORT,HOST:PORT…} of every member. */
  public String endpoints() {
    return String.join(",", members.stream().map(Member::endpoint).toList());
  }

  /** Waits until every live member answers /health with true. */
  public void awaitHealthy(Duration max) {
    long deadline = System.nanoTime() + max.toNanos();
    for (Member m : members) {
      if (!m.alive()) {
        continue;
      }
      while (true) {
        try {
          HttpResponse<String> r =
              HTTP.send(
                  HttpRequest.newBuilder(URI.create("http://" + m.endpoint() + "/health"))
                      .timeout(Duration.ofSeconds(2))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
          if (r.statusCode() == 200 && r.body().contains("\"true\"")) {
            break;
          }
        } catch (IOException e) {
          // not up yet
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("etcd member " + m.name + " did not become healthy");
        }
        sleep(100);
      }
    }
  }

  /** The member that is the Raft leader now. */
  public Member leader() {
    Pattern p = Pattern.compile("\"leader\":\"?(\\d+)");
    Pattern id = Pattern.compile("\"member_id\":\"?(\\d+)");
    for (Member m : members) {
      if (!m.alive()) {
        continue;
      }
      try {
        HttpResponse<String> r =
            HTTP.send(
                HttpRequest.newBuilder(
                        URI.create("http://" + m.endpoint() + "/v3/maintenance/status"))
                    .timeout(Duration.ofSeconds(2))
                    .POST(HttpRequest.BodyPublishers.ofString("{}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher lm = p.matcher(r.body());
        Matcher im = id.matcher(r.body());
        if (lm.find() && im.find() && lm.group(1).equals(im.group(1))) {
          return m;
        }
      } catch (IOException e) {
        // try the next
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new IllegalStateException("no etcd member says it is the leader");
  }

  /** SIGKILLs a member. */
  public void kill(Member m) {
    m.process.destroyForcibly();
    try {
      m.process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    for (Member m : members) {
      if (m.process != null) {
        m.process.destroyForcibly();
      }
    }
    for (Member m : members) {
      if (m.process != null) {
        try {
          m.process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
