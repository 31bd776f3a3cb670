# syntax=docker/dockerfile:1
# genie-proxy image: builds the fat jar with Maven, runs it on a JRE as a non-root user.
# To package a jar you built outside Docker instead, see docs/operations.md (target "prebuilt").

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml ./
COPY src ./src
RUN --mount=type=cache,target=/root/.m2 mvn -B -DskipTests package

FROM eclipse-temurin:17-jre AS runtime-base
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system genie \
    && useradd --system --gid genie --home-dir /app --shell /usr/sbin/nologin genie \
    && mkdir -p /app /var/lib/genie-proxy/audit \
    && chown -R genie:genie /var/lib/genie-proxy
WORKDIR /app
ENV MICRONAUT_SERVER_PORT=8080 \
    GENIE_AUDIT_FILE=/var/lib/genie-proxy/audit/genie-audit.jsonl \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
EXPOSE 8080
VOLUME ["/var/lib/genie-proxy/audit"]
HEALTHCHECK --interval=10s --timeout=3s --start-period=40s --retries=5 \
    CMD curl -fsS http://127.0.0.1:8080/health || exit 1
USER genie
# The jar is the entrypoint so that `docker run IMAGE audit verify FILE` works too.
ENTRYPOINT ["java", "-jar", "/app/genie-proxy.jar"]

# docker build --target prebuilt . : packages target/genie-proxy.jar built on the host
# (mvn -B -DskipTests package first); no Maven inside Docker.
FROM runtime-base AS prebuilt
COPY --chown=genie:genie target/genie-proxy.jar /app/genie-proxy.jar

# Default target: the jar built in the first stage.
FROM runtime-base AS runtime
COPY --from=build --chown=genie:genie /src/target/genie-proxy.jar /app/genie-proxy.jar
