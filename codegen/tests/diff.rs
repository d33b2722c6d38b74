//! `diff`: every kind of change between two specs, marked breaking or additive, through
//! the library and the command line.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use zoho_crm_codegen::diff::{Area, Impact, Report, diff_texts};

fn repo_file(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(path)
}

fn read(path: &str) -> String {
    std::fs::read_to_string(repo_file(path)).unwrap()
}

fn minimal() -> String {
    read("tests/specs/minimal.yaml")
}

/// The share spec's edits below are made on a YAML value (`serde_yaml`), never on the
/// text, so that a spec re-laid by a YAML tool gives the same reports; the names they add
/// start with `ZzTestOnly`, which no real spec uses.
mod edit_value {
    use serde_yaml::Value;

    pub fn value(text: &str) -> Value {
        serde_yaml::from_str(text).unwrap_or_else(|err| panic!("not YAML: {err}"))
    }

    pub fn text(value: &Value) -> String {
        serde_yaml::to_string(value).unwrap_or_else(|err| panic!("cannot write YAML: {err}"))
    }

    pub fn yaml(literal: &str) -> Value {
        value(literal)
    }

    /// The sequence at `key` of a mapping, which must be there.
    pub fn sequence<'v>(value: &'v mut Value, key: &str) -> &'v mut Vec<Value> {
        value.get_mut(key).and_then(Value::as_sequence_mut).unwrap_or_else(|| panic!("no sequence `{key}`"))
    }

    /// The item of `items` whose `key` is `name`.
    pub fn item<'v>(items: &'v mut [Value], key: &str, name: &str) -> (usize, &'v mut Value) {
        let at = items
            .iter()
            .position(|item| item.get(key).and_then(Value::as_str) == Some(name))
            .unwrap_or_else(|| panic!("no item with {key} `{name}`"));
        (at, &mut items[at])
    }

    /// The rows of the first operation that lists error rows.
    pub fn first_rows(spec: &mut Value) -> &mut Vec<Value> {
        let operation = sequence(spec, "operations")
            .iter_mut()
            .find(|operation| operation.get("errors").and_then(Value::as_sequence).is_some())
            .expect("an operation with error rows");
        sequence(operation, "errors")
    }

    /// The spec laid out another way (block style, other quoting, no comments).
    pub fn relaid(text_of_spec: &str) -> String {
        text(&value(text_of_spec))
    }
}

/// `text` with `from` replaced by `to`, which must be there.
fn edit(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "the spec has no {from:?}");
    text.replacen(from, to, 1)
}

fn report(old: &str, new: &str) -> Report {
    diff_texts(old, "old.yaml", new, "new.yaml").unwrap_or_else(|err| panic!("{err}"))
}

/// Asserts that the report holds a change of this impact and area whose item contains
/// `item`, and returns its text.
fn has(report: &Report, impact: Impact, area: Area, item: &str) -> String {
    let found = report
        .changes
        .iter()
        .find(|change| change.impact == impact && change.area == area && change.item.contains(item));
    found.unwrap_or_else(|| panic!("no {impact} {area:?} change of {item:?} in:\n{report}")).to_string()
}

#[test]
fn the_same_spec_has_no_change() {
    let spec = read("spec/share_records.yaml");
    let report = report(&spec, &spec);
    assert!(report.changes.is_empty(), "{report}");
    assert!(!report.breaking);
    assert_eq!(report.to_string(), "no change users can see\n");
}

/// The share spec with a new error kind and a row of it, a new value of the enum
/// `Permission` and a new optional field of the model `ActionDetails`.
fn with_a_new_kind_an_enum_value_and_a_field(old: &str) -> String {
    use edit_value::{first_rows, item, sequence, text, value, yaml};
    let mut spec = value(old);
    let errors = spec.get_mut("errors").expect("errors");
    sequence(errors, "kinds").insert(0, yaml("{ name: ZzTestOnlyKind, doc: A kind added by a test. }"));
    first_rows(&mut spec).insert(
        0,
        yaml(
            "{ kind: ZzTestOnlyKind, code: ZZ_TEST_ONLY_CODE, status: 400, message: the zz test only message, \
             resolution: None., source: constructed }",
        ),
    );
    let (_, permission) = item(sequence(&mut spec, "enums"), "name", "Permission");
    let values = sequence(permission, "values");
    let (at, _) = item(values, "wire", "read_write");
    values.insert(at, yaml("{ wire: zz_test_only_value, doc: A value added by a test. }"));
    let (_, details) = item(sequence(&mut spec, "models"), "name", "ActionDetails");
    sequence(details, "fields")
        .push(yaml("{ name: zz_test_only_field, type: bool, required: false, doc: A field added by a test. }"));
    text(&spec)
}

/// The "done when": a new error row with a new kind, an enum value and a field.
#[test]
fn a_row_with_a_new_kind_an_enum_value_and_a_field_are_additive() {
    a_row_with_a_new_kind_an_enum_value_and_a_field_are_additive_in(&read("spec/share_records.yaml"));
}

/// The same on the spec laid out by a YAML tool: the test does not read the layout.
#[test]
fn a_row_with_a_new_kind_an_enum_value_and_a_field_are_additive_in_a_relaid_spec() {
    let relaid = edit_value::relaid(&read("spec/share_records.yaml"));
    assert!(report(&read("spec/share_records.yaml"), &relaid).changes.is_empty(), "same meaning");
    a_row_with_a_new_kind_an_enum_value_and_a_field_are_additive_in(&relaid);
}

fn a_row_with_a_new_kind_an_enum_value_and_a_field_are_additive_in(old: &str) {
    let new = with_a_new_kind_an_enum_value_and_a_field(old);
    let report = report(old, &new);
    assert!(!report.breaking, "{report}");
    has(&report, Impact::Additive, Area::ErrorKind, "error kind `ZzTestOnlyKind`");
    has(&report, Impact::Additive, Area::ErrorKind, "error code `ZZ_TEST_ONLY_CODE`");
    has(&report, Impact::Additive, Area::ErrorRow, "`ZZ_TEST_ONLY_CODE` 400 \"the zz test only message\"");
    has(&report, Impact::Additive, Area::EnumValue, "enum `Permission`, value `zz_test_only_value`");
    let field = has(&report, Impact::Additive, Area::Field, "model `ActionDetails`, field `zz_test_only_field`");
    assert!(field.ends_with("added (optional)"), "{field}");
    assert_eq!(report.changes.len(), 5, "{report}");
    assert!(report.to_string().ends_with("5 additive change(s): a minor release\n"), "{report}");
}

/// The spec with a kind `ZzTestOnlyKind` that shares the code `INVALID_DATA`, told apart
/// by "zz test only"; `first` puts it before the other kinds (so it is tried first).
fn with_a_kind_on_a_shared_code(old: &str, first: bool) -> String {
    use edit_value::{first_rows, sequence, text, value, yaml};
    let mut spec = value(old);
    let kind = yaml("{ name: ZzTestOnlyKind, match: zz test only, doc: A kind added by a test. }");
    let kinds = sequence(spec.get_mut("errors").expect("errors"), "kinds");
    if first {
        kinds.insert(0, kind);
    } else {
        kinds.push(kind);
    }
    first_rows(&mut spec).insert(
        0,
        yaml(
            "{ kind: ZzTestOnlyKind, code: INVALID_DATA, status: 400, message: the zz test only message, \
             resolution: None., source: constructed }",
        ),
    );
    text(&spec)
}

#[test]
fn a_new_kind_on_a_shared_code_is_additive_when_tried_after_the_others() {
    let old = read("spec/share_records.yaml");
    a_new_kind_on_a_shared_code_in(&old);
    a_new_kind_on_a_shared_code_in(&edit_value::relaid(&old));
}

fn a_new_kind_on_a_shared_code_in(old: &str) {
    let old = old.to_owned();
    let after = report(&old, &with_a_kind_on_a_shared_code(&old, false));
    assert!(!after.breaking, "only messages of the fallback can move, to a new variant:\n{after}");
    has(&after, Impact::Additive, Area::ErrorKind, "error code `INVALID_DATA`");
    let before = report(&old, &with_a_kind_on_a_shared_code(&old, true));
    assert!(before.breaking, "tried first, it takes messages from existing kinds:\n{before}");
    has(&before, Impact::Breaking, Area::ErrorKind, "error code `INVALID_DATA`");
}

#[test]
fn operations_added_and_removed() {
    let old = minimal();
    let operation = old.split("operations:\n").nth(1).unwrap();
    let new = format!("{old}{}", operation.replacen("get_thing", "get_other_thing", 1));
    let added = report(&old, &new);
    has(&added, Impact::Additive, Area::Operation, "operation `get_other_thing` (`GetOtherThing`)");
    assert!(!added.breaking);
    let removed = report(&new, &old);
    has(&removed, Impact::Breaking, Area::Operation, "operation `get_other_thing`");
    assert!(removed.breaking);
}

#[test]
fn parameters_optional_required_and_retyped() {
    let old = minimal();
    let optional = "      - { name: id, location: path, type: ThingId, doc: The thing. }\n      - { name: verbose, location: query, type: bool, required: false, doc: More. }\n";
    let with_optional = edit(&old, "      - { name: id, location: path, type: ThingId, doc: The thing. }\n", optional);
    has(&report(&old, &with_optional), Impact::Additive, Area::Parameter, "parameter `verbose`");
    let with_required = with_optional.replace("required: false, doc: More.", "doc: More.");
    let text = has(&report(&old, &with_required), Impact::Breaking, Area::Parameter, "parameter `verbose`");
    assert!(text.ends_with("added (required)"), "{text}");
    let text = has(&report(&with_optional, &with_required), Impact::Breaking, Area::Parameter, "parameter `verbose`");
    assert!(text.contains("required changed from false to true"), "{text}");
    let retyped = with_optional.replace("type: bool, required: false", "type: string, required: false");
    let text = has(&report(&with_optional, &retyped), Impact::Breaking, Area::Parameter, "parameter `verbose`");
    assert!(text.contains("type changed from \"bool\" to \"String\""), "{text}");
}

#[test]
fn fields_added_retyped_and_made_required() {
    let old = edit(
        &minimal(),
        "        doc: Its ID.\n",
        "        doc: Its ID.\n      - { name: label, type: string, required: false, doc: A label. }\n",
    );
    let base = minimal();
    has(&report(&base, &old), Impact::Additive, Area::Field, "model `Thing`, field `label`");
    has(&report(&old, &base), Impact::Breaking, Area::Field, "model `Thing`, field `label`");
    let required = old.replace("type: string, required: false, doc: A label.", "type: string, doc: A label.");
    let text = has(&report(&old, &required), Impact::Breaking, Area::Field, "field `label`");
    assert!(text.contains("presence changed from Optional to Required"), "{text}");
    let retyped = old.replace("type: string, required: false", "type: integer, required: false");
    has(&report(&old, &retyped), Impact::Breaking, Area::Field, "field `label`");
}

#[test]
fn enums_values_and_renamed_variants() {
    let old = edit(
        &minimal(),
        "models:\n",
        "enums:\n  - name: Colour\n    doc: A colour.\n    values:\n      - { wire: red, doc: Red. }\n      - { wire: blue, doc: Blue. }\nmodels:\n",
    );
    let added = old.replace(
        "      - { wire: blue, doc: Blue. }\n",
        "      - { wire: blue, doc: Blue. }\n      - { wire: green, doc: Green. }\n",
    );
    has(&report(&old, &added), Impact::Additive, Area::EnumValue, "value `green` (`Colour::Green`)");
    has(&report(&added, &old), Impact::Breaking, Area::EnumValue, "value `green`");
    let renamed = old.replace("{ wire: blue, doc: Blue. }", "{ wire: blue, name: Azure, doc: Blue. }");
    let text = has(&report(&old, &renamed), Impact::Breaking, Area::EnumValue, "value `blue`");
    assert!(text.contains("variant changed from \"Blue\" to \"Azure\""), "{text}");
    let without = minimal();
    has(&report(&old, &without), Impact::Breaking, Area::Enum, "enum `Colour`");
}

#[test]
fn error_kinds_rows_and_code_mappings() {
    let old = minimal();
    let kind = "    - name: NotFound\n      doc: There is no such thing.\n";
    let new = edit(&old, kind, &format!("{kind}    - name: Gone\n      doc: It was deleted.\n      retryable: true\n"));
    has(&report(&old, &new), Impact::Additive, Area::ErrorKind, "error kind `Gone`");
    has(&report(&new, &old), Impact::Breaking, Area::ErrorKind, "error kind `Gone`");
    let row = "      - { kind: Gone, code: GONE, status: 410, message: deleted, resolution: Stop. }\n";
    let with_row = format!("{new}{row}");
    has(&report(&new, &with_row), Impact::Additive, Area::ErrorRow, "`GONE` 410");
    has(&report(&with_row, &new), Impact::Breaking, Area::ErrorRow, "`GONE` 410");
    let remapped = with_row.replace("kind: Gone, code: GONE", "kind: NotFound, code: GONE");
    let text = has(&report(&with_row, &remapped), Impact::Breaking, Area::ErrorKind, "error code `GONE`");
    assert!(text.contains("was `Gone` otherwise; now `NotFound` otherwise"), "{text}");
    let not_retryable = new.replace("      retryable: true\n", "");
    has(&report(&new, &not_retryable), Impact::Breaking, Area::ErrorKind, "error kind `Gone`");
}

#[test]
fn a_corrected_message_is_one_change_not_a_row_removed_and_added() {
    let old = minimal();
    let kind = "    - name: NotFound\n      doc: There is no such thing.\n";
    let with_kind = edit(&old, kind, &format!("{kind}    - name: Gone\n      doc: It was deleted.\n"));
    let row = |message: &str| {
        format!("      - {{ kind: Gone, code: GONE, status: 410, message: {message}, resolution: Stop. }}\n")
    };
    let before = format!("{with_kind}{}", row("the record was deleted"));
    let after = format!("{with_kind}{}", row("the record was deleted earlier"));
    let report = report(&before, &after);
    let text = has(&report, Impact::Additive, Area::ErrorRow, "`GONE` 410");
    assert!(
        text.contains("message changed from \"the record was deleted\" to \"the record was deleted earlier\""),
        "{text}"
    );
    assert!(!report.breaking, "{report}");
    assert_eq!(report.changes.len(), 1, "{report}");

    // Two rows of one kind, code and status both reworded: which became which is not
    // known, so each old one is removed and each new one added.
    let two = |first: &str, second: &str| format!("{with_kind}{}{}", row(first), row(second));
    let report = crate::report(&two("one", "two"), &two("uno", "dos"));
    assert!(report.breaking, "{report}");
    assert_eq!(report.changes.len(), 4, "{report}");
}

#[test]
fn reading_one_object_as_a_list_is_additive_and_dropping_it_breaking() {
    let old = minimal();
    let field = "      - name: id\n        type: ThingId\n        doc: Its ID.\n";
    let with_list = edit(
        &old,
        field,
        &format!(
            "{field}      - name: tags\n        type: list<string>\n        default: true\n        doc: Its tags.\n"
        ),
    );
    let tolerant = edit(&with_list, "        doc: Its tags.\n", "        doc: Its tags.\n        one_or_list: true\n");
    let text = has(&report(&with_list, &tolerant), Impact::Additive, Area::Field, "field `tags`");
    assert!(text.contains("now reads one object as a list of one"), "{text}");
    has(&report(&tolerant, &with_list), Impact::Breaking, Area::Field, "field `tags`");
}

#[test]
fn versions_scopes_and_modules() {
    let old = minimal();
    let versions = edit(&old, "  - name: v1\n", "  - name: v1\n  - name: v2\n");
    has(&report(&old, &versions), Impact::Additive, Area::Version, "version `v2` (`Version::V2`)");
    has(&report(&versions, &old), Impact::Breaking, Area::Version, "version `v2`");
    let default = versions.replace("default_version: v1", "default_version: v2");
    has(&report(&versions, &default), Impact::Breaking, Area::Version, "the default version");

    let write = "    - name: READ\n      doc: Read things.\n    - name: WRITE\n      doc: Write things.\n";
    let types = edit(&old, "    - name: READ\n      doc: Read things.\n", write);
    has(&report(&old, &types), Impact::Additive, Area::Scope, "scope operation type `WRITE`");
    let both = types.replace("scopes: [READ]", "scopes: [READ, WRITE]");
    has(&report(&types, &both), Impact::Additive, Area::Scope, "operation `get_thing`, scope operation type `Write`");
    has(&report(&both, &types), Impact::Breaking, Area::Scope, "operation `get_thing`, scope operation type `Write`");

    let module = "    - { api_name: Things, display_name: Things, scope_name: things }\n";
    let modules = edit(
        &old,
        module,
        &format!("{module}    - {{ api_name: Widgets, display_name: Widgets, scope_name: widgets }}\n"),
    );
    has(&report(&old, &modules), Impact::Additive, Area::Module, "module `Widgets`");
    has(&report(&modules, &old), Impact::Breaking, Area::Module, "module `Widgets`");
}

#[test]
fn answers_statuses_and_types() {
    let old = minimal();
    let statuses = edit(&old, "      statuses: [200]\n", "      statuses: [200, 203]\n");
    let text = has(&report(&old, &statuses), Impact::Additive, Area::Answer, "operation `get_thing`, answer");
    assert!(text.ends_with("status 203 now a success"), "{text}");
    has(&report(&statuses, &old), Impact::Breaking, Area::Answer, "operation `get_thing`, answer");
    let several = edit(
        &old,
        "    response:\n      model: Thing\n      statuses: [200]\n",
        "    responses:\n      - { statuses: [200], model: Thing }\n      - { statuses: [204], empty: true }\n",
    );
    let text = has(&report(&old, &several), Impact::Breaking, Area::Answer, "operation `get_thing`");
    assert!(text.contains("the answer type changed from model `Thing` to enum"), "{text}");
}

fn cli(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_zoho-crm-codegen")).args(args).current_dir(dir).output().expect("the CLI runs")
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("zoho-crm-codegen-diff-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn the_command_exits_0_1_or_2_and_prints_json() {
    let dir = scratch("cli");
    let old = minimal();
    let new = edit(&old, "  - name: v1\n", "  - name: v1\n  - name: v2\n");
    std::fs::write(dir.join("old.yaml"), &old).unwrap();
    std::fs::write(dir.join("new.yaml"), &new).unwrap();

    let additive = cli(&["diff", "old.yaml", "new.yaml"], &dir);
    assert_eq!(additive.status.code(), Some(0), "{additive:?}");
    let stdout = String::from_utf8_lossy(&additive.stdout);
    assert!(stdout.starts_with("additive: version `v2` (`Version::V2`): added\n"), "{stdout}");

    let breaking = cli(&["diff", "new.yaml", "old.yaml", "--json"], &dir);
    assert_eq!(breaking.status.code(), Some(1), "{breaking:?}");
    let json: serde_json::Value = serde_json::from_slice(&breaking.stdout).unwrap();
    assert_eq!(json["breaking"], true);
    assert_eq!(json["changes"][0]["impact"], "breaking");
    assert_eq!(json["changes"][0]["area"], "version");
    assert_eq!(json["changes"][0]["change"], "removed");

    assert_eq!(cli(&["diff", "old.yaml", "missing.yaml"], &dir).status.code(), Some(2));
    assert_eq!(cli(&["diff", "old.yaml"], &dir).status.code(), Some(2), "one spec needs --base");
    std::fs::write(dir.join("bad.yaml"), "name: [").unwrap();
    let invalid = cli(&["diff", "old.yaml", "bad.yaml"], &dir);
    assert_eq!(invalid.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&invalid.stderr).contains("the new spec is invalid"), "{invalid:?}");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn base_reads_the_old_spec_from_git() {
    let dir = scratch("git");
    let git = |args: &[&str]| {
        let output = Command::new("git").args(args).current_dir(&dir).output().expect("git runs");
        assert!(output.status.success(), "git {args:?}: {output:?}");
    };
    git(&["init", "-q"]);
    std::fs::create_dir_all(dir.join("spec")).unwrap();
    std::fs::write(dir.join("spec/api.yaml"), minimal()).unwrap();
    git(&["add", "."]);
    git(&["-c", "user.name=Test", "-c", "user.email=test@example.com", "commit", "-qm", "spec"]);
    let new = edit(&minimal(), "  - name: v1\n", "  - name: v1\n  - name: v2\n");
    std::fs::write(dir.join("spec/api.yaml"), new).unwrap();

    let output = cli(&["diff", "--base", "HEAD", "spec/api.yaml"], &dir);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    assert!(String::from_utf8_lossy(&output.stdout).contains("additive: version `v2`"), "{output:?}");
    let unknown = cli(&["diff", "--base", "no-such-rev", "spec/api.yaml"], &dir);
    assert_eq!(unknown.status.code(), Some(2), "{unknown:?}");
    assert_eq!(cli(&["diff", "--base", "HEAD", "a.yaml", "b.yaml"], &dir).status.code(), Some(2));
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_new_path_is_additive_a_new_method_breaking() {
    let old = minimal();
    let moved = edit(&old, "path: \"/{module}/{id}\"", "path: \"/{module}/things/{id}\"");
    let text = has(&report(&old, &moved), Impact::Additive, Area::Operation, "operation `get_thing`");
    assert!(text.ends_with("path changed from \"/{module}/{id}\" to \"/{module}/things/{id}\""), "{text}");
    let method = edit(&old, "method: GET", "method: POST");
    has(&report(&old, &method), Impact::Breaking, Area::Operation, "operation `get_thing`");
}

#[test]
fn a_required_field_is_breaking_in_a_request_model_only() {
    let old = read("spec/tags.yaml");
    let doc = "        doc: The tag's name (at most 25 characters, per the OAS).\n";
    let request =
        edit(&old, doc, &format!("{doc}      - name: owner\n        type: UserId\n        doc: Who owns it.\n"));
    let text = has(&report(&old, &request), Impact::Breaking, Area::Field, "model `NewTag`, field `owner`");
    assert!(text.ends_with("added, required in a request model"), "{text}");
    let model = "  - name: RecordCount\n    doc: How many records carry a tag.\n    fields:\n";
    let answer =
        edit(&old, model, &format!("{model}      - name: total\n        type: integer\n        doc: All records.\n"));
    let report = report(&old, &answer);
    let text = has(&report, Impact::Additive, Area::Field, "model `RecordCount`, field `total`");
    assert!(text.ends_with("added (required)"), "{text}");
}

/// Scopes held together, pagination and list limits of `tests/specs/notes.yaml`.
#[test]
fn scope_sets_pagination_and_list_limits_are_compared() {
    let old = read("tests/specs/notes.yaml");
    let fewer = edit(&old, "max_items: 100,", "max_items: 10,");
    let tighter = report(&old, &fewer);
    let text = has(&tighter, Impact::Breaking, Area::Parameter, "parameter `ids`");
    assert!(text.contains("at most 100 items") && text.contains("at most 10 items"), "{text}");
    assert!(!has(&report(&fewer, &old), Impact::Additive, Area::Parameter, "parameter `ids`").is_empty());

    let more_scopes = edit(
        &old,
        "      - [\"ZohoCRM.modules.{module_name}.READ\", \"ZohoCRM.modules.{module_name}.ALL\"]\n",
        "      - [\"ZohoCRM.modules.{module_name}.READ\", \"ZohoCRM.modules.{module_name}.ALL\"]\n      - [ZohoCRM.org.READ]\n",
    );
    let added = report(&old, &more_scopes);
    has(&added, Impact::Breaking, Area::Scope, "scopes held together `ZohoCRM.org.READ`");
    has(&report(&more_scopes, &old), Impact::Additive, Area::Scope, "scopes held together `ZohoCRM.org.READ`");

    let unpaged = edit(
        &old,
        "    pagination:\n      page: page\n      per_page: per_page\n",
        "    zz_test_only:\n      page: page\n      per_page: per_page\n",
    );
    let unpaged = edit(
        &unpaged,
        "    zz_test_only:\n      page: page\n      per_page: per_page\n      items: data\n      info: info\n",
        "",
    );
    let removed = report(&old, &unpaged);
    has(&removed, Impact::Breaking, Area::Operation, "operation `get_notes`, pagination");
    has(&report(&unpaged, &old), Impact::Additive, Area::Operation, "operation `get_notes`, pagination");
    let by_token = edit(&old, "      page: page\n      page_token: page_token\n", "      page_token: page_token\n");
    has(&report(&old, &by_token), Impact::Breaking, Area::Operation, "operation `get_related_notes`");
}

#[test]
fn file_size_limits_are_compared() {
    let old = read("tests/specs/files.yaml");
    let smaller = edit(&old, "max_bytes: 10485760,", "max_bytes: 5242880,");
    let text = has(&report(&old, &smaller), Impact::Breaking, Area::Parameter, "operation `upload_record_photo`");
    assert!(
        text.contains("file size limit") && text.contains("10485760 bytes") && text.contains("5242880 bytes"),
        "{text}"
    );
    has(&report(&smaller, &old), Impact::Additive, Area::Parameter, "operation `upload_record_photo`");
    let unlimited = edit(&old, "max_bytes: 10485760, ", "");
    has(&report(&unlimited, &old), Impact::Breaking, Area::Parameter, "operation `upload_record_photo`");
    has(&report(&old, &unlimited), Impact::Additive, Area::Parameter, "operation `upload_record_photo`");
}
