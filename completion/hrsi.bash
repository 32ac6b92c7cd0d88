# SPDX-License-Identifier: Apache-2.0
# Bash completion of the hrsi programs (installed as share/bash-completion/completions/<program>).
#
# The options and subcommands come from the program's own --help (so they never drift from it);
# values are completed where they are known: statuses, job types, executors, runtimes, formats,
# system parameter names, files.

_hrsi_statuses="initialized configured ready queued started pre_processing processing post_processing
processed start_publication published done internal_error external_error error_checked cancelled"
_hrsi_types="test_job fsc_rlie_job rlies1_job sws_wds_job rlies1s2_job gfsc_job"

# The words of --help: options ("--x", "-x") and, after "Subcommands:", the subcommand names.
_hrsi_help_words() {
  "$@" --help 2>/dev/null | awk '
    /^Subcommands:/ { sub_ = 1; next }
    /^[^ ]/ && !/^Subcommands:/ { sub_ = 0 }
    sub_ && /^  [a-z]/ { print $1; next }
    {
      for (i = 1; i <= NF; i++) {
        n = split($i, parts, ",")
        for (j = 1; j <= n; j++) if (parts[j] ~ /^--?[a-zA-Z]/) print parts[j]
      }
    }' | sed 's/[=:].*//' | sort -u
}

_hrsi_complete() {
  local cur prev program words_before=() subcommand="" i
  cur=${COMP_WORDS[COMP_CWORD]}
  prev=${COMP_WORDS[COMP_CWORD - 1]}
  program=${COMP_WORDS[0]}
  # The subcommand, if one was typed already (the first word that is not an option or its value).
  local commands
  commands=$(_hrsi_help_words "$program" | grep -v '^-')
  for ((i = 1; i < COMP_CWORD; i++)); do
    if [[ " $commands " == *" ${COMP_WORDS[i]} "* ]] || grep -qx -- "${COMP_WORDS[i]}" <<<"$commands"; then
      subcommand=${COMP_WORDS[i]}
      break
    fi
  done
  case "$prev" in
    --status) mapfile -t COMPREPLY < <(compgen -W "$_hrsi_statuses" -- "$cur"); return ;;
    --type) mapfile -t COMPREPLY < <(compgen -W "$_hrsi_types" -- "$cur"); return ;;
    --executor) mapfile -t COMPREPLY < <(compgen -W "local nomad slurm print" -- "$cur"); return ;;
    --runtime) mapfile -t COMPREPLY < <(compgen -W "docker podman none" -- "$cur"); return ;;
    --format) mapfile -t COMPREPLY < <(compgen -W "auto odata resto stac list" -- "$cur"); return ;;
    --catalogue) mapfile -t COMPREPLY < <(compgen -W "odata resto stac" -- "$cur"); return ;;
    --stac-method) mapfile -t COMPREPLY < <(compgen -W "GET POST" -- "$cur"); return ;;
    --area) mapfile -t COMPREPLY < <(compgen -W "EEA39 EEA39_RLIE world" -- "$cur"); return ;;
    --tile-data|--aux-cache) mapfile -t COMPREPLY < <(compgen -d -- "$cur"); return ;;
    --config|--output|--work-root|--worker|--runtime-program|--cacert|--other-input)
      mapfile -t COMPREPLY < <(compgen -f -- "$cur"); return ;;
  esac
  if [[ $program == hrsi-status && $subcommand == set && $cur != -* ]]; then
    mapfile -t COMPREPLY < <(compgen -W "$_hrsi_statuses" -- "$cur"); return
  fi
  if [[ $program == hrsi-db && $prev =~ ^(get|set|reset|unset|history)$ ]]; then
    local names
    names=$(hrsi-db params list 2>/dev/null | awk 'NR > 1 { print $1 }')
    mapfile -t COMPREPLY < <(compgen -W "$names" -- "$cur"); return
  fi
  local words
  if [[ -n $subcommand ]]; then
    words=$(_hrsi_help_words "$program" "$subcommand")
  else
    words=$(_hrsi_help_words "$program")
  fi
  if [[ $cur == -* || -z $subcommand ]]; then
    mapfile -t COMPREPLY < <(compgen -W "$words" -- "$cur")
  fi
  if [[ ${#COMPREPLY[@]} == 0 && $program == hrsi-create-jobs ]]; then
    mapfile -t COMPREPLY < <(compgen -f -- "$cur")
  fi
}

for _hrsi_program in hrsi-db hrsi-status hrsi-create-jobs hrsi-run-worker hrsi-dispatch hrsi-monitor hrsi-publish hrsi-search \
    hrsi-tiles; do
  complete -F _hrsi_complete "$_hrsi_program"
done
unset _hrsi_program
