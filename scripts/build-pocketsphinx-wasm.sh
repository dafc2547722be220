#!/usr/bin/env bash
# Builds PocketSphinx to WebAssembly from Debian's own `sphinxbase` and `pocketsphinx` source
# packages with Debian's emscripten, so the .wasm the speech package runs is reproducible from
# this repository and Debian alone (BSD-2 sources; nothing is committed as a binary).
#
# Output (gitignored): packages/speech/build/pocketsphinx/{pocketsphinx.js,pocketsphinx.wasm,build-info.json}
#   an ES6 emscripten module (MODULARIZE, EXPORT_ES6, web+worker+node) whose only C API is
#   packages/speech/native/tandem_pocketsphinx.c.
#
# Cached: the build is skipped when this script, the C wrapper and emcc's version are unchanged
# (`--force` rebuilds). Sources are fetched once into .cache/pocketsphinx-wasm/ with apt's
# ordinary client and a deb-src list in that directory: /etc/apt is never touched.
#
# Versions: the source versions of the installed `pocketsphinx` / `libsphinxbase3` binaries when
# dpkg knows them (so the native tools the benchmark compares against come from the same
# sources), else whatever the mirror has.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# No pipes into head/grep -q here: see scripts/lib/first-line.sh for the race they cause.
source "$root/scripts/lib/first-line.sh"
# Overrides for speed experiments (see e2e/bench/asr-rtf-wer.bench.ts): their own cache and output.
cache="${TANDEM_PS_CACHE:-$root/.cache/pocketsphinx-wasm}"
out="${TANDEM_PS_OUT:-$root/packages/speech/build/pocketsphinx}"
wrapper="$root/packages/speech/native/tandem_pocketsphinx.c"
force=0
[[ "${1:-}" == "--force" ]] && force=1

export NODE_PATH="${NODE_PATH:-/usr/share/nodejs}" # Debian's emcc runs node tools that need it

log() { echo "[pocketsphinx-wasm] $*"; }
need() { command -v "$1" >/dev/null || { echo "missing $1: apt-get install $2" >&2; exit 1; }; }
need emcc emscripten; need bison bison; need flex flex; need dpkg-source dpkg-dev
need autoreconf autoconf; need libtoolize libtool; need apt-get apt

# Optimisation flags, shared by the libraries and the link. -msimd128 lets clang auto-vectorise
# the GMM scoring loops; -O3 for speed over size. See e2e/bench/asr-rtf-wer.bench.ts.
CFLAGS_OPT="${TANDEM_PS_CFLAGS:--O3 -msimd128}"
# Extra sphinxbase configure flags, e.g. --enable-fixed (fixed-point MFCC and GMM scoring).
SB_CONFIGURE="${TANDEM_PS_SB_CONFIGURE:-}"

emcc_version="$(first_line emcc --version)"
key="$( { cat "${BASH_SOURCE[0]}" "$wrapper"; echo "$emcc_version|$CFLAGS_OPT|$SB_CONFIGURE"; } | sha256sum | cut -c1-16)"
if [[ $force == 0 && -f "$out/build-info.json" && -f "$out/pocketsphinx.wasm" ]] \
  && grep -q "\"key\": \"$key\"" "$out/build-info.json"; then
  log "up to date ($out, key $key)"
  exit 0
fi

started=$(date +%s)
mkdir -p "$cache/src" "$cache/apt/lists/partial"
sb="$cache/src/sphinxbase"; ps="$cache/src/pocketsphinx"
sb_lib="$sb/src/libsphinxbase/.libs/libsphinxbase.a"; ps_lib="$ps/src/libpocketsphinx/.libs/libpocketsphinx.a"
# The libraries depend on this script and the compiler only, not on the wrapper: a wrapper
# change re-links in seconds instead of rebuilding both libraries.
lib_key="$( { cat "${BASH_SOURCE[0]}"; echo "$emcc_version|$CFLAGS_OPT|$SB_CONFIGURE"; } | sha256sum | cut -c1-16)"
if [[ $force == 0 && -f "$sb_lib" && -f "$ps_lib" && "$(cat "$cache/libs.key" 2>/dev/null)" == "$lib_key" ]]; then
  log "libraries up to date (key $lib_key)"
else
rm -f "$cache/libs.key"

# --- 1. sources, through apt with a private deb-src list -------------------------------------
debian_mirror() {
  # First Debian archive stanza of the system's own configuration (deb822 or one-line).
  local f
  for f in /etc/apt/sources.list.d/*.sources; do
    [[ -f $f ]] || continue
    awk -v RS= '/Types:[^\n]*deb/ && /URIs:[^\n]*debian/ && !/security/ { print; exit }' "$f" && return
  done
}
srclist="$cache/apt/sources.list"
if [[ -n "${TANDEM_DEBIAN_MIRROR:-}" ]]; then
  echo "deb-src $TANDEM_DEBIAN_MIRROR" >"$srclist"
else
  stanza="$(debian_mirror || true)"
  if [[ -n "$stanza" ]]; then
    uri=$(awk '/^URIs:/ {print $2}' <<<"$stanza")
    suite=$(awk '/^Suites:/ {print $2}' <<<"$stanza")
    comps=$(awk '/^Components:/ {$1=""; print}' <<<"$stanza")
    keyring=$(awk '/^Signed-By:/ {print $2}' <<<"$stanza")
    echo "deb-src ${keyring:+[signed-by=$keyring] }$uri $suite$comps" >"$srclist"
  else
    awk '/^deb / && !/security/ { sub(/^deb /, "deb-src "); print; exit }' /etc/apt/sources.list >"$srclist"
  fi
fi
# The private cache dir is not readable by apt's sandbox user, so download as the caller.
apt_opts=(-o "Dir::Etc::SourceList=$srclist" -o Dir::Etc::SourceParts=/dev/null
  -o "Dir::State::Lists=$cache/apt/lists" -o "Dir::Cache=$cache/apt/cache" -o "APT::Sandbox::User=$(id -un)")

srcver() { dpkg-query -W -f='${source:Version}' "$1" 2>/dev/null || true; }
ps_ver="$(srcver pocketsphinx)"; sb_ver="$(srcver libsphinxbase3)"
want=("sphinxbase${sb_ver:+=$sb_ver}" "pocketsphinx${ps_ver:+=$ps_ver}")

cd "$cache/src"
if ! ls sphinxbase_*.dsc pocketsphinx_*.dsc >/dev/null 2>&1 \
  || { [[ -n $ps_ver ]] && ! ls "pocketsphinx_${ps_ver#*:}.dsc" >/dev/null 2>&1; }; then
  log "fetching ${want[*]} with apt-get source ($(cat "$srclist"))"
  mkdir -p "$cache/apt/cache/archives/partial"
  apt-get "${apt_opts[@]}" -qq update
  rm -f ./*.dsc ./*.tar.* 
  apt-get "${apt_opts[@]}" -qq source --download-only "${want[@]}"
fi

# --- 2. unpack with Debian's patches, regenerate autotools as debhelper does --------------------
unpack() { # name → directory with patches applied
  local dscs=("$1"_*.dsc); local dsc="${dscs[0]}"
  rm -rf "$cache/src/$1"
  dpkg-source --no-check -x "$dsc" "$cache/src/$1" >/dev/null
  (cd "$cache/src/$1" && autoreconf -fi >/dev/null 2>&1)
}
log "unpacking and autoreconf"
unpack sphinxbase
unpack pocketsphinx

# --- 3. static libraries with emconfigure/emmake ----------------------------------------------
jobs="$(nproc 2>/dev/null || echo 2)"
log "building sphinxbase (emscripten: $emcc_version; flags $CFLAGS_OPT)"
(cd "$sb" && emconfigure ./configure --host=i686-pc-linux-gnu --disable-shared --enable-static \
  --without-python --without-lapack --disable-threads $SB_CONFIGURE CFLAGS="$CFLAGS_OPT" >"$cache/sphinxbase-configure.log" 2>&1 \
  && emmake make -j"$jobs" -C src/libsphinxbase >"$cache/sphinxbase-make.log" 2>&1) \
  || { tail -n 30 "$cache"/sphinxbase-*.log >&2; exit 1; }
log "building pocketsphinx"
(cd "$ps" && emconfigure ./configure --host=i686-pc-linux-gnu --disable-shared --enable-static \
  --without-python --with-sphinxbase="$sb" CFLAGS="$CFLAGS_OPT" >"$cache/pocketsphinx-configure.log" 2>&1 \
  && emmake make -j"$jobs" -C src/libpocketsphinx >"$cache/pocketsphinx-make.log" 2>&1) \
  || { tail -n 30 "$cache"/pocketsphinx-*.log >&2; exit 1; }
echo "$lib_key" >"$cache/libs.key"
fi

# --- 4. link our wrapper into an ES6 module -------------------------------------------------------
log "linking $out"
mkdir -p "$out"
# INITIAL_MEMORY: the en-us models (~40 MB in MEMFS) plus the decoder's tables fit in 128 MB
# without growth during decoding; growth stays allowed for larger language models.
emcc $CFLAGS_OPT -I"$sb/include" -I"$ps/include" "$wrapper" \
  "$ps_lib" "$sb_lib" -lm \
  -sMODULARIZE=1 -sEXPORT_ES6=1 -sENVIRONMENT=web,worker,node -sEXPORT_NAME=createPocketSphinx \
  -sALLOW_MEMORY_GROWTH=1 -sINITIAL_MEMORY=134217728 -sFORCE_FILESYSTEM=1 \
  -sEXPORTED_FUNCTIONS=_malloc,_free \
  -sEXPORTED_RUNTIME_METHODS=FS,UTF8ToString,stringToUTF8,lengthBytesUTF8 \
  -o "$out/pocketsphinx.js"

seconds=$(( $(date +%s) - started ))
sha() { sha256sum "$1" | cut -d' ' -f1; }
cat >"$out/build-info.json" <<EOF
{
  "key": "$key",
  "emscripten": "$emcc_version",
  "cflags": "$CFLAGS_OPT",
  "sphinxbaseConfigure": "$SB_CONFIGURE",
  "sphinxbase": "$(cd "$sb" && dpkg-parsechangelog -S Version)",
  "pocketsphinx": "$(cd "$ps" && dpkg-parsechangelog -S Version)",
  "sourceDsc": { "sphinxbase": "$(sha "$(ls "$cache"/src/sphinxbase_*.dsc)")", "pocketsphinx": "$(sha "$(ls "$cache"/src/pocketsphinx_*.dsc)")" },
  "wasmSha256": "$(sha "$out/pocketsphinx.wasm")",
  "buildSeconds": $seconds
}
EOF
log "done in ${seconds}s: $(stat -c %s "$out/pocketsphinx.wasm") bytes wasm, $(stat -c %s "$out/pocketsphinx.js") bytes js"
