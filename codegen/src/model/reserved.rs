//! Names the generated code takes for itself, so that no name from a spec may take them.
//!
//! The emit stage writes these names; the resolve stage keeps spec names off them. Both
//! read them here, so neither stage depends on the other.

/// Type names the generated code defines or relies on; spec types must not take them.
pub const RESERVED_TYPES: &[&str] = &[
    // Generated for every spec.
    "ApiError",
    "ApiVersion",
    "Client",
    "ClientError",
    "CustomModule",
    "DataCentre",
    "DocumentedError",
    "Endpoint",
    "Environment",
    "ErrorInfo",
    "ErrorKind",
    "Module",
    "ModuleError",
    "Operation",
    "OperationType",
    "Scope",
    // The generic parameters of generated serde impls.
    "D",
    "S",
    // The standard prelude and std names the generated code uses unqualified.
    "Box",
    "Clone",
    "Copy",
    "Default",
    "Eq",
    "Err",
    "From",
    "Into",
    "None",
    "Ok",
    "Option",
    "Ord",
    "PartialEq",
    "PartialOrd",
    "Result",
    "Self",
    "Some",
    "String",
    "ToString",
    "Vec",
];

/// The methods every request builder has besides one setter, `set_` and `get_` per input,
/// and the request's own names (its `builder` and its `body` field); the resolve stage
/// keeps inputs from taking them.
pub const REQUEST_METHODS: &[&str] =
    &["build", "builder", "version", "set_version", "rebuild_from", "body", "new", "send"];

/// The methods of the generated `Client` besides one per operation.
pub const CLIENT_METHODS: &[&str] = &["new", "endpoint", "http", "send"];

/// The error variant that holds undocumented errors.
pub const UNDOCUMENTED: &str = "Undocumented";

/// The field generated models use to keep keys the spec does not list.
pub const UNKNOWN_FIELDS: &str = "unknown_fields";
