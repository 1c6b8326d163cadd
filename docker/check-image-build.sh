#!/usr/bin/env bash
# Checks docker/Dockerfile's build without a Docker engine: reads the file's own COPY and RUN lines,
# so the check cannot drift from it, and
#  1. copies exactly what the build stage COPYs from the build context (the repository, less what
#     .dockerignore leaves out) into a temporary folder standing for its WORKDIR;
#  2. runs the build stage's RUN commands there, offline by default (a .mvn/maven.config with -o
#     beside the copied pom, so the command runs as written; the local ~/.m2 must hold every
#     dependency, as it does after `mvn verify`), or online with --online;
#  3. checks that every file the final stage COPYs exists: from the context, and from the build
#     stage (--from=build), and that the scripts it copies are executable.
# Exit 0 when all holds; the temporary folder is removed either way (kept with --keep).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dockerfile="$root/docker/Dockerfile"
offline=true
keep=false
for arg in "$@"; do
  case "$arg" in
    --online) offline=false ;;
    --keep) keep=true ;;
    *) echo "usage: $0 [--online] [--keep]" >&2; exit 2 ;;
  esac
done

fail() { echo "check-image-build: FAILED: $*" >&2; exit 1; }

tmp="$(mktemp -d -t presence-image-build-XXXXXX)"
$keep || trap 'rm -rf "$tmp"' EXIT
workdir="$tmp/build"
context="$tmp/context"
build_workdir=/
mkdir -p "$workdir"

# .dockerignore as tar exclusions: "**/name" anywhere, anything else from the context's root.
excludes=()
if [[ -f "$root/.dockerignore" ]]; then
  while IFS= read -r pattern || [[ -n "$pattern" ]]; do
    pattern="${pattern%%#*}"; pattern="${pattern//[[:space:]]/}"
    [[ -z "$pattern" ]] && continue
    [[ "$pattern" == '!'* ]] && fail ".dockerignore exception '$pattern': this check does not model exceptions"
    if [[ "$pattern" == '**/'* ]]; then
      excludes+=(--no-anchored "--exclude=${pattern#\*\*/}")
    else
      excludes+=(--anchored "--exclude=${pattern#/}")
    fi
  done < "$root/.dockerignore"
fi

# The stage a line belongs to: "build" for the one named so, "final" for the last.
stage=""
build_runs=()
final_context_copies=()
final_stage_copies=()
while IFS= read -r line || [[ -n "$line" ]]; do
  [[ "$line" =~ ^[[:space:]]*(#|$) ]] && continue
  read -r -a words <<< "$line"
  instruction="${words[0]^^}"
  case "$instruction" in
    FROM)
      if [[ "${line,,}" =~ [[:space:]]as[[:space:]]+build[[:space:]]*$ ]]; then stage=build; else stage=final; fi ;;
    COPY)
      args=("${words[@]:1}")
      from=""
      while [[ "${args[0]}" == --* ]]; do
        [[ "${args[0]}" == --from=* ]] && from="${args[0]#--from=}"
        args=("${args[@]:1}")
      done
      ((${#args[@]} >= 2)) || fail "a COPY line with no destination: $line"
      dest="${args[-1]}"
      sources=("${args[@]:0:${#args[@]}-1}")
      if [[ "$stage" == build ]]; then
        [[ -z "$from" ]] || fail "the build stage copies from another stage, which this check does not model: $line"
        for source in "${sources[@]}"; do
          [[ -e "$root/$source" ]] || fail "the build stage copies '$source', which the repository does not have"
          # The context as Docker sees it: the source less what .dockerignore leaves out (paths from the root).
          mkdir -p "$context"
          tar -C "$root" -cf - "${excludes[@]}" "$source" | tar -C "$context" -xf -
          # A folder is copied as its content into dest; a file into dest (a folder when it ends with /).
          if [[ -d "$context/$source" ]]; then
            mkdir -p "$workdir/$dest"
            cp -a "$context/$source/." "$workdir/$dest"
          else
            if [[ "$dest" == */ ]]; then mkdir -p "$workdir/$dest"; else mkdir -p "$(dirname "$workdir/$dest")"; fi
            cp -p "$context/$source" "$workdir/$dest"
          fi
        done
      elif [[ "$from" == build ]]; then
        final_stage_copies+=("${sources[@]}")
      elif [[ -z "$from" ]]; then
        final_context_copies+=("${sources[@]}")
      fi ;;
    WORKDIR)
      [[ "$stage" == build ]] && build_workdir="${words[1]}" ;;
    RUN)
      [[ "$stage" == build ]] && build_runs+=("${line#*RUN }") ;;
  esac
done < "$dockerfile"

((${#build_runs[@]})) || fail "no RUN line in the build stage of $dockerfile"

for source in "${final_context_copies[@]}"; do
  [[ -e "$root/$source" ]] || fail "the image copies '$source' from the context, which the repository does not have"
  [[ "$source" == *.sh && ! -x "$root/$source" ]] && fail "the image runs '$source', which is not executable"
done

if $offline; then
  mkdir -p "$workdir/.mvn" && echo "-o" > "$workdir/.mvn/maven.config"
fi
for run in "${build_runs[@]}"; do
  echo "check-image-build: running the build stage's RUN ($($offline && echo offline || echo online)): $run" >&2
  (cd "$workdir" && sh -c "$run") || fail "the build stage's RUN failed: $run (rerun with --keep to keep the folder it ran in)"
done

for source in "${final_stage_copies[@]}"; do
  # Relative to the build stage's WORKDIR, which the temporary folder stands for; a source may be a glob.
  relative="${source#"${build_workdir%/}"/}"
  compgen -G "$workdir/$relative" > /dev/null || fail "the image copies '$source' from the build stage, which the build did not produce"
done
echo "check-image-build: docker/Dockerfile's build stage builds, and every file the image copies exists"
