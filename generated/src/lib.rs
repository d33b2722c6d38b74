//! A typed client for Zoho CRM's Share Records API: share a record with users, groups or
//! roles, read who it is shared with, change their permissions, and revoke them.
//!
//! Everything specific to the API (operations, models, the error enum, scopes, modules,
//! data centres and versions) is generated from `spec/share_records.yaml` into
//! `src/share_records.rs`, which ships with the crate, so building it needs no generator;
//! [`runtime`] (the `zoho-crm-runtime` crate, re-exported) holds the spec-independent
//! support code. The async `Client` is compiled with the `client` feature (on by
//! default).
//!
//! With the `client` feature (on by default), [`Client`] sends requests over HTTPS: one
//! fluent call per operation, with OAuth tokens, retries and timeouts
//! (the `runtime::client` module); a call fails with a [`ClientError`], which
//! tells a refused input, a missing scope, a token, transport or trust failure, an answer
//! that could not be read, and Zoho's own error ([`ApiError`]) apart. Without it, the core
//! is transport-neutral: a request becomes an `http::Request` (the `http` crate,
//! re-exported as `runtime::http`) and an answer is read from a status, headers and body,
//! so any HTTP library can carry it.
//!
//! # Calling Zoho
//!
//! ```
//! # #[cfg(feature = "client")]
//! use zoho_share_records::runtime::client::{HttpClient, StaticToken};
//! # #[cfg(feature = "client")]
//! use zoho_share_records::{Client, DataCentre, Module, View};
//!
//! /// Prints who a contact is shared with.
//! # #[cfg(feature = "client")]
//! async fn print_shares(access_token: &str, contact: u64) -> Result<(), Box<dyn std::error::Error>> {
//!     let client = Client::new(DataCentre::Eu, HttpClient::builder(StaticToken::new(access_token)).build()?);
//!     let details = client.get_shared_record_details(Module::Contacts, contact).view(View::Summary).send().await?;
//!     for share in &details.share {
//!         println!("{:?}: {}", share.shared_with, share.permission);
//!     }
//!     Ok(())
//! }
//! ```
//!
//! # Building a request
//!
//! ```
//! use zoho_share_records::runtime::AccessToken;
//! use zoho_share_records::{DataCentre, Endpoint, GetSharedRecordDetails, Module, Operation, View};
//!
//! let request = GetSharedRecordDetails::builder()
//!     .module(Module::Contacts)
//!     .record_id(4150868000001191072u64)
//!     .view(View::Summary)
//!     .build()?;
//! let endpoint = Endpoint::new(DataCentre::Eu);
//! let http = request.to_http(&endpoint, &AccessToken::new("1000.xxxx.yyyy"))?;
//! assert_eq!(http.uri(), "https://www.zohoapis.eu/crm/v8/Contacts/4150868000001191072/actions/share?view=summary");
//! assert_eq!(request.required_scopes().scopes()[0], "ZohoCRM.share.contacts.READ");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Inputs are checked before anything is sent, and the error names the field at fault:
//!
//! ```
//! use zoho_share_records::{Module, PrincipalId, ShareItem, ShareRecord, Sharee, ShareeType};
//!
//! let too_many = (1..=11u64).map(|id| ShareItem::private(Sharee::new(id, ShareeType::Users)));
//! let err = ShareRecord::builder()
//!     .module(Module::Leads)
//!     .record_id(3477061000005177002u64)
//!     .set_share(Some(too_many.collect()))
//!     .build()
//!     .unwrap_err();
//! assert_eq!(err.field(), "share");
//! assert_eq!(err.to_string(), "invalid request: `share` has 11 items whose `shared_with.sharee_type` is `users`; at most 10 are allowed");
//! ```
//!
//! # Reading an answer
//!
//! ```
//! use zoho_share_records::runtime::http::{HeaderMap, StatusCode};
//! use zoho_share_records::runtime::ResponseError;
//! use zoho_share_records::{ApiError, Module, Operation, RevokeSharedRecord};
//!
//! let request = RevokeSharedRecord::builder().module(Module::Contacts).record_id(4150868000001148212u64).build()?;
//! let body = br#"{"code":"BAD_REQUEST","details":{},"message":"No sharing through this record is available to revoke.","status":"error"}"#;
//! match request.parse_response(StatusCode::BAD_REQUEST, &HeaderMap::new(), body) {
//!     Err(ResponseError::Api(ApiError::NothingToRevoke(info))) => assert_eq!(info.code, "BAD_REQUEST"),
//!     other => panic!("unexpected: {other:?}"),
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub use zoho_crm_runtime as runtime;

/// The code generated from the spec; everything in it is re-exported at the crate root.
/// Regenerate it after a spec change with
/// `cargo run -p zoho-crm-codegen -- generate spec/share_records.yaml --client-feature client --out generated/src/share_records.rs`;
/// the snapshot test fails while it is stale.
#[rustfmt::skip] // prettyplease formats generated code; rustfmt must leave it alone.
mod share_records;

pub use share_records::*;

/// Constructors for the two kinds of share, which the spec describes as one model.
impl ShareItem {
    /// A private share with a user, group or role (full access unless a permission is set).
    pub fn private(sharee: Sharee) -> ShareItem {
        ShareItem::new().with_shared_with(sharee)
    }

    /// A public share: everyone in the organization gets `permission` (v3 and later). It
    /// must be the only item of its request.
    pub fn public(permission: Permission) -> ShareItem {
        ShareItem::new().with_share_type(ShareType::Public).with_permission(permission)
    }
}
