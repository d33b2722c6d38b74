//! Errors found while building a request, before anything is sent.

use std::fmt;

/// Where a value sits in a request, e.g. `share[3].shared_with.id`.
///
/// Paths are built on the stack as validation descends, and only rendered to text when an
/// error is reported, so checking a valid request allocates nothing.
#[derive(Clone, Copy, Debug)]
pub enum FieldPath<'a> {
    /// The request itself.
    Root,
    /// A named field of the value at the parent path.
    Field(&'a FieldPath<'a>, &'static str),
    /// An item of the list at the parent path.
    Index(&'a FieldPath<'a>, usize),
}

impl<'a> FieldPath<'a> {
    /// The path of the request itself.
    pub const ROOT: FieldPath<'static> = FieldPath::Root;

    /// The path of field `name` below this one.
    pub fn field(&'a self, name: &'static str) -> FieldPath<'a> {
        FieldPath::Field(self, name)
    }

    /// The path of item `index` of the list at this path.
    pub fn index(&'a self, index: usize) -> FieldPath<'a> {
        FieldPath::Index(self, index)
    }
}

impl fmt::Display for FieldPath<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FieldPath::Root => Ok(()),
            FieldPath::Field(FieldPath::Root, name) => f.write_str(name),
            FieldPath::Field(parent, name) => write!(f, "{parent}.{name}"),
            FieldPath::Index(parent, index) => write!(f, "{parent}[{index}]"),
        }
    }
}

/// What is wrong with a request input.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum BuildErrorKind {
    /// A required input was not given.
    Missing,
    /// A value is out of range, malformed or unknown.
    Invalid,
    /// A list has fewer items than allowed.
    TooFew,
    /// A list has more items than allowed.
    TooMany,
    /// A file is larger than its part allows.
    TooLarge,
    /// Two inputs cannot be given together.
    Conflict,
    /// An input is not supported by the API version the request is sent with.
    NotInVersion,
}

/// A request input that cannot be sent, named by its path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BuildError {
    field: String,
    kind: BuildErrorKind,
    message: String,
}

impl BuildError {
    /// An error of `kind` about the value at `path`; `message` completes the sentence that
    /// starts with the field's name.
    pub fn new(path: &FieldPath<'_>, kind: BuildErrorKind, message: impl Into<String>) -> Self {
        BuildError { field: path.to_string(), kind, message: message.into() }
    }

    /// A required input that was not given.
    pub fn missing(path: &FieldPath<'_>) -> Self {
        Self::new(path, BuildErrorKind::Missing, "is required")
    }

    /// A value that is out of range, malformed or unknown.
    pub fn invalid(path: &FieldPath<'_>, message: impl Into<String>) -> Self {
        Self::new(path, BuildErrorKind::Invalid, message)
    }

    /// The path of the input at fault, e.g. `share[3].shared_with.id`.
    pub fn field(&self) -> &str {
        &self.field
    }

    /// What is wrong.
    pub fn kind(&self) -> BuildErrorKind {
        self.kind
    }

    /// The problem, in words.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.field.is_empty() {
            write!(f, "invalid request: {}", self.message)
        } else {
            write!(f, "invalid request: `{}` {}", self.field, self.message)
        }
    }
}

impl std::error::Error for BuildError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_render_like_the_json_they_point_into() {
        let share = FieldPath::ROOT.field("share");
        let item = share.index(3);
        let id = item.field("shared_with");
        assert_eq!(id.field("id").to_string(), "share[3].shared_with.id");
        assert_eq!(FieldPath::ROOT.to_string(), "");
    }

    #[test]
    fn display_names_the_field() {
        let err = BuildError::missing(&FieldPath::ROOT.field("record_id"));
        assert_eq!(err.to_string(), "invalid request: `record_id` is required");
        assert_eq!(err.kind(), BuildErrorKind::Missing);
    }
}
