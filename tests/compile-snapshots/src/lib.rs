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

/// Generated from `tests/specs/files.yaml`: multipart uploads, an operation whose whole
/// URL is a parameter, an operation under its own base URL and one on the `content` host.
#[rustfmt::skip]
#[path = "../../snapshots/files.rs"]
pub mod files;

/// Generated from `tests/specs/notes.yaml`: paged list operations, list query
/// parameters and scopes held together.
#[rustfmt::skip]
#[path = "../../snapshots/notes.rs"]
pub mod notes;

/// Generated from `tests/specs/versioned_field.yaml`.
#[rustfmt::skip]
#[path = "../../snapshots/versioned_field.rs"]
pub mod versioned_field;

#[cfg(test)]
mod tests {
    use super::naming_edge as edge;
    use super::versioned_field as notes;
    use zoho_crm_runtime::{BuildErrorKind, Check, Endpoint, FieldPath, Operation, ToWire, serde_json};

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

    /// `Parent_Id` is text before v7 and an object from v7 on: both shapes decode, each
    /// encodes as it came, and a request in the other version's shape is refused.
    #[test]
    fn a_field_typed_by_version_reads_both_shapes() {
        let old: notes::Notes =
            serde_json::from_str(r#"{"data": [{"id": "17", "Parent_Id": "3652397000000190001"}]}"#).unwrap();
        assert_eq!(old.data[0].parent_id, notes::NoteParentId::V2("3652397000000190001".to_owned()));
        let new: notes::Notes = serde_json::from_str(
            r#"{"data": [{"id": "17", "Parent_Id": {"id": "3652397000000190001", "module": {"api_name": "Leads"}}}]}"#,
        )
        .unwrap();
        let notes::NoteParentId::V7(parent) = &new.data[0].parent_id else { panic!("not the v7 shape: {new:?}") };
        assert_eq!(parent.id, "3652397000000190001");
        assert_eq!(parent.module.as_ref().map(|module| module.api_name.as_str()), Some("Leads"));
        assert_eq!(
            new.data[0].parent_id.to_wire(notes::ApiVersion::V8),
            serde_json::json!({"id": "3652397000000190001", "module": {"api_name": "Leads"}})
        );
        assert_eq!(old.data[0].parent_id.to_wire(notes::ApiVersion::V2), serde_json::json!("3652397000000190001"));

        let path = FieldPath::ROOT.field("Parent_Id");
        assert!(old.data[0].parent_id.check(&path, Some(notes::ApiVersion::V2)).is_ok());
        let error = old.data[0].parent_id.check(&path, Some(notes::ApiVersion::V8)).unwrap_err();
        assert_eq!(error.kind(), BuildErrorKind::NotInVersion);
        assert!(error.to_string().contains("before v7"), "{error}");
        let error = new.data[0].parent_id.check(&path, Some(notes::ApiVersion::V2)).unwrap_err();
        assert_eq!(error.kind(), BuildErrorKind::NotInVersion);
    }

    #[test]
    fn a_request_is_checked_against_its_version() {
        let note = notes::Note::new(notes::NoteParentId::from(String::from("5"))).with_note_title("Call back");
        let request = notes::CreateNotes::builder().module(notes::Module::Notes).data(note).build().unwrap();
        let endpoint = Endpoint::new(notes::DataCentre::Us);
        let token = zoho_crm_runtime::AccessToken::new("token");
        let error = request.to_http(&endpoint, &token).unwrap_err();
        assert_eq!(error.kind(), BuildErrorKind::NotInVersion, "{error}");
        assert_eq!(error.field(), "data[0].parent_id");
        let older = notes::CreateNotesBuilder::from(request).version(notes::ApiVersion::V2).build().unwrap();
        let http = older.to_http(&endpoint, &token).unwrap();
        let body: serde_json::Value = serde_json::from_slice(http.body()).unwrap();
        assert_eq!(body, serde_json::json!({"data": [{"Note_Title": "Call back", "Parent_Id": "5"}]}));
    }
}
