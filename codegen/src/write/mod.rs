//! The write stage: files on disk, only when changed; [`Builder`] drives the whole
//! pipeline from a `build.rs`.

mod build_script;

pub use build_script::Builder;

use std::fs;
use std::io;
use std::path::Path;

use similar::{ChangeTag, TextDiff};

use crate::Diagnostics;

/// Writes `contents` to `path` unless it already holds exactly that, so that an unchanged
/// spec does not make Cargo rebuild. Returns whether it wrote.
pub fn write_if_changed(path: &Path, contents: &str) -> io::Result<bool> {
    if fs::read(path).is_ok_and(|current| current == contents.as_bytes()) {
        return Ok(false);
    }
    if let Some(parent) = path.parent().filter(|parent| !parent.as_os_str().is_empty()) {
        fs::create_dir_all(parent)?;
    }
    fs::write(path, contents)?;
    Ok(true)
}

/// The most lines of unified diff a description shows; the counts are always complete.
const MAX_DIFF_LINES: usize = 400;

/// Describes how `current` (the text of the file at `path`, if it exists) differs from
/// `expected`, what the spec gives: the true counts of lines removed and added, then a
/// unified diff from the file to what the spec gives. `None` when they are the same.
pub fn describe_difference(path: &str, current: Option<&str>, expected: &str) -> Option<String> {
    let Some(current) = current else {
        return Some(format!("{path} does not exist"));
    };
    if current == expected {
        return None;
    }
    let diff = TextDiff::from_lines(current, expected);
    let (mut removed, mut added) = (0usize, 0usize);
    for change in diff.iter_all_changes() {
        match change.tag() {
            ChangeTag::Delete => removed += 1,
            ChangeTag::Insert => added += 1,
            ChangeTag::Equal => {}
        }
    }
    let unified = diff
        .unified_diff()
        .context_radius(3)
        .header(&format!("{path} (on disk)"), &format!("{path} (from the spec)"))
        .to_string();
    let mut lines = unified.lines();
    let shown: Vec<&str> = lines.by_ref().take(MAX_DIFF_LINES).collect();
    let hidden = lines.count();
    let mut text = format!(
        "{path} differs from what the spec gives: {removed} line{} removed, {added} added\n{}\n",
        plural(removed),
        shown.join("\n")
    );
    if hidden > 0 {
        text.push_str(&format!("… and {hidden} more line{} of diff\n", plural(hidden)));
    }
    Some(text)
}

/// Each diagnostic as one line, for `cargo:warning` (which shows one line per directive):
/// the spec's path as the build script names it, the line and column, the message and
/// where in the document it is.
pub fn cargo_warning_lines(diagnostics: &Diagnostics, spec: &Path) -> Vec<String> {
    diagnostics
        .items
        .iter()
        .map(|item| {
            let place = item.position.map_or_else(String::new, |(line, column)| format!(":{line}:{column}"));
            let path = if item.path.segments().is_empty() { String::new() } else { format!(" ({})", item.path) };
            let message = item.message.replace('\n', " ");
            format!("{}{place}: {message}{path}", spec.display())
        })
        .collect()
}

fn plural(count: usize) -> &'static str {
    if count == 1 { "" } else { "s" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn differences_are_unified_diffs_with_true_counts() {
        assert_eq!(describe_difference("out.rs", Some("a\nb\n"), "a\nb\n"), None);
        let text = describe_difference("out.rs", Some("a\nb\nc\n"), "a\nB\nc\nd\n").unwrap();
        assert!(text.starts_with("out.rs differs from what the spec gives: 1 line removed, 2 added\n"), "{text}");
        assert!(text.contains("--- out.rs (on disk)\n+++ out.rs (from the spec)\n@@ -1,3 +1,4 @@\n"), "{text}");
        assert!(text.contains("\n-b\n+B\n c\n+d\n"), "{text}");
        assert_eq!(describe_difference("out.rs", None, "x").unwrap(), "out.rs does not exist");
    }

    #[test]
    fn an_insertion_counts_only_the_inserted_lines() {
        let before: String = (0..1000).map(|n| format!("line {n}\n")).collect();
        let after = before.replacen("line 10\n", "line 10\nnew 1\nnew 2\n", 1);
        let text = describe_difference("out.rs", Some(&before), &after).unwrap();
        assert!(text.starts_with("out.rs differs from what the spec gives: 0 lines removed, 2 added\n"), "{text}");
    }

    #[test]
    fn long_diffs_are_cut_but_counted() {
        let before: String = (0..1000).map(|n| format!("line {n}\n")).collect();
        let after: String = (0..1000).map(|n| format!("other {n}\n")).collect();
        let text = describe_difference("out.rs", Some(&before), &after).unwrap();
        assert!(text.starts_with("out.rs differs from what the spec gives: 1000 lines removed, 1000 added\n"));
        assert!(text.ends_with(&format!("… and {} more lines of diff\n", 2000 + 3 - MAX_DIFF_LINES)), "{text}");
    }

    #[test]
    fn each_warning_is_one_line_naming_the_spec_path() {
        let mut warnings = Diagnostics::new("my_api.yaml");
        warnings.warning(&crate::DocPath::root().key("name"), "first\nsecond");
        warnings.items[0].position = Some((3, 7));
        let lines = cargo_warning_lines(&warnings, Path::new("spec/my_api.yaml"));
        assert_eq!(lines, ["spec/my_api.yaml:3:7: first second (name)"]);
    }

    #[test]
    fn unchanged_files_are_not_rewritten() {
        let dir = std::env::temp_dir().join(format!("zoho-crm-codegen-write-{}", std::process::id()));
        let path = dir.join("nested").join("out.rs");
        assert!(write_if_changed(&path, "fn a() {}\n").unwrap());
        assert!(!write_if_changed(&path, "fn a() {}\n").unwrap());
        assert!(write_if_changed(&path, "fn b() {}\n").unwrap());
        fs::remove_dir_all(&dir).unwrap();
    }
}
