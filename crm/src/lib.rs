//! Several Zoho CRM APIs through one client: Share Records and Tags, generated at build
//! time from `spec/share_records.yaml` and `spec/tags.yaml` into one file.
//!
//! What the APIs share is declared once, at the crate root: [`ApiVersion`],
//! [`Environment`], [`DataCentre`], [`Endpoint`], [`Module`] (the union of both APIs'
//! modules), [`ErrorKind`] and [`ApiError`] (the union of both APIs' error kinds), the
//! IDs both declare ([`RecordId`], [`UserId`]) and one [`Client`]. What each API has of
//! its own is in its module, [`share_records`] and [`tags`]: its operations, scopes,
//! models and documented errors, and the methods its calls start on the shared
//! [`Client`].
//!
//! ```no_run
//! use zoho_crm_family::runtime::client::{HttpClient, StaticToken};
//! use zoho_crm_family::share_records::{Permission, ShareItem, Sharee, ShareeType};
//! use zoho_crm_family::tags::TagRef;
//! use zoho_crm_family::{Client, ClientError, DataCentre, Module, RecordId};
//!
//! /// Shares a lead with a user (read-only) and tags it: two APIs, one client.
//! async fn share_and_tag(client: &Client, lead: RecordId, user: u64) -> Result<(), ClientError> {
//!     let item = ShareItem::new().with_shared_with(Sharee::new(user, ShareeType::Users)).with_permission(Permission::ReadOnly);
//!     client.share_record(Module::Leads, lead).share(item).send().await?;
//!     client.add_tags_to_record(Module::Leads, lead).tags(TagRef::new().with_name("Shared")).send().await?;
//!     Ok(())
//! }
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let client = Client::new(DataCentre::Eu, HttpClient::builder(StaticToken::new("1000.token")).build()?);
//! # let _ = share_and_tag(&client, RecordId::new(1), 2);
//! # Ok(())
//! # }
//! ```
//!
//! Share Records refuses modules Tags takes (Events, Calls, Tasks): its calls refuse them
//! before anything is sent, with a `BuildError` naming the module
//! ([`share_records::REFUSED_MODULES`]).

pub use zoho_crm_runtime as runtime;

/// The code generated from the specs; everything in it is re-exported at the crate root.
mod generated {
    include!(concat!(env!("OUT_DIR"), "/crm.rs"));
}

pub use generated::*;

/// A family of `tests/specs/minimal.yaml` and `tests/specs/gadgets.yaml`, compiled for the
/// unit tests: versions, modules and custom modules that only one of the APIs has.
#[cfg(test)]
pub mod edges {
    include!(concat!(env!("OUT_DIR"), "/edges.rs"));

    fn endpoint(version: ApiVersion) -> Endpoint {
        Endpoint::new(DataCentre::Main).with_version(version)
    }

    #[test]
    fn versions_are_united_in_order_and_refused_by_the_api_without_them() {
        assert_eq!(ApiVersion::ALL, [ApiVersion::V0, ApiVersion::V1, ApiVersion::V2]);
        assert_eq!(minimal::VERSIONS, [ApiVersion::V1]);
        let request = minimal::GetThing::builder().module(Module::Things).id(7u64).build().expect("v1 is Minimal's");
        let token = rt::AccessToken::new("1000.test");
        assert!(request.to_http(&endpoint(ApiVersion::V1), &token).is_ok());
        let error = request.to_http(&endpoint(ApiVersion::V2), &token).expect_err("Minimal has no v2");
        assert_eq!((error.field(), error.kind()), ("version", rt::BuildErrorKind::NotInVersion));
        assert!(error.message().contains("`v2`") && error.message().contains("Minimal"), "{error}");
        let gadget = gadgets::GetGadget::builder().module(Module::Things).id(7u64).build().unwrap();
        assert!(gadget.to_http(&endpoint(ApiVersion::V2), &token).is_ok(), "Gadgets has v2");
    }

    #[test]
    fn modules_one_api_lacks_are_refused_by_it_before_sending() {
        assert_eq!(Module::STANDARD, [Module::Things, Module::Widgets]);
        let widgets = minimal::GetThing::builder().module(Module::Widgets).id(7u64).build();
        let error = widgets.expect_err("Minimal has no Widgets");
        assert_eq!(error.field(), "module");
        assert!(error.message().contains("not a module of the Minimal API"), "{error}");
        let custom = Module::custom("Gizmos").expect("Gadgets takes custom modules");
        let error =
            minimal::GetThing::builder().module(custom.clone()).id(7u64).build().expect_err("Minimal takes none");
        assert!(error.message().contains("custom module `Gizmos`"), "{error}");
        assert!(gadgets::GetGadget::builder().module(custom).id(7u64).build().is_ok());
        assert!(gadgets::GetGadget::builder().module(Module::Widgets).id(7u64).build().is_ok());
    }

    #[test]
    fn one_error_type_has_both_apis_kinds_and_details() {
        let details = Problem::default().with_retry_in(3);
        assert_eq!(details.retry_in, Some(3));
        assert!(ErrorKind::Busy.is_retryable() && !ErrorKind::NotFound.is_retryable());
        assert_eq!(ErrorKind::classify("BUSY", "the gadget is busy"), Some(ErrorKind::Busy));
        assert_eq!(ErrorKind::classify("NOT_FOUND", "no such thing"), Some(ErrorKind::NotFound));
        assert_eq!(gadgets::GetGadget::NAME, "get_gadget");
    }
}
