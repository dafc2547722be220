# Sourced by the bootstrap scripts. `first_line CMD ARGS…` prints the first line of what CMD
# writes to stdout, reading all of it.
#
# Why not `CMD | head -n1`: under `set -o pipefail`, head exits after one line and the writer's
# next write fails (SIGPIPE, or Python's BrokenPipeError when it ignores the signal). Debian's
# emcc is Python and, with PYTHONUNBUFFERED=1 (set on these machines), writes its banner in
# several writes, so `emcc --version | head -n1` failed the pipeline on some runs and stopped
# `npm test` on a fresh machine. Reading everything leaves the writer nothing to trip on.
first_line() {
  local all
  all="$("$@")" || return
  printf '%s\n' "${all%%$'\n'*}"
}
