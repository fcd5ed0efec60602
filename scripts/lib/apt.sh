# Sourced by the installers in scripts/install: `apt_install PKG...` installs the Debian packages not yet
# installed, running `apt-get update` at most once per test run.
apt_install() {
  local need=() pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || need+=("$pkg")
  done
  [ ${#need[@]} -eq 0 ] && return 0
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  local stamp="${TMPDIR:-/tmp}/vtds-apt-updated"
  if [ ! -e "$stamp" ]; then
    $sudo apt-get update -qq
    touch "$stamp"
  fi
  echo "   installing ${need[*]}"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
}
