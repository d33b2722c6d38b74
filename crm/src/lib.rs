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
