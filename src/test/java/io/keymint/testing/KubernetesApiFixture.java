package io.keymint.testing;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A Kubernetes API server for one test, owned by JUnit: fabric8's mock server in CRUD mode (it
 * keeps objects, resourceVersions and watches like an API server; no real one can run where this is
 * built). Register it on an instance field:
 *
 * <pre>{@code @RegisterExtension final KubernetesApiFixture k8s = new KubernetesApiFixture();}
 * </pre>
 *
 * It starts before each test's {@code @BeforeEach} methods, and it and every client it handed out
 * are closed after the test's {@code @AfterEach} methods (so child processes using it stop first).
 */
public final class KubernetesApiFixture implements BeforeEachCallback, AfterEachCallback {
  private KubernetesMockServer server;
  private final List<KubernetesClient> clients = new ArrayList<>();

  @Override
  public void beforeEach(ExtensionContext context) {
    server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            new HashMap<>(),
            new KubernetesCrudDispatcher(),
            false);
    server.init();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    clients.forEach(KubernetesClient::close);
    clients.clear();
    if (server != null) {
      server.destroy();
      server = null;
    }
  }

  /** The first client on the server (created on first use): for a test's own reads and writes. */
  public KubernetesClient client() {
    return clients.isEmpty() ? newClient() : clients.get(0);
  }

  /** Another client on the server, as another replica would have; closed after the test. */
  public KubernetesClient newClient() {
    KubernetesClient c = server.createClient();
    clients.add(c);
    return c;
  }

  /**
   * Writes a kubeconfig to {@code file} that points at the server with a token and {@code
   * namespace} as the current context's namespace — how a child JVM finds the server, as kubectl
   * would through {@code KUBECONFIG}.
   */
  public Path kubeconfig(Path file, String namespace) throws IOException {
    return Files.writeString(
        file,
        "apiVersion: v1\n"
            + "kind: Config\n"
            + "clusters:\n"
            + "- name: mock\n"
            + "  cluster: {server: \"http://"
            + server.getHostName()
            + ":"
            + server.getPort()
            + "\"}\n"
            + "users:\n"
            + "- name: keymint\n"
            + "  user: {token: test-token}\n"
            + "contexts:\n"
            + "- name: mock\n"
            + "  context: {cluster: mock, user: keymint, namespace: "
            + namespace
            + "}\n"
            + "current-context: mock\n");
  }
}
