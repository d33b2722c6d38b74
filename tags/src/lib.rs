//! A typed client for Zoho CRM's Tags API: list, create, update, merge and delete tags,
//! count the records a tag is on, and add tags to records or remove them.
//!
//! The whole client is generated at build time from `spec/tags.yaml` by the project's
//! generator, and stands on the `zoho-crm-runtime` crate alone: it shows what a crate with
//! a spec of its own looks like. Tags operations take the module as a query parameter
//! (`GET /settings/tags?module=Leads`), as a path segment (`/Leads/{id}/actions/add_tags`)
//! or not at all (`DELETE /settings/tags/{id}`), and use fixed settings scopes or
//! module scopes.

pub use zoho_crm_runtime as runtime;

/// The code generated from the spec; everything in it is re-exported at the crate root.
mod generated {
    include!(concat!(env!("OUT_DIR"), "/tags.rs"));
}

pub use generated::*;
