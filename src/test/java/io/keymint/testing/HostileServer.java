package io.keymint.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A Venice that misbehaves at the socket level, on a loopback {@link ServerSocket}: it answers the
 * token GET like Venice (or with a token of the test's choosing) and the POST with whatever {@link
 * Reply} the test gives — a Content-Length lie, an endless or dripping body, dripping headers.
 * Counts requests by method and the bytes it wrote, so a test can assert "one POST" and "few bytes
 * read". Threads are daemons; {@link #close()} closes every socket and stops them.
 */
public final class HostileServer implements AutoCloseable {
  /** A well-formed JWT-shaped token (three base64url segments). */
  public static final String TOKEN =
      "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJrZXltaW50LXRlc3QifQ.c2lnbmF0dXJlLW9mLXRoZS10b2tlbg";

  /** Writes one reply to the socket's output; may sleep, may never return until the socket dies. */
  @FunctionalInterface
  public interface Reply {
    void write(OutputStream out, HostileServer server) throws IOException, InterruptedException;
  }

  private final ServerSocket socket;
  private final Thread acceptor;
  private final List<Socket> clients = new ArrayList<>();
  private final AtomicInteger gets = new AtomicInteger();
  private final AtomicInteger posts = new AtomicInteger();
  private final AtomicLong written = new AtomicLong();
  private volatile Reply getReply = json(200, "{\"data\":{\"token\":\"" + TOKEN + "\"}}");
  private volatile Reply postReply;
  private volatile boolean closed;

  /** Starts serving on 127.0.0.1 at a free port; {@code post} answers every POST. */
  public HostileServer(Reply post) throws IOException {
    this.postReply = post;
    this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.acceptor = new Thread(this::accept, "hostile-server");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** What the token GET answers (default: Venice's shape with {@link #TOKEN}). */
  public HostileServer onGet(Reply reply) {
    this.getReply = reply;
    return this;
  }

  /** A base URL for VeniceClient. */
  public String baseUrl() {
    return "http://127.0.0.1:" + socket.getLocalPort() + "/api/v1";
  }

  public int gets() {
    return gets.get();
  }

  public int posts() {
    return posts.get();
  }

  /** Bytes this server wrote, all connections together. */
  public long bytesWritten() {
    return written.get();
  }

  /** Counts {@code n} bytes as written (the replies call this). */
  void wrote(long n) {
    written.addAndGet(n);
  }

  private void accept() {
    while (!closed) {
      Socket s;
      try {
        s = socket.accept();
      } catch (IOException e) {
        return;
      }
      synchronized (clients) {
        if (closed) {
          close(s);
          return;
        }
        clients.add(s);
      }
      Thread t = new Thread(() -> serve(s), "hostile-conn");
      t.setDaemon(true);
      t.start();
    }
  }

  private void serve(Socket s) {
    try (s) {
      InputStream in = s.getInputStream();
      OutputStream out = s.getOutputStream();
      while (!closed) {
        String head = readHead(in);
        if (head == null) {
          return;
        }
        String method = head.substring(0, Math.max(0, head.indexOf(' ')));
        int length = 0;
        for (String line : head.split("\r\n")) {
          if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
            length = Integer.parseInt(line.substring(15).trim());
          }
        }
        in.readNBytes(length);
        Reply reply;
        if (method.equals("POST")) {
          posts.incrementAndGet();
          reply = postReply;
        } else {
          gets.incrementAndGet();
          reply = getReply;
        }
        reply.write(out, this);
        out.flush();
      }
    } catch (IOException | InterruptedException | RuntimeException e) {
      // the client went away, or the test closed the server
    }
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int state = 0;
    while (state < 4) {
      int b = in.read();
      if (b < 0) {
        return null;
      }
      head.write(b);
      state =
          (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3))
              ? state + 1
              : 0;
    }
    return head.toString(StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() {
    closed = true;
    close(socket);
    synchronized (clients) {
      clients.forEach(HostileServer::close);
    }
    try {
      acceptor.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void close(java.io.Closeable c) {
    try {
      c.close();
    } catch (IOException ignored) {
      // closing
    }
  }

  // ---- replies

  private static void send(OutputStream out, HostileServer server, byte[] bytes)
      throws IOException {
    out.write(bytes);
    out.flush();
    server.wrote(bytes.length);
  }

  private static byte[] head(int status, String extraHeaders) {
    return ("HTTP/1.1 "
            + status
            + " X\r\nContent-Type: application/json\r\n"
            + extraHeaders
            + "\r\n")
        .getBytes(StandardCharsets.ISO_8859_1);
  }

  /** A well-formed reply. */
  public static Reply json(int status, String body) {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    return (out, server) -> {
      send(out, server, head(status, "Content-Length: " + b.length + "\r\n"));
      send(out, server, b);
    };
  }

  /**
   * Announces {@code claimed} bytes, sends the first {@code sent} of {@code body}, then hangs up.
   */
  public static Reply truncated(String body, int claimed, int sent) {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    return (out, server) -> {
      send(out, server, head(200, "Content-Length: " + claimed + "\r\nConnection: close\r\n"));
      send(out, server, java.util.Arrays.copyOf(b, Math.min(sent, b.length)));
      throw new IOException("hang up"); // closes the socket
    };
  }

  /** A 200 whose body never ends (no length, 64 KiB chunks as fast as the client reads). */
  public static Reply endless() {
    return (out, server) -> {
      send(out, server, head(200, "Connection: close\r\n"));
      byte[] chunk = new byte[64 * 1024];
      java.util.Arrays.fill(chunk, (byte) ' ');
      chunk[0] = '{';
      while (true) {
        send(out, server, chunk);
        chunk[0] = ' ';
      }
    };
  }

  /** Headers at once, then the body one byte every {@code everyMillis}, for ever. */
  public static Reply drippingBody(long everyMillis) {
    return (out, server) -> {
      send(out, server, head(200, "Content-Length: 100000\r\n"));
      while (true) {
        Thread.sleep(everyMillis);
        send(out, server, new byte[] {' '});
      }
    };
  }

  /** The status line and headers one byte every {@code everyMillis}, never finished. */
  public static Reply drippingHeaders(long everyMillis) {
    return (out, server) -> {
      byte[] h = head(200, "X-Filler: " + "a".repeat(100000) + "\r\n");
      for (byte b : h) {
        Thread.sleep(everyMillis);
        send(out, server, new byte[] {b});
      }
    };
  }
}
