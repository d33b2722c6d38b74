//! The checks generated from the spec's list rules and value constraints.

use std::fmt;

use super::build_error::{BuildError, BuildErrorKind, FieldPath};
use super::multipart::FilePart;

/// Checks how many items a list has against its `min_items` and `max_items`.
pub fn check_item_count(
    path: &FieldPath<'_>,
    count: usize,
    min: Option<usize>,
    max: Option<usize>,
) -> Result<(), BuildError> {
    if let Some(min) = min.filter(|min| count < *min) {
        let items = if min == 1 { "item" } else { "items" };
        return Err(BuildError::new(
            path,
            BuildErrorKind::TooFew,
            format!("needs at least {min} {items}, got {count}"),
        ));
    }
    if let Some(max) = max.filter(|max| count > *max) {
        return Err(BuildError::new(
            path,
            BuildErrorKind::TooMany,
            format!("has {count} items; at most {max} are allowed"),
        ));
    }
    Ok(())
}

/// Checks how many items of a list have `key` equal to `value` (e.g. how many shares go to
/// users) against the limit for that value.
pub fn check_count_limit(
    path: &FieldPath<'_>,
    key: &str,
    value: &str,
    count: usize,
    max: usize,
) -> Result<(), BuildError> {
    if count > max {
        return Err(BuildError::new(
            path,
            BuildErrorKind::TooMany,
            format!("has {count} items whose `{key}` is `{value}`; at most {max} are allowed"),
        ));
    }
    Ok(())
}

/// The error for an item that must be the only one of its list.
pub fn must_stand_alone(path: &FieldPath<'_>, key: &str, value: &str, list: &str) -> BuildError {
    BuildError::new(
        path,
        BuildErrorKind::Conflict,
        format!("has `{key}` `{value}`, so it must be the only item of `{list}`"),
    )
}

/// Checks a file against the most bytes its part allows (the spec's `max_bytes`).
pub fn check_file_size(path: &FieldPath<'_>, file: &FilePart, max_bytes: u64) -> Result<(), BuildError> {
    // A length that does not fit in u64 is over any limit.
    let size = u64::try_from(file.len()).unwrap_or(u64::MAX);
    if size > max_bytes {
        return Err(BuildError::new(
            path,
            BuildErrorKind::TooLarge,
            format!("is the file {:?} of {size} bytes; at most {max_bytes} bytes are allowed", file.file_name()),
        ));
    }
    Ok(())
}

/// Checks each file of a list against the most bytes a file of its part allows.
pub fn check_file_sizes(path: &FieldPath<'_>, files: &[FilePart], max_bytes: u64) -> Result<(), BuildError> {
    files.iter().enumerate().try_for_each(|(index, file)| check_file_size(&path.index(index), file, max_bytes))
}

/// A required input of a request builder (`name` at the top level of the request), or
/// the error that names it as missing.
pub fn required<T>(value: Option<T>, name: &'static str) -> Result<T, BuildError> {
    value.ok_or_else(|| BuildError::missing(&FieldPath::ROOT.field(name)))
}

/// The error for an enum value this client does not know, in a request.
pub fn unknown_value(path: &FieldPath<'_>, value: &str, expected: &[&str]) -> BuildError {
    BuildError::invalid(path, format!("has the unknown value {value:?} (expected one of: {})", expected.join(", ")))
}

/// The error for a value or field that the request's API version does not have.
pub fn not_in_version(
    path: &FieldPath<'_>,
    what: &str,
    since: impl fmt::Display,
    version: impl fmt::Display,
) -> BuildError {
    BuildError::new(
        path,
        BuildErrorKind::NotInVersion,
        format!("{what} needs API version {since} or later, and the request uses {version}"),
    )
}

/// Checks that a text sent in the URL path is not empty.
pub fn check_not_empty(path: &FieldPath<'_>, text: &str) -> Result<(), BuildError> {
    if text.is_empty() { Err(BuildError::invalid(path, "must not be empty")) } else { Ok(()) }
}

/// Checks an API name (of a custom module, say): an ASCII letter, then ASCII letters,
/// digits or underscores, at most `max_length` long.
pub fn check_api_name(name: &str, max_length: usize) -> Result<(), &'static str> {
    let mut chars = name.chars();
    if !chars.next().is_some_and(|c| c.is_ascii_alphabetic()) {
        return Err("it must start with an ASCII letter");
    }
    if !chars.all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return Err("it may only hold ASCII letters, digits and underscores");
    }
    if name.len() > max_length {
        return Err("it is too long");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_limits_name_the_list() {
        let share = FieldPath::ROOT.field("share");
        assert_eq!(
            check_item_count(&share, 0, Some(1), Some(20)).unwrap_err().to_string(),
            "invalid request: `share` needs at least 1 item, got 0"
        );
        assert_eq!(check_item_count(&share, 21, Some(1), Some(20)).unwrap_err().kind(), BuildErrorKind::TooMany);
        assert!(check_item_count(&share, 20, Some(1), Some(20)).is_ok());
        let err = check_count_limit(&share, "shared_with.sharee_type", "users", 11, 10).unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid request: `share` has 11 items whose `shared_with.sharee_type` is `users`; at most 10 are allowed"
        );
    }

    #[test]
    fn files_over_their_limit_are_named_with_their_size() {
        let file = FieldPath::ROOT.field("file");
        assert!(check_file_size(&file, &FilePart::new("a.png", vec![0; 10]), 10).is_ok());
        let err = check_file_size(&file, &FilePart::new("a.png", vec![0; 11]), 10).unwrap_err();
        assert_eq!(err.kind(), BuildErrorKind::TooLarge);
        assert_eq!(
            err.to_string(),
            "invalid request: `file` is the file \"a.png\" of 11 bytes; at most 10 bytes are allowed"
        );
        let files = [FilePart::new("a", vec![0; 3]), FilePart::new("b", vec![0; 4]), FilePart::new("c", vec![0; 9])];
        let err = check_file_sizes(&file, &files, 3).unwrap_err();
        assert_eq!(err.field(), "file[1]", "the first file over the limit");
        assert!(check_file_sizes(&file, &files[..1], 3).is_ok());
        assert!(check_file_sizes(&file, &[], 1).is_ok());
    }

    #[test]
    fn api_names_are_checked() {
        assert!(check_api_name("Vehicles_2", 100).is_ok());
        assert!(check_api_name("2Vehicles", 100).is_err());
        assert!(check_api_name("Veh icles", 100).is_err());
        assert!(check_api_name("", 100).is_err());
        assert!(check_api_name("Abc", 2).is_err());
    }
}
