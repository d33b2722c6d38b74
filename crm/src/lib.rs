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
//! # async fn run() -> Result<(), zoho_crm_family::ClientError> {
//! use zoho_crm_family::{Client, DataCentre, Module, RecordId, runtime::client::HttpClient};
//!
//! let client = Client::new(DataCentre::Eu, HttpClient::with_token("1000.token"));
//! let record = RecordId::new(4_150_868_000_000_624_001).expect("a record ID");
//! client.share_records(Module::Leads, record).send().await?;
//! client.add_tags_to_record(Module::Leads, record).tags(zoho_crm_family::tags::TagRef::new("VIP")).send().await?;
//! # Ok(())
//! # }
//! ```
//!
//! Share Records refuses modules Tags takes (Events, Calls, Tasks): its calls refuse them
//! before anything is sent, with a `BuildError` naming the module.

pub use zoho_crm_runtime as runtime;

/// The code generated from the specs; everything in it is re-exported at the crate root.
mod generated {
    include!(concat!(env!("OUT_DIR"), "/crm.rs"));
}

pub use generated::*;
