# Shared by the launchers in bin/. Sourced, not run.
#
# Finds a JDK >= 21 (JAVA_HOME first, then the JDKs under /usr/lib/jvm, newest first), builds a
# module when its jar or copied dependencies are missing or the jar is older than any source, and
# runs its main class. A launcher whose program does not exist yet says so and exits 3: it never
# pretends to start anything.

LAP_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
LAP_JAVA_MINIMUM=21

lap_die() {
  echo "$(basename "$0"): $*" >&2
  exit 2
}

# Prints the feature version (17, 21, 25, ...) of the JDK at $1, or nothing when it is not a JDK.
lap_jdk_version() {
  local home=$1 spec
  [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || return 1
  spec=$("$home/bin/java" -XshowSettings:properties -version 2>&1 |
    sed -n 's/^ *java\.specification\.version = //p')
  case "$spec" in
    1.*) echo "${spec#1.}" ;;
    [0-9]*) echo "$spec" ;;
    *) return 1 ;;
  esac
}

# Sets JAVA_HOME to a JDK >= 21, or stops with a message that says where it looked.
# JAVA_HOME wins when it is new enough (a symlink such as default-java is fine); otherwise the
# newest JDK under /usr/lib/jvm, judged by the version the JDK reports, not by its folder name.
lap_find_jdk() {
  local candidate version looked=() best="" best_version=0
  if [ -n "${JAVA_HOME:-}" ]; then
    if version=$(lap_jdk_version "$JAVA_HOME") && [ "$version" -ge "$LAP_JAVA_MINIMUM" ]; then
      export JAVA_HOME
      return 0
    fi
    looked+=("JAVA_HOME=$JAVA_HOME (${version:+Java $version}${version:-not a JDK})")
  fi
  for candidate in /usr/lib/jvm/*/; do
    candidate=${candidate%/}
    # Distributions add symlinks (default-java, java-1.17.0-openjdk-amd64) to real JDK folders.
    [ -L "$candidate" ] && continue
    [ -d "$candidate" ] || continue
    version=$(lap_jdk_version "$candidate") || { looked+=("$candidate (not a JDK)"); continue; }
    looked+=("$candidate (Java $version)")
    if [ "$version" -gt "$best_version" ]; then
      best=$candidate
      best_version=$version
    fi
  done
  if [ "$best_version" -ge "$LAP_JAVA_MINIMUM" ]; then
    export JAVA_HOME=$best
    return 0
  fi
  {
    echo "$(basename "$0"): lap needs a JDK $LAP_JAVA_MINIMUM or newer and found none."
    if [ ${#looked[@]} -gt 0 ]; then
      echo "  looked at:"
      printf '    %s\n' "${looked[@]}"
    else
      echo "  looked at: \$JAVA_HOME (unset) and /usr/lib/jvm (no JDKs there)"
    fi
    echo "  Install a JDK >= $LAP_JAVA_MINIMUM (Temurin, or your distribution's openjdk-21-jdk or newer)"
    echo "  and either put it under /usr/lib/jvm or set JAVA_HOME to it."
  } >&2
  exit 2
}

# lap_run MODULE MAIN_CLASS WHAT [ARGS...]
#   MODULE      the Maven module holding the program, e.g. cli
#   MAIN_CLASS  its main class, e.g. dev.lap.cli.Lap
#   WHAT        how to name the program in messages, e.g. "the lap command"
lap_run() {
  local module=$1 main=$2 what=$3
  shift 3
  local source="$LAP_ROOT/$module/src/main/java/${main//.//}.java"
  if [ ! -f "$source" ]; then
    {
      echo "$(basename "$0"): $what is not part of this build of lap yet."
      echo "  Its entry point $main ($module/${source#"$LAP_ROOT/$module/"}) does not exist,"
      echo "  so nothing was started. See README.md for what runs today."
    } >&2
    exit 3
  fi

  lap_find_jdk
  local jar="$LAP_ROOT/$module/target/$module.jar"
  # The dependency folder is checked too: a plain `mvnw package` builds the jar without it.
  if [ ! -f "$jar" ] || [ ! -d "$LAP_ROOT/$module/target/dependency" ] ||
    [ -n "$(lap_sources_newer_than "$jar")" ] ||
    [ -n "$(lap_stale_module_copies "$LAP_ROOT/$module/target/dependency")" ]; then
    echo "$(basename "$0"): building $module (first run, or sources changed) ..." >&2
    "$LAP_ROOT/mvnw" -q -B -f "$LAP_ROOT/pom.xml" -pl "$module" -am -DskipTests \
      -Djacoco.skip=true package dependency:copy-dependencies -DincludeScope=runtime >&2 ||
      lap_die "building $module failed; the output above says why."
  fi
  # shellcheck disable=SC2086 # LAP_JAVA_OPTS is a list of options by design
  exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED ${LAP_JAVA_OPTS:-} \
    -cp "$jar:$LAP_ROOT/$module/target/dependency/*" "$main" "$@"
}

# Prints the first copy of one of lap's own module jars in the dependency folder $1 that is older
# than the module's freshly built jar (a `mvnw install` elsewhere rebuilt it after the copy).
lap_stale_module_copies() {
  local built copy name
  for built in "$LAP_ROOT"/*/target/*.jar; do
    name=$(basename "$built" .jar)
    for copy in "$1/$name"-[0-9]*.jar; do
      [ -f "$copy" ] && [ "$built" -nt "$copy" ] && { echo "$copy"; return; }
    done
  done
  return 0
}

# Prints the first source file or POM in the repository that is newer than $1.
lap_sources_newer_than() {
  find "$LAP_ROOT" -path "$LAP_ROOT/.git" -prune -o \
    \( -path '*/src/main/*' -o -name pom.xml \) -type f -newer "$1" -print 2>/dev/null | head -n 1
}
