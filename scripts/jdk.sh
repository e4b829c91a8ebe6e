# Sourced by ./llmcm, scripts/test and .ci/run: finds a JDK >= 21 and exports JAVA_HOME.
# Order: $JAVA_HOME if new enough, then the newest JDK under /usr/lib/jvm, then `java` on PATH.

_llmcm_jdk_major() { # $1 = a JDK home; prints its major version or nothing
  local rel="$1/release" v
  [ -x "$1/bin/java" ] || return 0
  if [ -f "$rel" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$rel")
  else
    v=$("$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1)
  fi
  echo "$v"
}

llmcm_find_jdk() {
  local candidate best="" best_v=0 v
  if [ -n "${JAVA_HOME:-}" ]; then
    v=$(_llmcm_jdk_major "$JAVA_HOME")
    if [ -n "$v" ] && [ "$v" -ge 21 ]; then
      export JAVA_HOME
      return 0
    fi
  fi
  for candidate in /usr/lib/jvm/*; do
    v=$(_llmcm_jdk_major "$candidate")
    if [ -n "$v" ] && [ "$v" -ge 21 ] && [ "$v" -gt "$best_v" ]; then
      best="$candidate"
      best_v="$v"
    fi
  done
  if [ -z "$best" ] && command -v java >/dev/null 2>&1; then
    candidate=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
    v=$(_llmcm_jdk_major "$candidate")
    if [ -n "$v" ] && [ "$v" -ge 21 ]; then
      best="$candidate"
    fi
  fi
  if [ -z "$best" ]; then
    echo "llmcm: no JDK 21 or newer found (looked at \$JAVA_HOME, /usr/lib/jvm/* and PATH); install one or set JAVA_HOME" >&2
    return 1
  fi
  export JAVA_HOME="$best"
}
