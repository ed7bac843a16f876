# syntax=docker/dockerfile:1
# keymint CLI image: `docker build -t keymint .` then `docker run --rm keymint --help`.
# Three stages: Maven and the JDK build the jar and a minimal Java runtime (jlink, with the modules
# jdeps finds: bin/keymint-jlink does the same in a folder, and JlinkRuntimeIT tests that layout);
# the runtime stage is Debian slim with that runtime, the jar and a class-data-sharing archive made
# there by the runtime's own JVM (bin/keymint-cds: one training mint against the emulator), and a
# non-root user. ENTRYPOINT is the CLI. Not built in CI here (no Docker engine on the build machine).

FROM maven:3-eclipse-temurin-17 AS build
WORKDIR /src
# dependencies first, so that a source change does not download them again
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src src
COPY samples samples
# tests (and the consumer build) run in CI, not in the image build: they need loopback ports,
# chattr and system packages
RUN mvn -B -q -DskipTests -Dmaven.javadoc.skip -Dmaven.source.skip -Dcyclonedx.skip package
COPY bin bin
COPY keystore-examples/light keystore-examples/light
# the modules jdeps finds in the jar, plus jdk.crypto.ec (TLS) and jdk.crypto.cryptoki (PKCS#11
# wallets): providers, found only through the security provider list
RUN modules="$(jdeps --print-module-deps --ignore-missing-deps --multi-release 17 target/keymint.jar target/lib/keymint-stores.jar),jdk.crypto.ec,jdk.crypto.cryptoki" \
 && jlink --add-modules "$modules" --strip-debug --no-man-pages --no-header-files --output /opt/keymint/runtime \
 && cp target/keymint.jar /opt/keymint/keymint.jar \
 && cp -R target/lib /opt/keymint/lib

FROM debian:bookworm-slim
COPY --from=build /opt/keymint /opt/keymint
ENV PATH=/opt/keymint/runtime/bin:$PATH
# the archive, by this image's JVM for this jar (an archive from another JVM is refused); the
# script and the throw-away light keystore it trains with are mounted from the build stage, so
# they stay out of the image
RUN --mount=type=bind,from=build,source=/src,target=/src \
    sh /src/bin/keymint-cds /opt/keymint/keymint.jar \
 && java -Xshare:on -XX:SharedArchiveFile=/opt/keymint/keymint.jsa -jar /opt/keymint/keymint.jar --version
RUN groupadd --system --gid 10001 keymint \
 && useradd --system --uid 10001 --gid keymint --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin keymint
USER 10001:10001
# a short-lived CLI with a heap bound by the container's memory limit. A keystore with scrypt
# n=2^18 peaks near 290 MiB (scrypt's working set is off the heap, capped at 224 MiB, and direct
# memory is capped at the max heap), so give the container at least 512 MiB. The flags are those of
# bin/keymint-jlink's launcher, which docs/PERFORMANCE.md measures.
ENTRYPOINT ["/opt/keymint/runtime/bin/java", "-XX:SharedArchiveFile=/opt/keymint/keymint.jsa", "-Xshare:auto", "-Xlog:cds=off", "-Xlog:cds+dynamic=off", "-XX:MaxRAMPercentage=75", "-jar", "/opt/keymint/keymint.jar"]
CMD ["--help"]
