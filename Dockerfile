# keymint CLI image: `docker build -t keymint .` then `docker run --rm keymint --help`.
# Multi-stage: Maven and the JDK stay in the build stage; the runtime is a JRE, the shaded jar and a
# non-root user. Not built in CI here (no Docker engine on the build machine).

FROM maven:3-eclipse-temurin-17 AS build
WORKDIR /src
# dependencies first, so that a source change does not download them again
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src src
COPY samples samples
# tests run in CI, not in the image build (they need loopback ports and chattr)
RUN mvn -B -q -Dmaven.test.skip=true package

FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 keymint \
 && useradd --system --uid 10001 --gid keymint --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin keymint
COPY --from=build /src/target/keymint.jar /opt/keymint/keymint.jar
USER 10001:10001
# a short-lived CLI: serial GC and a heap bound by the container's memory limit. A keystore with
# scrypt n=2^18 peaks near 290 MiB (scrypt's working set is off the heap, capped at 224 MiB, and
# direct memory is capped at the max heap), so give the container at least 512 MiB. No AppCDS
# archive here: see docs/PERFORMANCE.md for adding one (≈ 0.15 s off every start)
ENTRYPOINT ["java", "-XX:+UseSerialGC", "-XX:MaxRAMPercentage=75", "-jar", "/opt/keymint/keymint.jar"]
CMD ["--help"]
