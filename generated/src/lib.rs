//! A typed client for Zoho CRM's Share Records API, generated from `spec/share_records.yaml`.

extern crate self as zoho_share_records;

pub mod runtime;

mod generated {
    include!(concat!(env!("OUT_DIR"), "/share_records.rs"));
}

pub use generated::*;
