//! The snapshots of generated code in `tests/snapshots/`, and the client the share crate
//! ships, compiled as a library under `#![deny(warnings)]`: a snapshot that does not
//! build, or builds with a warning, fails `cargo test --workspace`.
#![deny(warnings)]

/// Generated from `spec/share_records.yaml`, its async client behind the `client` feature
/// (on by default here, as in the share crate).
#[rustfmt::skip] // prettyplease formats generated code; rustfmt must leave it alone.
#[path = "../../../generated/src/share_records.rs"]
pub mod share_records;

/// Generated from `spec/tags.yaml`.
#[rustfmt::skip]
#[path = "../../snapshots/tags.rs"]
pub mod tags;

/// Generated from `tests/specs/minimal.yaml`.
#[rustfmt::skip]
#[path = "../../snapshots/minimal.rs"]
pub mod minimal;

/// Generated from `tests/specs/naming_edge.yaml`.
#[rustfmt::skip]
#[path = "../../snapshots/naming_edge.rs"]
pub mod naming_edge;

/// Generated from `tests/specs/notes.yaml`: paged list operations, list query
/// parameters and scopes held together.
#[rustfmt::skip]
#[path = "../../snapshots/notes.rs"]
pub mod notes;

#[cfg(test)]
mod tests {
    use super::naming_edge as edge;

    #[test]
    fn edge_case_names_come_out_as_documented() {
        assert_eq!(edge::ApiVersion::_2023_10.as_str(), "2023.10");
        assert_eq!(edge::ApiVersion::DEFAULT, edge::ApiVersion::_2024_01);
        assert_eq!(edge::Kind::_1st.as_str(), "1st");
        assert_eq!(edge::Kind::ReadOnlyUpper.as_str(), "READ_ONLY");
        assert_eq!(edge::Kind::V2_1.as_str(), "v2.1");
        assert_eq!(edge::OperationType::Self_.as_str(), "self");
        assert_eq!(edge::DataCentre::_2nd.api_domain_in(edge::Environment::TestEnv), "https://test.api2.example.com");
        let item =
            edge::Item::new(edge::Kind::Type).with_self_("x").with_async(true).with_shared_to(7u64).with_2fa(true);
        assert_eq!(item.r#type, edge::Kind::Type);
        assert_eq!(item.self_.as_deref(), Some("x"));
        assert_eq!(edge::Module::parse("type").unwrap(), edge::Module::Type);
        assert!(edge::Module::parse("match").is_err());
    }
}
