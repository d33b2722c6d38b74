#!/usr/bin/env bash
# How long a user's build of the share client takes, against the same code vendored.
#
# Two scratch crates with the same code, built the same way:
#   dependency: depends on zoho-share-records (the generated file in its own crate);
#   vendored:   has generated/src/share_records.rs copied in as a module, and depends on
#               zoho-crm-runtime alone.
# Each crate's one function calls the client, so the generic code it uses is compiled.
#
# Prints the clean build of each (every dependency included), then the build of what
# differs (the crates made of generated code, after `cargo clean -p`), fastest of ROUNDS
# alternating rounds, with their ratios. Usage: bash tests/user-build.sh [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
rounds=${1:-3}
scratch="$root/target/user-build"
rm -rf "$scratch"
mkdir -p "$scratch"

use_client='
/// Shares a record, so that the client code it needs is compiled.
pub async fn share(client: &Client, record: u64) -> Result<ShareRecordResult, ClientError> {
    let item = ShareItem::new().with_permission(Permission::ReadOnly);
    client.share_record(Module::Leads, RecordId::new(record)).share(item).send().await
}
'

make_crate() { # name, dependency lines, lib.rs head
    local dir="$scratch/$1"
    mkdir -p "$dir/src"
    # The feature the generated file gates its client behind, on as in the share crate.
    printf '[package]\nname = "%s"\nversion = "0.0.0"\nedition = "2024"\npublish = false\n\n[features]\ndefault = ["client"]\nclient = []\n\n[dependencies]\n%s\n\n[workspace]\n' \
        "$1" "$2" > "$dir/Cargo.toml"
    printf '%s\n%s' "$3" "$use_client" > "$dir/src/lib.rs"
    cp Cargo.lock "$dir/"
}

make_crate user-dependency \
    "zoho-share-records = { path = \"$root/generated\", features = [\"client\"] }" \
    '//! The share client as a dependency.
use zoho_share_records::*;'
make_crate user-vendored \
    "zoho-crm-runtime = { path = \"$root/runtime\", features = [\"client\"] }" \
    '//! The share client vendored: the generated file is a public module of this crate, as
//! it is of the share crate (so that all of it is compiled, not only what is used).
#[rustfmt::skip]
pub mod share_records;
use share_records::*;'
cp generated/src/share_records.rs "$scratch/user-vendored/src/share_records.rs"

# Seconds a command takes, to the millisecond.
seconds() {
    local start end
    start=$(date +%s.%N)
    if ! "$@" >"$scratch/last.log" 2>&1; then
        echo "failed: $*" >&2
        cat "$scratch/last.log" >&2
        exit 1
    fi
    end=$(date +%s.%N)
    echo "$end - $start" | bc
}

min() { printf '%s\n' "$@" | sort -g | head -1; }

build() { (cd "$scratch/$1" && CARGO_TARGET_DIR="$scratch/$1/target" cargo build --offline -q); }
own_crates() { # the crates made of generated code, cleaned then built
    local dir="$scratch/$1"
    shift
    (cd "$dir" && for crate in "$@"; do CARGO_TARGET_DIR="$dir/target" cargo clean -q --offline -p "$crate"; done)
    build "${dir##*/}"
}

clean() { rm -rf "$scratch/$1/target"; build "$1"; }

# The fastest of $rounds alternating rounds of two commands, and their ratio.
compare() { # title, printf format of a time, dependency command, vendored command
    local dep=() ven=() d v
    echo "$1, fastest of $rounds alternating rounds:"
    for _ in $(seq "$rounds"); do
        ven+=("$(seconds "$4")")
        dep+=("$(seconds "$3")")
    done
    d=$(min "${dep[@]}"); v=$(min "${ven[@]}")
    printf "  dependency $2 s   vendored $2 s   ratio %.3f\n" "$d" "$v" "$(echo "$d / $v" | bc -l)"
}

clean_dependency() { clean user-dependency; }
clean_vendored() { clean user-vendored; }
own_dependency() { own_crates user-dependency zoho-share-records user-dependency; }
own_vendored() { own_crates user-vendored user-vendored; }

compare "clean build (every dependency)" "%6.1f" clean_dependency clean_vendored
compare "the crates of generated code alone" "%6.2f" own_dependency own_vendored
