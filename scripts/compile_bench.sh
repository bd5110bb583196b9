#!/usr/bin/env bash
# Compile-time benchmark of #[derive(ApiError)] (issue 7, DESIGN section 8).
#
# Generates throwaway crates in a temporary directory: enums of 50 and 200 variants, each
# variant with two fields that its message interpolates, in three flavours:
#   plain    #[derive(Debug)]
#   serde    #[derive(Debug, thiserror::Error, serde::Serialize)] with #[error("...")]
#   apifault #[derive(Debug, apifault::ApiError)] with #[api(status, code, message)]
#   l10n     the same with #[api(locales = "locales", default_locale = "en")] and two locales,
#            locales/de.ftl and locales/fr.ftl, translating every variant (issue 18)
# The apifault crate is this repository's runtime/, or $APIFAULT_PATH, packaged as `cargo package`
# packages it and served, with every other dependency, from a local directory that replaces
# crates.io: the crate as users get it, from the same kind of source as serde and thiserror
# (SOURCE=path depends on it by path instead, which costs cargo more on every check: it compares
# the modification times of a path dependency's source files, and parses its workspace).
#
# It measures, in rounds whose order rotates (so drift hits every flavour alike):
#   touch    `touch src/lib.rs && cargo check`: the edit-check loop (incremental)
#   ftl      (l10n only) `touch locales/de.ftl && cargo check`: editing a translation rebuilds
#   full     the same with CARGO_INCREMENTAL=0: the crate checked from scratch, deps built
#   clean    `cargo check` and `cargo build` from an empty target directory of the 200-variant
#            serde crate (serde + thiserror) and of the apifault crate (serde + thiserror +
#            apifault): the time apifault adds to a clean build on top of serde + thiserror
# and prints medians and the medians of per-round ratios (apifault / serde is the target's
# ratio; DESIGN section 8 asks for at most 0.9 for the 200-variant `cargo check`). Times are
# CPU time (user + system) of cargo and rustc, which other work on the machine disturbs less
# than wall time; wall-time ratios are printed beside them.
#
# With valgrind installed it also counts the instructions of the rustc that checks each crate,
# from scratch and as a touch-rebuild (the stable figure: the same on every run, whatever the
# load).
#
# usage: scripts/compile_bench.sh [ROUNDS [CLEAN_ROUNDS]]   (defaults 7 and 2)
#   KEEP=1 keeps the temporary directory; APIFAULT_PATH=/path/to/runtime picks the crate;
#   SOURCE=path takes it by path; INSTRUCTIONS=0 skips the instruction counts.
# It takes a few minutes on 2 cores (clean builds dominate). Not part of the tests.
set -euo pipefail

ROUNDS=${1:-7}
CLEAN_ROUNDS=${2:-2}
REPO=$(cd "$(dirname "$0")/.." && pwd)
APIFAULT_PATH=${APIFAULT_PATH:-$REPO/runtime}
# SIZES="200" limits the sizes; FLAVOURS="apifault l10n" the flavours (plain and serde are the
# baselines of the main table).
read -r -a SIZES <<<"${SIZES:-50 200}"
read -r -a FLAVOURS <<<"${FLAVOURS:-plain serde apifault l10n}"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/apifault-compile-bench.XXXXXX")
cleanup() {
    if [[ "${KEEP:-0}" == 1 ]]; then
        echo "kept $WORK" >&2
    else
        rm -rf "$WORK"
    fi
}
trap cleanup EXIT
unset CARGO_TARGET_DIR CARGO_BUILD_TARGET_DIR RUSTFLAGS CARGO_INCREMENTAL

STATUSES=(400 401 403 404 405 406 409 410 412 413 415 422 423 428 429)

# gen_crate FLAVOUR SIZE: writes crates/FLAVOUR_SIZE
gen_crate() {
    local flavour=$1 size=$2 dir="$WORK/crates/${1}_$2" i status
    mkdir -p "$dir/src"
    {
        echo "[package]"
        echo "name = \"${flavour}_${size}\""
        echo 'version = "0.0.0"'
        echo 'edition = "2024"'
        echo 'publish = false'
        echo
        echo "[dependencies]"
        case $flavour in
            plain) ;;
            serde)
                echo 'serde = { version = "1.0.229", features = ["derive"] }'
                echo 'thiserror = "2.0.19"'
                ;;
            apifault | l10n)
                # serde and thiserror too: what apifault adds is measured on top of them.
                echo 'serde = { version = "1.0.229", features = ["derive"] }'
                echo 'thiserror = "2.0.19"'
                echo "apifault = { path = \"$APIFAULT_PATH\" }"
                ;;
        esac
    } >"$dir/Cargo.toml"
    {
        echo "//! ${size}-variant error enum, flavour ${flavour}."
        case $flavour in
            plain) echo '#[derive(Debug)]' ;;
            serde) echo '#[derive(Debug, thiserror::Error, serde::Serialize)]' ;;
            apifault) echo '#[derive(Debug, apifault::ApiError)]' ;;
            l10n)
                echo '#[derive(Debug, apifault::ApiError)]'
                echo '#[api(locales = "locales", default_locale = "en")]'
                ;;
        esac
        echo 'pub enum Error {'
        for ((i = 0; i < size; i++)); do
            status=${STATUSES[$((i % ${#STATUSES[@]}))]}
            local message="resource {resource_id} failed after {attempts} attempts (case $i)"
            case $flavour in
                plain) ;;
                serde) echo "    #[error(\"$message\")]" ;;
                apifault | l10n) echo "    #[api(status = $status, code = \"Case$i\", message = \"$message\")]" ;;
            esac
            echo "    Case$i { resource_id: String, attempts: u64 },"
        done
        echo '}'
    } >"$dir/src/lib.rs"
    if [[ $flavour == l10n ]]; then
        mkdir -p "$dir/locales"
        for ((i = 0; i < size; i++)); do
            echo "Case$i = Ressource { \$resource_id } nach { \$attempts } Versuchen fehlgeschlagen (Fall $i)"
        done >"$dir/locales/de.ftl"
        for ((i = 0; i < size; i++)); do
            echo "Case$i = La ressource { \$resource_id } a échoué après { \$attempts } tentatives (cas $i)"
        done >"$dir/locales/fr.ftl"
    fi
}

mkdir -p "$WORK/crates"
members=()
for size in "${SIZES[@]}"; do
    for flavour in "${FLAVOURS[@]}"; do
        gen_crate "$flavour" "$size"
        members+=("\"crates/${flavour}_${size}\"")
    done
done
(
    IFS=,
    printf '[workspace]\nresolver = "3"\nmembers = [%s]\n' "${members[*]}"
) >"$WORK/Cargo.toml"
# The repository's lock file, so that dependencies are the versions the project uses.
if [[ -f "$APIFAULT_PATH/../Cargo.lock" ]]; then
    cp "$APIFAULT_PATH/../Cargo.lock" "$WORK/Cargo.lock"
fi

cd "$WORK"
# timed CMD...: runs CMD quietly and sets WALL and CPU (user + system, of cargo and rustc) in
# seconds. CPU time is the figure that other work on the machine disturbs least.
timed() {
    local TIMEFORMAT='%3R %3U %3S' times
    times=$({ time "$@" >/dev/null 2>"$WORK/last.err"; } 2>&1) || {
        cat "$WORK/last.err" >&2
        exit 1
    }
    read -r WALL user sys <<<"$times"
    CPU=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.3f", u + s }')
}

cargo fetch --quiet
if [[ ${SOURCE:-registry} == registry ]]; then
    echo "packaging apifault and vendoring every dependency..." >&2
    cargo package --quiet --offline --no-verify --allow-dirty --manifest-path "$APIFAULT_PATH/../Cargo.toml" \
        -p apifault-derive -p apifault --target-dir "$WORK/package"
    cargo vendor --quiet --offline "$WORK/vendor" >/dev/null
    for crate in "$WORK"/package/package/*.crate; do
        tar xzf "$crate" -C "$WORK/vendor"
        # A directory source checks each file listed here and the package's checksum against
        # the lock file; listing no file is allowed.
        printf '{"files":{},"package":"%s"}\n' "$(sha256sum "$crate" | cut -d' ' -f1)" \
            >"$WORK/vendor/$(basename "$crate" .crate)/.cargo-checksum.json"
    done
    version=$(basename "$(ls "$WORK"/package/package/apifault-[0-9]*.crate)" .crate)
    version=${version#apifault-}
    sed -i "s|apifault = { path = \"$APIFAULT_PATH\" }|apifault = \"=$version\"|" "$WORK"/crates/*/Cargo.toml
    mkdir -p "$WORK/.cargo"
    printf '[source.crates-io]\nreplace-with = "vendored"\n\n[source.vendored]\ndirectory = "vendor"\n' \
        >"$WORK/.cargo/config.toml"
fi
echo "building dependencies (two target directories: incremental and not)..." >&2
CARGO_TARGET_DIR=$WORK/target-incr cargo check --offline --quiet --workspace
CARGO_TARGET_DIR=$WORK/target-full CARGO_INCREMENTAL=0 cargo check --offline --quiet --workspace

declare -A cpu wall # "mode size flavour" -> space-separated seconds
cases=()
for size in "${SIZES[@]}"; do
    for flavour in "${FLAVOURS[@]}"; do
        cases+=("$size $flavour")
    done
done

for ((round = 0; round < ROUNDS; round++)); do
    echo "round $((round + 1))/$ROUNDS" >&2
    n=${#cases[@]}
    for ((k = 0; k < n; k++)); do
        read -r size flavour <<<"${cases[$(((round + k) % n))]}"
        crate=${flavour}_${size}
        touch "crates/$crate/src/lib.rs"
        CARGO_TARGET_DIR=$WORK/target-incr timed cargo check --offline -p "$crate"
        cpu["touch $size $flavour"]+="$CPU "
        wall["touch $size $flavour"]+="$WALL "
        if [[ $flavour == l10n ]]; then
            touch "crates/$crate/locales/de.ftl"
            CARGO_TARGET_DIR=$WORK/target-incr timed cargo check --offline -p "$crate"
            cpu["ftl $size $flavour"]+="$CPU "
            wall["ftl $size $flavour"]+="$WALL "
        fi
        touch "crates/$crate/src/lib.rs"
        CARGO_TARGET_DIR=$WORK/target-full CARGO_INCREMENTAL=0 timed cargo check --offline -p "$crate"
        cpu["full $size $flavour"]+="$CPU "
        wall["full $size $flavour"]+="$WALL "
    done
done

# Instructions (callgrind) of the rustc process that checks each crate, from scratch and as a
# touch-rebuild (incremental, after a first check): the same on every run and under any load,
# so the stable figure beside the CPU times. A RUSTC_WRAPPER runs the crate named in
# MEASURE_CRATE under valgrind and every other rustc as is.
declare -A instructions=() # "mode size flavour" -> instructions; mode is full or touch
if [[ ${INSTRUCTIONS:-1} == 1 ]] && command -v valgrind >/dev/null; then
    wrapper=$WORK/callgrind-rustc.sh
    cat >"$wrapper" <<'WRAPPER'
#!/usr/bin/env bash
if [[ -n "${MEASURE_CRATE:-}" && " $* " == *" --crate-name $MEASURE_CRATE "* ]]; then
    exec valgrind --tool=callgrind --log-file="$MEASURE_OUT.log" --callgrind-out-file="$MEASURE_OUT" "$@"
fi
exec "$@"
WRAPPER
    chmod +x "$wrapper"
    echo "instructions (callgrind; about a minute per 200-variant crate)..." >&2
    export RUSTC_WRAPPER=$wrapper
    for mode in full touch; do
        incremental=$([[ $mode == touch ]] && echo 1 || echo 0)
        target=$WORK/target-ir-$mode
        # The first check builds the dependencies and, for touch, the incremental state.
        CARGO_INCREMENTAL=$incremental CARGO_TARGET_DIR=$target cargo check --offline --quiet --workspace
        for case in "${cases[@]}"; do
            read -r size flavour <<<"$case"
            crate=${flavour}_${size}
            out=$WORK/callgrind.$mode.$crate
            if [[ $mode == touch ]]; then
                # A first check of the crate alone: `-p` resolves the dependencies' features
                # apart from `--workspace`, which would make the measured check a full one.
                touch "crates/$crate/src/lib.rs"
                CARGO_INCREMENTAL=1 CARGO_TARGET_DIR=$target cargo check --offline --quiet -p "$crate"
            fi
            touch "crates/$crate/src/lib.rs"
            MEASURE_CRATE=$crate MEASURE_OUT=$out CARGO_INCREMENTAL=$incremental CARGO_TARGET_DIR=$target \
                cargo check --offline --quiet -p "$crate"
            instructions["$mode $size $flavour"]=$(awk '/^(summary|totals):/ { print $2; exit }' "$out")
        done
    done
    unset RUSTC_WRAPPER
fi

for ((round = 0; round < CLEAN_ROUNDS; round++)); do
    echo "clean round $((round + 1))/$CLEAN_ROUNDS" >&2
    order=(serde apifault)
    if ((round % 2 == 1)); then order=(apifault serde); fi
    for flavour in "${order[@]}"; do
        for cmd in check build; do
            rm -rf "$WORK/target-clean"
            CARGO_TARGET_DIR=$WORK/target-clean timed cargo "$cmd" --offline -p "${flavour}_200"
            cpu["clean-$cmd 200 $flavour"]+="$CPU "
            wall["clean-$cmd 200 $flavour"]+="$WALL "
        done
    done
done
rm -rf "$WORK/target-clean"

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
# ratios A B: per-round ratios of two sample lists
# excess A B P: per-round ratios of (A - P) / (B - P): the derives' own cost, plain subtracted
excess() { paste <(tr ' ' '\n' <<<"$1" | grep -v '^$') <(tr ' ' '\n' <<<"$2" | grep -v '^$') <(tr ' ' '\n' <<<"$3" | grep -v '^$') | awk '{ printf "%.4f ", ($1 - $3) / ($2 - $3) }'; }
ratios() { paste <(tr ' ' '\n' <<<"$1" | grep -v '^$') <(tr ' ' '\n' <<<"$2" | grep -v '^$') | awk '{ printf "%.4f ", $1 / $2 }'; }
fmt() { awk -v x="$1" 'BEGIN { printf "%.2f", x }'; }

rev=$(git -C "$APIFAULT_PATH" rev-parse --short HEAD 2>/dev/null || echo "$APIFAULT_PATH")
dirty=$(git -C "$APIFAULT_PATH" status --porcelain 2>/dev/null | grep -q . && echo " + uncommitted changes" || true)
echo
echo "## Compile time: apifault at $rev$dirty (from a ${SOURCE:-registry}), $(rustc --version), $(nproc) cores"
echo
echo "$ROUNDS rounds. Seconds are medians of CPU time (user + system of cargo and rustc); ratios"
echo "are medians of per-round ratios of CPU time, and of wall time in brackets. The last column"
echo "subtracts the plain enum's time (cargo itself, parsing, the enum) from both: the derives' own"
echo "cost, ApiError's over thiserror + Serialize's."
echo
echo "| variants | check | plain (s) | thiserror + Serialize (s) | ApiError (s) | ApiError / thiserror + Serialize | ApiError / plain | derives only |"
echo "|---:|---|---:|---:|---:|---:|---:|---:|"
for size in "${SIZES[@]}"; do
    for mode in touch full; do
        p=${cpu["$mode $size plain"]}
        s=${cpu["$mode $size serde"]}
        a=${cpu["$mode $size apifault"]}
        ws=${wall["$mode $size serde"]}
        wa=${wall["$mode $size apifault"]}
        wp=${wall["$mode $size plain"]}
        label=$([[ $mode == touch ]] && echo "touch-rebuild" || echo "non-incremental")
        echo "| $size | $label | $(median <<<"$p") | $(median <<<"$s") | $(median <<<"$a") | $(fmt "$(ratios "$a" "$s" | median)") ($(fmt "$(ratios "$wa" "$ws" | median)")) | $(fmt "$(ratios "$a" "$p" | median)") ($(fmt "$(ratios "$wa" "$wp" | median)")) | $(fmt "$(excess "$a" "$s" "$p" | median)") |"
    done
done
if [[ -n "${cpu["touch ${SIZES[0]} l10n"]:-}" && -n "${cpu["touch ${SIZES[0]} apifault"]:-}" ]]; then
    echo
    echo "Two locales (de, fr) translating every variant, against the same enum without locales"
    echo "(CPU seconds, medians; the ratio is the median of per-round ratios):"
    echo
    echo "| variants | check | ApiError (s) | ApiError + 2 locales (s) | ratio |"
    echo "|---:|---|---:|---:|---:|"
    for size in "${SIZES[@]}"; do
        a=${cpu["touch $size apifault"]}
        l=${cpu["touch $size l10n"]}
        f=${cpu["ftl $size l10n"]}
        echo "| $size | touch src/lib.rs | $(median <<<"$a") | $(median <<<"$l") | $(fmt "$(ratios "$l" "$a" | median)") |"
        echo "| $size | touch locales/de.ftl | $(median <<<"$a") | $(median <<<"$f") | $(fmt "$(ratios "$f" "$a" | median)") |"
        a=${cpu["full $size apifault"]}
        l=${cpu["full $size l10n"]}
        echo "| $size | non-incremental | $(median <<<"$a") | $(median <<<"$l") | $(fmt "$(ratios "$l" "$a" | median)") |"
    done
    if [[ -n "${instructions["touch ${SIZES[0]} l10n"]:-}" ]]; then
        echo
        echo "The same in rustc instructions (callgrind, millions):"
        echo
        echo "| variants | check | ApiError | ApiError + 2 locales | ratio |"
        echo "|---:|---|---:|---:|---:|"
        for size in "${SIZES[@]}"; do
            for mode in touch full; do
                a=${instructions["$mode $size apifault"]}
                l=${instructions["$mode $size l10n"]}
                label=$([[ $mode == touch ]] && echo "touch src/lib.rs" || echo "non-incremental")
                awk -v n="$size" -v m="$label" -v a="$a" -v l="$l" 'BEGIN {
                    printf "| %s | %s | %.0f | %.0f | %.2f |\n", n, m, a / 1e6, l / 1e6, l / a
                }'
            done
        done
    fi
fi
if ((${#instructions[@]} > 0)); then
    echo
    echo "Instructions of rustc checking the crate (callgrind, millions; the proc macros run inside"
    echo "it, as built by \`cargo check\`):"
    echo
    echo "| variants | check | plain | thiserror + Serialize | ApiError | ApiError / thiserror + Serialize | derives only |"
    echo "|---:|---|---:|---:|---:|---:|---:|"
    for size in "${SIZES[@]}"; do
        for mode in touch full; do
            p=${instructions["$mode $size plain"]}
            s=${instructions["$mode $size serde"]}
            a=${instructions["$mode $size apifault"]}
            label=$([[ $mode == touch ]] && echo "touch-rebuild" || echo "non-incremental")
            awk -v n="$size" -v l="$label" -v p="$p" -v s="$s" -v a="$a" 'BEGIN {
                printf "| %s | %s | %.0f | %.0f | %.0f | %.3f | %.2f |\n", n, l, p / 1e6, s / 1e6, a / 1e6, a / s, (a - p) / (s - p)
            }'
        done
    done
fi
if ((CLEAN_ROUNDS == 0)); then
    exit 0
fi
echo
echo "Clean build of the 200-variant crate from an empty target directory ($CLEAN_ROUNDS rounds,"
echo "medians; wall time is what a person waits, CPU time adds up both cores):"
echo
echo "| command | serde + thiserror: wall (s) | + apifault: wall (s) | added: wall (s) | serde + thiserror: CPU (s) | + apifault: CPU (s) | added: CPU (s) |"
echo "|---|---:|---:|---:|---:|---:|---:|"
for cmd in check build; do
    line="| cargo $cmd"
    for kind in wall cpu; do
        declare -n tbl=$kind
        ms=$(median <<<"${tbl["clean-$cmd 200 serde"]}")
        ma=$(median <<<"${tbl["clean-$cmd 200 apifault"]}")
        line+=" | $ms | $ma | $(awk -v a="$ma" -v b="$ms" 'BEGIN { printf "%+.1f", a - b }')"
    done
    echo "$line |"
done
