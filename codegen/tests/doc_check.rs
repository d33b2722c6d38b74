//! `doc-check`: the seed pages of Zoho's documentation against the spec. Each kind of fact,
//! removed from a copy of the spec or changed on a copy of a page, is reported at its line.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use zoho_crm_codegen::doc_check::{FactKind, Finding, apply_suggestions, check_page, read_page};
use zoho_crm_codegen::read::spec::{ErrorGroup, Operation, Spec};

/// The page of "Revoke Shared Records".
const REVOKE_PAGE: &str = "000_157f1ac2c4614c15.txt";
/// The page of "Get shared record details".
const GET_PAGE: &str = "001_31c1969578b9b2ef.txt";

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn spec_path() -> PathBuf {
    root().join("spec/share_records.yaml")
}

fn page_path(name: &str) -> PathBuf {
    root().join("tests/doc-pages").join(name)
}

fn spec() -> Spec {
    let text = std::fs::read_to_string(spec_path()).unwrap();
    match zoho_crm_codegen::load(&text, "share_records.yaml") {
        Ok((spec, _)) => spec,
        Err(problems) => panic!("{problems}"),
    }
}

fn page(name: &str) -> String {
    std::fs::read_to_string(page_path(name)).unwrap()
}

/// The 1-based line of the first line of `page` that contains `needle`.
fn line_of(page: &str, needle: &str) -> usize {
    page.lines().position(|line| line.contains(needle)).unwrap_or_else(|| panic!("the page has no {needle:?}")) + 1
}

fn operation<'s>(spec: &'s mut Spec, name: &str) -> &'s mut Operation {
    spec.operations.iter_mut().find(|operation| operation.name.as_deref() == Some(name)).unwrap()
}

/// Asserts that `findings` has one of `kind` at `line`.
fn assert_reported(findings: &[Finding], kind: FactKind, line: usize) {
    assert!(
        findings.iter().any(|finding| finding.kind == kind && finding.line == line),
        "expected a {kind} finding at line {line}, got:\n{}",
        findings.iter().map(|finding| format!("{}: {finding}", finding.line)).collect::<Vec<_>>().join("\n")
    );
}

/// Changes `from` to `to` on a copy of the page and checks it against the spec.
fn changed_page(name: &str, from: &str, to: &str) -> (Vec<Finding>, usize) {
    let text = page(name);
    let line = line_of(&text, from);
    let changed = text.replacen(from, to, 1);
    (check_page(&spec(), &changed), line)
}

#[test]
fn the_seed_pages_state_nothing_the_spec_lacks() {
    let spec = spec();
    for name in [REVOKE_PAGE, GET_PAGE] {
        let text = page(name);
        let read = read_page(&text);
        assert!(read.request_url.is_some() && read.method.is_some() && read.header.is_some(), "{name}");
        assert!(read.scope_template.is_some(), "{name}");
        for (what, count) in [
            ("modules", read.supported_modules.len()),
            ("module names", read.module_names.len()),
            ("operation types", read.operation_types.len()),
            ("sample URLs", read.sample_urls.len()),
            ("errors", read.errors.len()),
            ("answers", read.answers.len()),
        ] {
            assert!(count > 0, "{name}: no {what} read");
        }
        let findings = check_page(&spec, &text);
        assert!(findings.is_empty(), "{name}:\n{findings:#?}");
    }
    assert!(!read_page(&page(GET_PAGE)).params.is_empty());
}

#[test]
fn a_missing_or_changed_error_row_is_reported() {
    let text = page(REVOKE_PAGE);
    let mut without_row = spec();
    operation(&mut without_row, "revoke_shared_record").errors.retain(|row| row.code.as_deref() != Some("BAD_REQUEST"));
    assert_reported(&check_page(&without_row, &text), FactKind::ErrorRow, line_of(&text, "BAD_REQUESTHTTP 400"));

    let (findings, line) = changed_page(REVOKE_PAGE, "BAD_REQUESTHTTP 400", "BAD_REQUESTHTTP 409");
    assert_reported(&findings, FactKind::ErrorRow, line);
    let (findings, _) = changed_page(REVOKE_PAGE, "Permission denied to delete records", "Permission denied, sorry");
    assert_reported(&findings, FactKind::ErrorRow, line_of(&text, "NO_PERMISSIONHTTP 403"));
    let (findings, _) = changed_page(REVOKE_PAGE, "Contact support team.", "Wait a minute.");
    assert_reported(&findings, FactKind::ErrorRow, line_of(&text, "INTERNAL_ERRORHTTP 500"));
}

#[test]
fn rows_of_an_error_group_count_for_the_operations_naming_it() {
    let text = page(REVOKE_PAGE);
    let mut spec = spec();
    let revoke = operation(&mut spec, "revoke_shared_record");
    let mut rows = std::mem::take(&mut revoke.errors);
    revoke.error_groups = vec!["revoke_errors".to_owned()];
    // A row without a message comes with any of its group's messages.
    for row in rows.iter_mut().filter(|row| row.code.as_deref() == Some("NO_PERMISSION")) {
        row.message = None;
    }
    let group = ErrorGroup {
        name: Some("revoke_errors".to_owned()),
        messages: vec!["Permission denied".to_owned()],
        rows,
        ..ErrorGroup::default()
    };
    spec.errors.as_mut().unwrap().groups.push(group);
    let findings = check_page(&spec, &text);
    assert!(findings.iter().all(|finding| finding.kind != FactKind::ErrorRow), "{findings:#?}");
    let changed = text.replacen("Permission denied to delete records", "Permission denied, sorry", 1);
    let findings = check_page(&spec, &changed);
    assert!(findings.iter().all(|finding| finding.kind != FactKind::ErrorRow), "any message: {findings:#?}");

    operation(&mut spec, "revoke_shared_record").error_groups.clear();
    assert_reported(&check_page(&spec, &text), FactKind::ErrorRow, line_of(&text, "BAD_REQUESTHTTP 400"));
}

#[test]
fn modules_and_their_scope_names_are_checked() {
    let text = page(GET_PAGE);
    let mut without = spec();
    let modules = without.modules.as_mut().unwrap();
    modules.supported.retain(|module| module.display_name.as_deref() != Some("Price Books"));
    let findings = check_page(&without, &text);
    assert_reported(&findings, FactKind::Module, line_of(&text, "Price Books, Quotes"));
    assert_reported(&findings, FactKind::ScopeName, line_of(&text, "pricebooks, quotes"));

    let mut without_custom = spec();
    without_custom.modules.as_mut().unwrap().custom = None;
    assert_reported(&check_page(&without_custom, &text), FactKind::Module, line_of(&text, "Price Books, Quotes"));

    let (findings, line) = changed_page(GET_PAGE, "pricebooks, quotes", "pricebooks, estimates");
    assert_reported(&findings, FactKind::ScopeName, line);
}

#[test]
fn the_scope_template_and_operation_types_are_checked() {
    let text = page(REVOKE_PAGE);
    let mut without = spec();
    operation(&mut without, "revoke_shared_record").scopes.retain(|scope| scope != "DELETE");
    assert_reported(&check_page(&without, &text), FactKind::OperationType, line_of(&text, "DELETE - To revoke"));

    let (findings, line) = changed_page(REVOKE_PAGE, "DELETE - To revoke", "WRITE - To revoke");
    assert_reported(&findings, FactKind::OperationType, line);
    let (findings, line) = changed_page(REVOKE_PAGE, "scope=ZohoCRM.share.", "scope=ZohoCRM.sharing.");
    assert_reported(&findings, FactKind::ScopeTemplate, line);
}

#[test]
fn the_header_is_checked() {
    let (findings, line) = changed_page(GET_PAGE, "Authorization: Zoho-oauthtoken\u{a0}", "Authorization: Bearer ");
    assert_reported(&findings, FactKind::Header, line);
}

#[test]
fn parameters_and_their_values_are_checked() {
    let text = page(GET_PAGE);
    let mut without = spec();
    operation(&mut without, "get_shared_record_details")
        .params
        .retain(|param| param.wire.as_deref() != Some("sharedTo"));
    assert_reported(&check_page(&without, &text), FactKind::Parameter, line_of(&text, "sharedTostring"));

    let mut without_value = spec();
    let view = without_value.enums.iter_mut().find(|known| known.name.as_deref() == Some("View")).unwrap();
    view.values.retain(|value| value.wire.as_deref() != Some("summary"));
    assert_reported(&check_page(&without_value, &text), FactKind::ParameterValue, line_of(&text, "summary:Refer"));

    let (findings, line) = changed_page(GET_PAGE, "viewstring, optional", "viewstring, mandatory");
    assert_reported(&findings, FactKind::Parameter, line);
    let (findings, line) = changed_page(GET_PAGE, "summary:Refer", "detailed:Refer");
    assert_reported(&findings, FactKind::ParameterValue, line);
}

#[test]
fn the_operation_and_its_request_url_are_checked() {
    let text = page(GET_PAGE);
    let mut without = spec();
    operation(&mut without, "get_shared_record_details").method = Some("PATCH".to_owned());
    assert_reported(&check_page(&without, &text), FactKind::Operation, line_of(&text, "-X GET"));

    let (findings, line) = changed_page(GET_PAGE, "{version}/{module_api_name}", "{version}/{module}");
    assert_reported(&findings, FactKind::RequestUrl, line);
    let (findings, line) = changed_page(REVOKE_PAGE, "crm/v2/{module_api_name}", "crm/v9/{module_api_name}");
    assert_reported(&findings, FactKind::RequestUrl, line);
}

#[test]
fn sample_requests_are_checked() {
    let text = page(REVOKE_PAGE);
    let mut without = spec();
    let samples = operation(&mut without, "revoke_shared_record").samples.as_mut().unwrap();
    let url = "https://www.zohoapis.com/crm/v2/Contacts/4150868000001148212/actions/share";
    samples.requests.retain(|sample| sample.url.as_deref() != Some(url));
    assert_reported(&check_page(&without, &text), FactKind::SampleRequest, line_of(&text, "Copiedcurl"));

    let (findings, line) = changed_page(
        REVOKE_PAGE,
        "curl \"https://www.zohoapis.com/crm/v2/Contacts/4150868000001148212",
        "curl \"https://www.zohoapis.com/crm/v2/Contacts/1",
    );
    assert_reported(&findings, FactKind::SampleRequest, line);
    let (findings, line) = changed_page(
        GET_PAGE,
        "crm/v2.1/Contacts/4150868000001191072/actions/share?",
        "crm/v9/Contacts/4150868000001191072/actions/share?",
    );
    assert_reported(&findings, FactKind::SampleRequest, line);
}

#[test]
fn sample_answers_are_checked() {
    let text = page(REVOKE_PAGE);
    let mut without = spec();
    operation(&mut without, "revoke_shared_record").samples.as_mut().unwrap().responses.clear();
    let answer_line = line_of(&text, "Copied{");
    assert_reported(&check_page(&without, &text), FactKind::SampleAnswer, answer_line);

    let (findings, _) = changed_page(REVOKE_PAGE, "\"Sharing Revoked\"", "\"Sharing Removed\"");
    assert_reported(&findings, FactKind::SampleAnswer, answer_line);
    let (findings, _) = changed_page(REVOKE_PAGE, "\"status\": \"success\"", "\"status\": ");
    assert_reported(&findings, FactKind::SampleAnswer, answer_line);
}

fn cli(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_zoho-crm-codegen")).args(args).output().expect("the CLI runs")
}

#[test]
fn the_command_reports_each_finding_with_its_page_line_and_exits_one() {
    let spec = spec_path().display().to_string();
    let pages = [page_path(REVOKE_PAGE).display().to_string(), page_path(GET_PAGE).display().to_string()];
    let clean = cli(&["doc-check", &spec, &pages[0], &pages[1]]);
    assert_eq!(clean.status.code(), Some(0), "{}", String::from_utf8_lossy(&clean.stderr));
    assert!(clean.stdout.is_empty());

    let dir = std::env::temp_dir().join(format!("zoho-share-doc-check-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let changed = dir.join("revoke.txt");
    let text = page(REVOKE_PAGE);
    std::fs::write(&changed, text.replacen("BAD_REQUESTHTTP 400", "BAD_REQUESTHTTP 409", 1)).unwrap();
    let output = cli(&["doc-check", &spec, changed.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let report = String::from_utf8_lossy(&output.stdout);
    let expected = format!("{}:{}: error row: BAD_REQUEST 409", changed.display(), line_of(&text, "BAD_REQUESTHTTP"));
    assert!(report.starts_with(&expected), "{report}");

    let missing = cli(&["doc-check", &spec, dir.join("absent.txt").to_str().unwrap()]);
    assert_eq!(missing.status.code(), Some(2));
    assert_eq!(cli(&["doc-check", &spec]).status.code(), Some(2), "at least one page");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn mangled_pages_never_make_it_panic() {
    let spec = spec();
    for name in
        [REVOKE_PAGE, GET_PAGE, "010_v8_revoke_dash.txt", "021_v7_share_dash.txt", "tags/101_v7_add_tags_dash.txt"]
    {
        let text = page(name);
        let lines: Vec<&str> = text.lines().collect();
        for skipped in 0..lines.len() {
            let without: Vec<&str> =
                lines.iter().enumerate().filter(|(at, _)| *at != skipped).map(|(_, line)| *line).collect();
            check_page(&spec, &without.join("\n"));
        }
        for (cut, _) in text.char_indices().step_by(53) {
            check_page(&spec, &text[..cut]);
        }
    }
    for odd in [
        "",
        "•",
        "  • HTTP ",
        "  • XHTTP 4x",
        "Possible Errors\n  •",
        "Sample Response\nCopied{",
        "Parameters\n  • string,",
    ] {
        check_page(&spec, odd);
    }
}

/// One page of the measured corpus: the page, the spec it is checked against, and the
/// differences known between them (page line and kind).
struct KnownDifferences {
    page: PathBuf,
    spec: PathBuf,
    differences: Vec<(usize, FactKind)>,
}

/// Every `.txt` page under `dir`, recursively, in name order.
fn pages_under(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir).unwrap().map(|entry| entry.unwrap().path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            found.extend(pages_under(&path));
        } else if path.extension().is_some_and(|ext| ext == "txt") {
            found.push(path);
        }
    }
    found
}

/// The corpus: every page of `tests/doc-pages/` with the `.expected` file beside it.
fn corpus() -> Vec<KnownDifferences> {
    pages_under(&root().join("tests/doc-pages"))
        .into_iter()
        .map(|page| {
            let expected = page.with_extension("expected");
            let text = std::fs::read_to_string(&expected).unwrap_or_else(|err| {
                panic!("{}: every page needs its expected differences: {err}", expected.display())
            });
            let mut spec = None;
            let mut differences = Vec::new();
            for line in text.lines().filter(|line| !line.starts_with('#') && !line.trim().is_empty()) {
                if let Some(path) = line.strip_prefix("spec: ") {
                    spec = Some(root().join(path.trim()));
                    continue;
                }
                let mut fields = line.split('\t');
                let number: usize =
                    fields.next().and_then(|field| field.parse().ok()).unwrap_or_else(|| panic!("{line:?}"));
                let kind = fields.next().and_then(FactKind::from_name).unwrap_or_else(|| panic!("{line:?}"));
                differences.push((number, kind));
            }
            let spec = spec.unwrap_or_else(|| panic!("{}: no `spec:` line", expected.display()));
            KnownDifferences { page, spec, differences }
        })
        .collect()
}

fn load_spec(path: &Path) -> Spec {
    let text = std::fs::read_to_string(path).unwrap();
    match zoho_crm_codegen::load(&text, &path.display().to_string()) {
        Ok((spec, _)) => spec,
        Err(problems) => panic!("{problems}"),
    }
}

/// Recall and precision of doc-check on the corpus, computed from its expected-differences
/// files: a known difference is found when a finding of its kind is on its line; a
/// reported finding is true when a known difference of its kind is on its line.
#[test]
fn doc_check_finds_the_known_differences_of_the_corpus() {
    let corpus = corpus();
    let (mut known, mut found, mut reported, mut true_reports) = (0, 0, 0, 0);
    let mut report = String::new();
    for entry in &corpus {
        let text = std::fs::read_to_string(&entry.page).unwrap();
        let findings = check_page(&load_spec(&entry.spec), &text);
        let name = entry.page.strip_prefix(root()).unwrap_or(&entry.page).display().to_string();
        for (line, kind) in &entry.differences {
            known += 1;
            if findings.iter().any(|finding| finding.line == *line && finding.kind == *kind) {
                found += 1;
            } else {
                report.push_str(&format!("missed  {name}:{line}: {kind}\n"));
            }
        }
        for finding in &findings {
            reported += 1;
            if entry.differences.contains(&(finding.line, finding.kind)) {
                true_reports += 1;
            } else {
                report.push_str(&format!("false   {name}:{}: {finding}\n", finding.line));
            }
        }
    }
    let recall = found as f64 / known as f64;
    let precision = true_reports as f64 / reported as f64;
    println!(
        "doc-check on {} pages: {found} of {known} known differences found (recall {:.1}%), {true_reports} of {reported} reported findings true (precision {:.1}%)",
        corpus.len(),
        recall * 100.0,
        precision * 100.0
    );
    print!("{report}");
    // The corpus holds v8 pages in both bullet styles, and older pages.
    let texts: Vec<String> = corpus.iter().map(|entry| std::fs::read_to_string(&entry.page).unwrap()).collect();
    let v8_dash = texts
        .iter()
        .filter(|text| text.contains("/api/v8/") && text.lines().any(|line| line.starts_with("- ")))
        .count();
    let v8_bullet = texts.iter().filter(|text| text.contains("/api/v8/") && text.contains("  • ")).count();
    let older = texts.iter().filter(|text| !text.contains("/api/v8/")).count();
    assert!(
        v8_dash >= 3 && v8_bullet >= 2 && older >= 4,
        "{v8_dash} v8 pages with - bullets, {v8_bullet} with •, {older} older"
    );
    assert!(known >= 50, "a corpus of {known} known differences is too small to measure");
    assert!(recall >= 0.95, "recall {recall:.3} is under 95%:\n{report}");
    assert!(precision >= 0.95, "precision {precision:.3} is under 95%:\n{report}");
}

/// Every page of `tests/doc-pages/` (besides the edited copies, whose edits are the point)
/// states nothing the current specs lack, and each reads without a warning.
#[test]
fn every_page_is_clean_against_its_current_spec() {
    for entry in corpus() {
        if entry.page.components().any(|part| part.as_os_str() == "edited") {
            continue;
        }
        let spec_name = if entry.page.components().any(|part| part.as_os_str() == "tags") {
            "tags.yaml"
        } else {
            "share_records.yaml"
        };
        let spec = load_spec(&root().join("spec").join(spec_name));
        let findings = check_page(&spec, &std::fs::read_to_string(&entry.page).unwrap());
        assert!(findings.is_empty(), "{}:\n{findings:#?}", entry.page.display());
    }
}

/// `--suggest`'s items, added to the spec the page was measured against, make doc-check
/// clean on that page: what it suggests is what the spec needs.
#[test]
fn suggestions_pasted_into_the_spec_make_the_page_clean() {
    let mut checked = 0;
    for entry in corpus() {
        if entry.differences.is_empty() || entry.page.components().any(|part| part.as_os_str() == "edited") {
            continue;
        }
        let spec_text = std::fs::read_to_string(&entry.spec).unwrap();
        let page_text = std::fs::read_to_string(&entry.page).unwrap();
        let findings = check_page(&load_spec(&entry.spec), &page_text);
        let suggestions: Vec<_> = findings.iter().flat_map(|finding| finding.suggestions.clone()).collect();
        assert!(
            findings.iter().all(|finding| !finding.suggestions.is_empty()),
            "{}: {findings:#?}",
            entry.page.display()
        );
        let pasted = apply_suggestions(&spec_text, &suggestions).unwrap();
        let spec = match zoho_crm_codegen::load(&pasted, "pasted.yaml") {
            Ok((spec, _)) => spec,
            Err(problems) => panic!("{}: the pasted spec does not load:\n{problems}", entry.page.display()),
        };
        let left = check_page(&spec, &page_text);
        assert!(left.is_empty(), "{}: still reported after pasting:\n{left:#?}", entry.page.display());
        checked += 1;
    }
    assert!(checked >= 8, "only {checked} pages with suggestions");
}

/// A page exported with `- ` bullets yields the parameters, errors and keys its `•` copy
/// does, and a section that yields nothing is a warning, not silence.
#[test]
fn both_bullet_styles_read_alike_and_unread_sections_are_reported() {
    for (bullet, dash) in [
        ("011_v8_revoke_bullet.txt", "010_v8_revoke_dash.txt"),
        ("012_v8_get_bullet.txt", "013_v8_get_dash.txt"),
        ("020_v7_share_bullet.txt", "021_v7_share_dash.txt"),
    ] {
        let (bullet, dash) = (read_page(&page(bullet)), read_page(&page(dash)));
        let codes = |page: &zoho_crm_codegen::doc_check::Page| {
            page.errors.iter().map(|error| error.value.code.clone()).collect::<Vec<_>>()
        };
        let names = |params: &[zoho_crm_codegen::doc_check::Located<zoho_crm_codegen::doc_check::PageParam>]| {
            params.iter().map(|param| param.value.name.clone()).collect::<Vec<_>>()
        };
        // The dash copy of the revoke page is a fuller export: it has one row more.
        assert!(codes(&dash).starts_with(&codes(&bullet)), "{:?} {:?}", codes(&bullet), codes(&dash));
        assert_eq!(names(&bullet.params), names(&dash.params));
        assert_eq!(names(&bullet.input_keys), names(&dash.input_keys));
        assert_eq!(bullet.endpoints.len(), dash.endpoints.len());
        assert!(bullet.warnings.is_empty() && dash.warnings.is_empty());
    }
    let findings = check_page(&spec(), "Possible Errors\n\n  ~ NO_PERMISSION (403)\n");
    assert_reported(&findings, FactKind::Unread, 1);
}

#[test]
fn the_command_suggests_yaml_and_writes_json() {
    let baseline = root().join("tests/doc-pages/baseline/share_records.yaml").display().to_string();
    let page = page_path("010_v8_revoke_dash.txt").display().to_string();
    let suggest = cli(&["doc-check", "--suggest", &baseline, &page]);
    assert_eq!(suggest.status.code(), Some(1));
    let out = String::from_utf8_lossy(&suggest.stdout);
    assert!(out.contains("# under operations[name=revoke_shared_record].errors:"), "{out}");
    assert!(out.contains("source: https://www.zoho.com/crm/developer/docs/api/v8/revoke-shared-record.html"), "{out}");
    let json = cli(&["doc-check", "--json", &baseline, &page]);
    assert_eq!(json.status.code(), Some(1));
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let first = &value[0];
    assert_eq!(first["kind"], "sample request");
    assert!(first["suggestions"][0]["yaml"].as_str().unwrap().contains("method: DELETE"));
    let clean = cli(&["doc-check", "--json", &spec_path().display().to_string(), &page]);
    assert_eq!(clean.status.code(), Some(0));
    assert_eq!(serde_json::from_slice::<serde_json::Value>(&clean.stdout).unwrap(), serde_json::json!([]));
}
