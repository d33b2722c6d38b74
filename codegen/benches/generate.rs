//! What generation costs over its floor, and how it grows with the spec, as ratios
//! measured in the same run (so the machine's speed cancels out).
//!
//! ```text
//! cargo bench -p zoho-crm-codegen --bench generate
//! ```
//!
//! - **Floor**: the generator's last step, `syn::parse_file` and `prettyplease::unparse` of
//!   the same output, is a lower bound for any generator that formats with prettyplease;
//!   the ratio `generate / floor` says how much reading, resolving and emitting add.
//! - **Growth in operations**: a synthetic spec of `n` operations (each with its own models,
//!   enum, ID and error kinds) at 10 and 1,000 operations; linear generation keeps the time
//!   per operation flat, so the ratio of the two per-operation times stays near 1.
//! - **Growth in types**: the share spec with its IDs, enums, models and common error rows
//!   (with their kinds) copied 10 and 100 times over. Linear generation takes at most 10×
//!   and 100× the time of the spec as it is (less, as the operations are not copied); the
//!   cost of one more type, measured between 1× and 10× and between 1× and 100×, stays
//!   flat.
//!
//! - **Where the time goes** on the share spec: reading and resolving (`load_within`, of
//!   which the YAML reader alone is measured too) against emitting and formatting (the
//!   rest of `generate`), beside the floor's own split between lexing the text and parsing
//!   and printing it. A small spec's ratio is bounded by its fixed costs: whatever reading,
//!   resolving and emitting cost beyond the floor's lexing shows up in full.
//!
//! Each case runs in rounds and reports medians.

use std::hint::black_box;
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use zoho_crm_codegen::{Limits, Settings, generate};

const ROUNDS: usize = 11;

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

/// The median time of `work` over `ROUNDS` runs of `iterations`.
fn time(iterations: u32, mut work: impl FnMut()) -> Duration {
    let times = (0..ROUNDS)
        .map(|_| {
            let started = Instant::now();
            for _ in 0..iterations {
                work();
            }
            started.elapsed() / iterations
        })
        .collect();
    median(times)
}

/// Settings whose limits admit the synthetic spec of 1,000 operations (2,001 models and
/// some 40 MiB of YAML), past the defaults.
fn settings() -> Settings {
    let mut limits = Limits::default();
    limits.max_bytes = 256 << 20;
    limits.max_models = 10_000;
    limits.max_nodes = 10_000_000;
    limits.max_items = 100_000;
    limits.max_enum_values = 100_000;
    Settings::default().with_limits(limits)
}

fn generated(text: &str) -> String {
    match generate(text, "bench.yaml", &settings()) {
        Ok(generated) => generated.code,
        Err(err) => panic!("the bench spec does not generate:\n{err}"),
    }
}

/// The floor: parsing and printing the output once more.
fn floor(code: &str) -> String {
    match syn::parse_file(code) {
        Ok(file) => prettyplease::unparse(&file),
        Err(err) => panic!("generated code does not parse: {err}"),
    }
}

fn against_floor(name: &str, text: &str, iterations: u32) {
    let code = generated(text);
    let ours = time(iterations, || {
        black_box(generated(black_box(text)));
    });
    let theirs = time(iterations, || {
        black_box(floor(black_box(&code)));
    });
    println!(
        "{name:<40} generate {ours:>10.2?}  floor {theirs:>10.2?}  ratio {:.2}x  ({} lines)",
        ours.as_secs_f64() / theirs.as_secs_f64(),
        code.lines().count()
    );
}

/// Splits the share spec's generation into its stages and the floor into its own, each
/// as a share of the floor.
fn where_the_time_goes(name: &str, text: &str, iterations: u32) {
    let code = generated(text);
    let limits = settings().limits().clone();
    let whole = time(iterations, || {
        black_box(generated(black_box(text)));
    });
    let yaml = time(iterations, || {
        let spec: zoho_crm_codegen::read::spec::Spec = serde_yaml::from_str(black_box(text)).expect("the spec is YAML");
        black_box(spec);
    });
    let loaded = time(iterations, || {
        black_box(zoho_crm_codegen::load_within(black_box(text), "bench.yaml", &limits).expect("the spec loads"));
    });
    let floor_whole = time(iterations, || {
        black_box(floor(black_box(&code)));
    });
    // The floor hands its tokens to the parser, which consumes them: lexing is timed
    // without dropping them.
    let lexed = median(
        (0..ROUNDS)
            .map(|_| {
                let mut kept = Vec::with_capacity(iterations as usize);
                let started = Instant::now();
                for _ in 0..iterations {
                    kept.push(black_box(code.as_str()).parse::<proc_macro2::TokenStream>().expect("the output lexes"));
                }
                started.elapsed() / iterations
            })
            .collect(),
    );
    let share = |part: Duration| part.as_secs_f64() / floor_whole.as_secs_f64();
    let parsed_and_printed = floor_whole.saturating_sub(lexed);
    // Everything generation does besides parsing and printing: reading, resolving,
    // emitting, and what formatting piece by piece adds.
    let besides = whole.saturating_sub(parsed_and_printed);
    println!(
        "{name:<40} floor {floor_whole:>9.2?} = lex {lexed:.2?} ({:.2}) + parse and print {parsed_and_printed:.2?} ({:.2})",
        share(lexed),
        share(parsed_and_printed)
    );
    println!(
        "{name:<40} generate {whole:>9.2?}: besides parsing and printing {besides:.2?} ({:.2} of the floor), of which read + resolve {loaded:.2?} ({:.2}; the YAML reader alone {yaml:.2?}, {:.2})",
        share(besides),
        share(loaded),
        share(yaml)
    );
    println!(
        "{name:<40} a ratio of 1.15x leaves {:.2} of the floor besides parsing and printing; generation takes {:.2}",
        1.15 - share(parsed_and_printed),
        share(besides)
    );
}

/// A spec of `operations` operations, each with a model for its body and answer, an enum,
/// an ID type, a query parameter, a header parameter and two error kinds of its own.
fn synthetic_spec(operations: usize) -> String {
    let mut ids = Vec::new();
    let mut enums = Vec::new();
    let mut models = vec![json!({"name": "Problem", "doc": "Error details.", "fields": []})];
    let mut kinds = Vec::new();
    let mut ops = Vec::new();
    for n in 0..operations {
        ids.push(json!({"name": format!("ThingId{n}"), "doc": "An ID."}));
        enums.push(json!({"name": format!("Colour{n}"), "doc": "A colour.", "values": [
            {"wire": "red", "doc": "Red."}, {"wire": "green", "doc": "Green."}, {"wire": "blue", "doc": "Blue."}]}));
        models.push(json!({"name": format!("Thing{n}"), "doc": "A thing.", "fields": [
            {"name": "id", "type": format!("ThingId{n}"), "doc": "Its ID."},
            {"name": "colour", "type": format!("Colour{n}"), "required": false, "doc": "Its colour."},
            {"name": "tags", "type": "list<string>", "default": true, "max_items": 10, "doc": "Its tags."},
            {"name": "updated", "type": "datetime", "required": false, "doc": "When it changed."}]}));
        models.push(json!({"name": format!("Things{n}"), "doc": "Things.", "fields": [
            {"name": "data", "type": format!("list<Thing{n}>"), "min_items": 1, "doc": "The things."}]}));
        for kind in ["Missing", "Locked"] {
            kinds.push(json!({"name": format!("{kind}{n}"), "doc": "An error."}));
        }
        ops.push(json!({
            "name": format!("update_things_{n}"), "doc": "Updates things.", "method": "PUT",
            "path": format!("/{{module}}/things{n}/{{id}}"), "scopes": ["UPDATE"], "idempotent": true,
            "params": [
                {"name": "module", "location": "path", "type": "module", "doc": "The module."},
                {"name": "id", "location": "path", "type": format!("ThingId{n}"), "doc": "The thing."},
                {"name": "colour", "location": "query", "type": format!("Colour{n}"), "required": false, "doc": "A colour."},
                {"name": "org", "wire": "X-CRM-ORG", "location": "header", "type": "string", "required": false, "doc": "The org."}],
            "body": format!("Things{n}"),
            "response": {"model": format!("Things{n}"), "statuses": [200]},
            "errors": [
                {"kind": format!("Missing{n}"), "code": format!("MISSING_{n}"), "status": 404, "message": "missing", "resolution": "Check."},
                {"kind": format!("Locked{n}"), "code": format!("LOCKED_{n}"), "status": 423, "message": "locked", "resolution": "Wait."}],
        }));
    }
    let spec: Value = json!({
        "name": "Synthetic", "doc": "A spec for measuring.", "base_url": "{api-domain}/crm/{version}",
        "auth": {"header": "Authorization", "scheme": "Zoho-oauthtoken"},
        "versions": [{"name": "v8"}], "default_version": "v8",
        "scopes": {"template": "ZohoCRM.modules.{module_name}.{operation_type}", "operation_types": [{"name": "UPDATE", "doc": "Update."}]},
        "modules": {"supported": [{"api_name": "Leads", "display_name": "Leads", "scope_name": "leads"}]},
        "data_centres": [{"name": "US", "api_domain": "https://www.zohoapis.com", "accounts_domain": "https://accounts.zoho.com"}],
        "ids": ids, "enums": enums, "models": models,
        "errors": {"format": {"code": "code", "message": "message", "details": "details", "status": "status", "error_value": "error", "details_model": "Problem"}, "kinds": kinds, "common": []},
        "operations": ops,
    });
    serde_json::to_string_pretty(&spec).unwrap_or_default()
}

/// The share spec with its IDs, enums, models and common error rows (with their kinds)
/// there `copies` times: each copy renamed (`Sharee` → `ShareeCopy2`), its type
/// references renamed with it, its error codes made its own.
fn multiplied_spec(text: &str, copies: usize) -> String {
    use serde_yaml::{Mapping, Value as Yaml};
    let mut spec: Mapping = serde_yaml::from_str(text).expect("the share spec is YAML");
    let list = |spec: &Mapping, key: &str| -> Vec<Yaml> {
        spec.get(key).and_then(Yaml::as_sequence).cloned().unwrap_or_default()
    };
    let named = |items: &[Yaml]| -> Vec<String> {
        items.iter().filter_map(|item| item.get("name")?.as_str().map(str::to_owned)).collect()
    };
    let (ids, enums, models) = (list(&spec, "ids"), list(&spec, "enums"), list(&spec, "models"));
    let type_names: Vec<String> = [named(&ids), named(&enums), named(&models)].concat();
    let errors = spec.get("errors").and_then(Yaml::as_mapping).cloned().expect("errors");
    let kinds: Vec<Yaml> = errors.get("kinds").and_then(Yaml::as_sequence).cloned().unwrap_or_default();
    let common: Vec<Yaml> = errors.get("common").and_then(Yaml::as_sequence).cloned().unwrap_or_default();
    let common_kinds: Vec<String> =
        common.iter().filter_map(|row| row.get("kind")?.as_str().map(str::to_owned)).collect();
    // Renames every name of `names` in a type expression such as `list<Sharee>`.
    let rename = |text: &str, names: &[String], suffix: &str| -> String {
        let mut out = String::new();
        let mut word = String::new();
        for ch in text.chars().chain(std::iter::once(' ')) {
            if ch.is_alphanumeric() || ch == '_' {
                word.push(ch);
                continue;
            }
            if names.contains(&word) {
                word.push_str(suffix);
            }
            out.push_str(&word);
            word.clear();
            out.push(ch);
        }
        out.pop();
        out
    };
    let copy_of = |item: &Yaml, suffix: &str| -> Yaml {
        let mut item = item.clone();
        if let Some(name) = item.get("name").and_then(Yaml::as_str).map(|name| format!("{name}{suffix}")) {
            item["name"] = Yaml::from(name);
        }
        if let Some(fields) = item.get_mut("fields").and_then(Yaml::as_sequence_mut) {
            for field in fields {
                if let Some(ty) = field.get("type").and_then(Yaml::as_str).map(|ty| rename(ty, &type_names, suffix)) {
                    field["type"] = Yaml::from(ty);
                }
            }
        }
        item
    };
    let (mut all_ids, mut all_enums, mut all_models) = (ids.clone(), enums.clone(), models.clone());
    let (mut all_kinds, mut all_common) = (kinds.clone(), common.clone());
    for copy in 2..=copies {
        let suffix = format!("Copy{copy}");
        all_ids.extend(ids.iter().map(|item| copy_of(item, &suffix)));
        all_enums.extend(enums.iter().map(|item| copy_of(item, &suffix)));
        all_models.extend(models.iter().map(|item| copy_of(item, &suffix)));
        for kind in kinds.iter().filter(|kind| {
            kind.get("name").and_then(Yaml::as_str).is_some_and(|name| common_kinds.iter().any(|k| k == name))
        }) {
            all_kinds.push(copy_of(kind, &suffix));
        }
        for row in &common {
            let mut row = row.clone();
            let kind = row.get("kind").and_then(Yaml::as_str).map(|kind| format!("{kind}{suffix}"));
            let code = row.get("code").and_then(Yaml::as_str).map(|code| format!("{code}_COPY{copy}"));
            row["kind"] = Yaml::from(kind.expect("a common row names its kind"));
            row["code"] = Yaml::from(code.expect("a common row has a code"));
            all_common.push(row);
        }
    }
    spec.insert("ids".into(), Yaml::Sequence(all_ids));
    spec.insert("enums".into(), Yaml::Sequence(all_enums));
    spec.insert("models".into(), Yaml::Sequence(all_models));
    let mut errors = errors;
    errors.insert("kinds".into(), Yaml::Sequence(all_kinds));
    errors.insert("common".into(), Yaml::Sequence(all_common));
    spec.insert("errors".into(), Yaml::Mapping(errors));
    serde_yaml::to_string(&spec).expect("the spec as YAML")
}

/// How generation grows with the number of types: 10× and 100× the share spec's types.
fn growth_in_types(share: &str) {
    let times: Vec<(usize, Duration)> = [1, 10, 100]
        .into_iter()
        .map(|copies| {
            let text = multiplied_spec(share, copies);
            let iterations = if copies == 100 { 1 } else { 5 };
            (
                copies,
                time(iterations, || {
                    black_box(generated(black_box(&text)));
                }),
            )
        })
        .collect();
    let base = times[0].1.as_secs_f64();
    let per_type = |copies: usize, at: Duration| (at.as_secs_f64() - base) / (copies - 1) as f64;
    for &(copies, at) in &times[1..] {
        println!(
            "{:<40} {copies:>3}x the types: {at:>10.2?}, {:.1}x the time of 1x (at most {copies}x is linear)",
            "growth in types",
            at.as_secs_f64() / base
        );
    }
    let (ten, hundred) = (per_type(10, times[1].1), per_type(100, times[2].1));
    println!(
        "{:<40} cost of one more copy: {:.2?} up to 10x, {:.2?} up to 100x, growth {:.2}x (1.00 is linear)",
        "growth in types",
        Duration::from_secs_f64(ten),
        Duration::from_secs_f64(hundred),
        hundred / ten
    );
}

fn main() {
    let share = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/share_records.yaml"))
        .expect("the share spec");
    against_floor("share records spec", &share, 5);
    where_the_time_goes("share records spec", &share, 5);
    growth_in_types(&share);
    let large = synthetic_spec(1_000);
    against_floor("synthetic spec, 1,000 operations", &large, 1);

    let small = synthetic_spec(10);
    let per_operation_small = time(5, || {
        black_box(generated(black_box(&small)));
    }) / 10;
    let per_operation_large = time(1, || {
        black_box(generated(black_box(&large)));
    }) / 1_000;
    println!(
        "{:<40} per operation at 10 {per_operation_small:>9.2?}  at 1,000 {per_operation_large:>9.2?}  growth {:.2}x (1.00 is linear)",
        "growth",
        per_operation_large.as_secs_f64() / per_operation_small.as_secs_f64()
    );
}
