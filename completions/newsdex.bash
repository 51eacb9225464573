# SPDX-License-Identifier: MIT
# Bash completion for newsdex-index and newsdex-search: options, their
# values, and in queries the field prefixes and facet names.

_newsdex_search() {
    local cur prev
    cur=${COMP_WORDS[COMP_CWORD]}
    prev=${COMP_WORDS[COMP_CWORD-1]}
    case $prev in
    --db) COMPREPLY=($(compgen -d -- "$cur")); return ;;
    --sort) COMPREPLY=($(compgen -W "relevance date -date" -- "$cur")); return ;;
    --color) COMPREPLY=($(compgen -W "auto always never" -- "$cur")); return ;;
    --facets-over) COMPREPLY=($(compgen -W "exact all" -- "$cur")); return ;;
    --format|-f) COMPREPLY=($(compgen -W "text json ids paths locators tsv" -- "$cur")); return ;;
    --facets)
        local facets="all leader person country place org year month source"
        local done=${cur%,*} last=${cur##*,}
        [ "$done" = "$cur" ] && done="" || done="$done,"
        COMPREPLY=($(compgen -W "$facets" -P "$done" -- "$last"))
        return ;;
    --limit|-n|--offset|--facet-limit|--facet-sample|--snippet-length|--hl-start|--hl-end|--like|--similar|--timeout|--query|-q) return ;;
    esac
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "--db --limit --offset --sort --facets --facet-limit --facet-sample --facets-over --count --json --format --color --snippet-length --hl-start --hl-end --like --show --query --collapse --no-collapse --similar --strict --explain --no-suggest --timeout --allow-partial --help-fields --help --version" -- "$cur"))
        return
    fi
    COMPREPLY=($(compgen -W "title: source: id: leader: person: country: place: org: year: month: date: AND OR NOT NEAR ADJ" -- "$cur"))
    compopt -o nospace 2>/dev/null
}

_newsdex_index() {
    local cur prev
    cur=${COMP_WORDS[COMP_CWORD]}
    prev=${COMP_WORDS[COMP_CWORD-1]}
    case $prev in
    --db) COMPREPLY=($(compgen -d -- "$cur")); return ;;
    --progress) COMPREPLY=($(compgen -W "auto always never" -- "$cur")); return ;;
    --entities) COMPREPLY=($(compgen -f -- "$cur")); return ;;
    --jobs|-j|--shards|--batch-size|--part-size|--max-record-size) return ;;
    esac
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "--db --jobs --shards --entities --prune --compact --check --lock-timeout --progress --batch-size --part-size --max-record-size --help --version" -- "$cur"))
        return
    fi
    COMPREPLY=($(compgen -f -- "$cur"))
}

complete -F _newsdex_search newsdex-search
complete -F _newsdex_index newsdex-index
